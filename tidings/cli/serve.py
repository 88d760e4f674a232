"""``tidings serve``: the analyst's web app and JSON API over the configured store."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from ..errors import ConfigError, TidingsError
from .common import app, err, fail, get_settings


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on (127.0.0.1 = this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    token_env: Annotated[str, typer.Option("--token-env", help="Environment variable holding the bearer token "
                                           "that writes (ingest) need; unset = writes disabled.")] = "TIDINGS_API_TOKEN",
    private: Annotated[bool, typer.Option("--private", help="Reads need the token too (env TIDINGS_PRIVATE_READS=1).")] = False,
    max_upload_bytes: Annotated[int | None, typer.Option(help="Largest upload or JSON body accepted.")] = None,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Serve the web app (articles, events, actors, timeline, network, ingest) and /api/v1."""
    try:
        import uvicorn

        from ..web import create_app
    except ImportError as exc:  # pragma: no cover - installed with tidings
        fail(ConfigError(f"the web app needs fastapi and uvicorn ({exc})"))
        return
    try:
        if not 0 < port < 65536:
            raise ConfigError(f"--port: {port} is not a TCP port")
        settings = get_settings()
        web = create_app(settings, token_env=token_env, private_reads=private or None,
                         max_upload_bytes=max_upload_bytes)
    except TidingsError as exc:
        fail(exc)
        return
    writes = "enabled (bearer token set)" if os.environ.get(token_env) else f"disabled (set {token_env})"
    err.print(f"Tidings on http://{host}:{port}/ · API http://{host}:{port}/api/v1/docs · writes {writes}",
              highlight=False)
    uvicorn.run(web, host=host, port=port, log_level=log_level, server_header=False)
