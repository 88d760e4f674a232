"""Bytes to text: gzip, binary detection and an encoding cascade that says what it did.

utf-8 -> BOMs (utf-8-sig, utf-16, utf-32) -> mostly-valid utf-8 with replacements -> a charset the
document declares -> cp1252 -> latin-1. Anything but clean utf-8 adds a warning.
"""

from __future__ import annotations

import codecs
import gzip
import io
import re
import zlib
from dataclasses import dataclass


class DecodeProblem(Exception):
    """The bytes are not text we can read; ``str(exc)`` is the reason for a Skipped record."""


@dataclass(frozen=True)
class Decoded:
    text: str
    warnings: tuple[str, ...] = ()


_MAGIC = {
    b"%PDF-": "PDF document",
    b"PK\x03\x04": "ZIP archive or Office document",
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"\x7fELF": "executable",
    b"BZh": "bzip2 archive",
    b"\xfd7zXZ": "xz archive",
    b"7z\xbc\xaf": "7-Zip archive",
    b"SQLite format 3": "SQLite database",
}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL_BYTES = frozenset(list(range(0x00, 0x09)) + list(range(0x0E, 0x20)) + [0x7F])
_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


def gunzip(data: bytes, limit: int) -> bytes:
    """Decompress gzip data, refusing output over ``limit`` bytes (a gzip bomb guard)."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            out = fh.read(limit + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise DecodeProblem(f"corrupt gzip file ({exc})") from exc
    if len(out) > limit:
        raise DecodeProblem(f"file too large when decompressed (over {human_size(limit)}; "
                            f"limit max_file_bytes={limit:,})")
    return out


def decode(data: bytes) -> Decoded:
    """Decode file bytes to ``str`` or raise :class:`DecodeProblem` (empty, binary, junk)."""
    if not data.strip():
        raise DecodeProblem("empty file")
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise DecodeProblem(f"binary file ({what})")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                raise DecodeProblem(f"undecodable {enc} text ({exc.reason})") from exc
            warn = () if enc == "utf-8-sig" else (f"decoded as {enc} (byte-order mark)",)
            return Decoded(text, warn)
    utf16 = _sniff_utf16(data)
    if utf16:
        try:
            return Decoded(data.decode(utf16), (f"decoded as {utf16} (no byte-order mark)",))
        except UnicodeDecodeError:
            pass
    sample = data[:65536]
    if b"\x00" in sample:
        raise DecodeProblem("binary file (NUL bytes)")
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    if sum(b in _CONTROL_BYTES for b in sample) > max(2, len(sample) // 100):
        raise DecodeProblem("binary file (undecodable bytes, not text)")
    lossy = data.decode("utf-8", errors="replace")
    bad = lossy.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    multibyte = sum(1 for ch in lossy if ord(ch) > 0x7F and ch != "\ufffd")
    if multibyte >= 2 * bad:  # mostly good utf-8 with a few stray bytes
        return Decoded(lossy, (f"invalid UTF-8: {bad} undecodable byte sequence(s) replaced with U+FFFD",))
    declared = _declared_charset(data)
    if declared:
        try:
            return Decoded(data.decode(declared), (f"not UTF-8; decoded as {declared} (declared charset)",))
        except UnicodeDecodeError:
            pass
    try:
        return Decoded(data.decode("cp1252"), ("not UTF-8; decoded as cp1252",))
    except UnicodeDecodeError:
        return Decoded(data.decode("latin-1"), ("not UTF-8; decoded as latin-1",))


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII-heavy text has NULs in every other byte."""
    sample = data[:4096]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _declared_charset(data: bytes) -> str | None:
    match = _DECLARED.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    try:
        enc = codecs.lookup(name).name
    except LookupError:
        return None
    return None if enc in ("utf-8", "ascii") else enc


def human_size(n: int) -> str:
    """Bytes as a short human string: 512 bytes, 12.3 kB, 5.2 MB."""
    if n < 1000:
        return f"{n} bytes"
    if n < 1_000_000:
        return f"{n / 1000:.1f} kB"
    return f"{n / 1_000_000:.1f} MB"
