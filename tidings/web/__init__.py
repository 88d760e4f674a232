"""The analyst's web app and JSON API (``tidings serve``): see :func:`create_app`."""

from .app import create_app

__all__ = ["create_app"]
