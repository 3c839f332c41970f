"""Serving the review page: Werkzeug's threaded server (Flask's) on 127.0.0.1 and a port the system picks, never
another interface; the address holds a secret token made for this run."""
from __future__ import annotations

import secrets
import threading
from typing import Any, Optional

from .app import create_app
from .session import Desk

__all__ = ["DeskServer", "HOST"]

#: The only interface the page is ever served on.
HOST = "127.0.0.1"


class DeskServer:
    """The page's server for ``desk``: ``start()`` serves in a thread (tests), ``serve_forever()`` in this one (the
    command, until Ctrl-C); ``url`` is the address to open, with the token."""

    def __init__(self, desk: Desk, *, port: int = 0, token: Optional[str] = None) -> None:
        from werkzeug.serving import WSGIRequestHandler, make_server

        class Quiet(WSGIRequestHandler):
            """No line per request on the terminal (the addresses hold the token)."""

            def log(self, type: str, message: str, *args: Any) -> None:  # Werkzeug's parameter names
                pass

        self.desk = desk
        self.token = token or secrets.token_urlsafe(24)
        # bound first (port 0: the system picks a free one), then the application learns its own address
        self._server: Any = make_server(HOST, port, app=None, threaded=True,  # type: ignore[arg-type]
                                        request_handler=Quiet)
        self.port = int(self._server.server_port)
        self.app = create_app(desk, self.token, host=f"{HOST}:{self.port}")
        self._server.app = self.app
        self._thread: Optional[threading.Thread] = None

    @property
    def url(self) -> str:
        """The page's address, token included."""
        return f"http://{HOST}:{self.port}/?t={self.token}"

    def start(self) -> DeskServer:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True, name="vnbrief-desk")
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> DeskServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
