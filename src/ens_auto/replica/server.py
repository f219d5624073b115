"""Run the replica: in a background thread (tests, demo) or blocking (CLI)."""

from __future__ import annotations

import logging
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from types import TracebackType
from typing import Any

from ens_auto.replica.control import ReplicaControl
from ens_auto.replica.state import Faults

START_TIMEOUT_S = 15.0


def _uvicorn_config(app: Any, host: str, port: int) -> Any:
    import uvicorn

    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        lifespan="off",
        server_header=False,
        timeout_graceful_shutdown=1,
    )


def _bind(host: str, port: int) -> socket.socket:
    """A listening socket (OSError, e.g. port taken, before uvicorn gets involved)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Inherited by accepted connections: without it, keep-alive clients wait ~40 ms
        # per request (Nagle + delayed ACK) on sockets handed to uvicorn.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((host, port))
        sock.listen(128)
        sock.setblocking(False)
    except OSError:
        sock.close()
        raise
    return sock


class ReplicaServer:
    """The replica on ``host:port`` (port 0: a free port) in a daemon thread.

    ``faults`` are the initial faults (see :class:`ens_auto.replica.state.Faults`) and
    ``skin`` the initial skin; a reset through the test door brings them back (a reset may
    name another skin).
    """

    def __init__(
        self, host: str = "127.0.0.1", port: int = 0, *, skin: str | None = None, **faults: Any
    ) -> None:
        from ens_auto.replica.skins import DEFAULT_SKIN

        self.host = host
        self.port = port
        self.skin = skin or DEFAULT_SKIN
        self.faults = Faults(**faults)
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def control(self) -> ReplicaControl:
        return ReplicaControl(self.url)

    def start(self) -> ReplicaServer:
        import uvicorn

        from ens_auto.replica.app import create_app

        if self._thread is not None:
            return self
        sock = _bind(self.host, self.port)
        self._socket = sock
        self.port = sock.getsockname()[1]
        config = _uvicorn_config(create_app(self.faults, skin=self.skin), self.host, self.port)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, name="ens-replica", daemon=True
        )
        self._thread.start()
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._thread is not None and not self._thread.is_alive():
                raise RuntimeError("Le serveur de la réplique s'est arrêté au démarrage.")
            if self._server is not None and self._server.started:
                try:
                    with urllib.request.urlopen(self.url + "/__replica__/state", timeout=2):
                        return
                except (urllib.error.URLError, OSError):
                    pass
            time.sleep(0.02)
        self.stop()
        raise RuntimeError("La réplique n'a pas répondu à temps.")

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._socket is not None:
            self._socket.close()
        self._server = self._thread = self._socket = None

    def __enter__(self) -> ReplicaServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def serve(
    host: str = "127.0.0.1",
    port: int = 8765,
    *,
    on_ready: Callable[[str], None] | None = None,
    skin: str | None = None,
    **faults: Any,
) -> None:
    """Serve the replica in the foreground until Ctrl-C.

    ``on_ready(url)`` is called once the port is bound (port 0: a free port), before serving.
    """
    import uvicorn

    from ens_auto.replica.app import create_app
    from ens_auto.replica.skins import DEFAULT_SKIN

    app = create_app(Faults(**faults), skin=skin or DEFAULT_SKIN)
    sock = _bind(host, port)
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    logging.getLogger("uvicorn.error").setLevel(logging.WARNING)
    try:
        if on_ready is not None:
            on_ready(f"http://{shown}:{bound}")
        uvicorn.Server(_uvicorn_config(app, host, bound)).run(sockets=[sock])
    finally:
        sock.close()
