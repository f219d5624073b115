"""The lab: small pages made to try one capability of the flow engine at a time (an
optional page, a branch, an overlay, an outcome, an activation trap), served over real
HTTP like the replica. It records what the browser did (consent choices, acts) so that a
test can tell what was pressed."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

PAGES = Path(__file__).resolve().parent.parent / "e2e" / "lab"

#: Where the form of out/code.html leads, by the code typed.
OUTCOME_PAGES = {
    "oppose": "/out/deja-oppose.html",
    "active": "/out/deja-active.html",
    "session": "/out/session.html",
    "refus": "/out/refus.html",
    "maintenance": "/lab/maintenance",
}


class LabLog:
    def __init__(self) -> None:
        self.consents: list[str] = []
        self.acts: list[str] = []

    def reset(self) -> None:
        self.consents.clear()
        self.acts.clear()


def create_lab(log: LabLog) -> Starlette:
    async def consent(request: Request) -> Response:
        if request.method == "POST":
            log.consents.append((await request.body()).decode())
        return JSONResponse(log.consents)

    async def act(request: Request) -> Response:
        log.acts.append(request.query_params.get("quoi", ""))
        return HTMLResponse('<!doctype html><meta charset="utf-8"><h1>Demande reçue</h1>')

    async def go(request: Request) -> Response:
        code = request.query_params.get("code", "")
        return RedirectResponse(OUTCOME_PAGES.get(code, "/opt/done.html"), status_code=303)

    async def maintenance(request: Request) -> Response:
        html = (
            '<!doctype html><html lang="fr"><meta charset="utf-8"><title>Maintenance</title>'
            "<main><h1>Site en maintenance</h1><p>Réessayez plus tard.</p></main></html>"
        )
        return HTMLResponse(html, status_code=503)

    return Starlette(
        routes=[
            Route("/lab/consent", consent, methods=["GET", "POST"]),
            Route("/lab/act", act, methods=["GET"]),
            Route("/lab/go", go, methods=["GET"]),
            Route("/lab/maintenance", maintenance, methods=["GET"]),
            Mount("/", StaticFiles(directory=PAGES, html=True)),
        ]
    )


class LabServer:
    def __init__(self) -> None:
        self.log = LabLog()
        self.port = 0
        self._server: object = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LabServer:
        import uvicorn

        from ens_auto.replica.server import _bind

        sock = _bind("127.0.0.1", 0)
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            create_lab(self.log), log_level="warning", access_log=False, lifespan="off"
        )
        server = uvicorn.Server(config)
        self._server = server
        self._thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="ens-lab", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True  # type: ignore[attr-defined]
        if self._thread is not None:
            self._thread.join(timeout=5)
