"""The replica's Starlette application: one server, every skin, the test-only door.

Requests go through :class:`ReplicaMiddleware` (the door is never slowed down; latency,
maintenance, sessions and their expiry apply to everything else), then to the shared
routes (JSON API, justificatif, the replica's own scripts) or to the routes of the skin
the replica shows now (``state.skin``, chosen at start and at each reset).
"""

from __future__ import annotations

import asyncio
from http.cookies import SimpleCookie
from pathlib import Path

from pydantic import ValidationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route, Router
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ens_auto.replica import api
from ens_auto.replica import procedure as p
from ens_auto.replica.identities import Identities, load_identities
from ens_auto.replica.skins import DEFAULT_SKIN, all_skins, get_skin
from ens_auto.replica.skins.base import Skin, html, redirect
from ens_auto.replica.state import SESSION_COOKIE, Faults, ReplicaState

DOOR = "/__replica__/"
SHARED_STATIC = Path(__file__).parent / "shared_static"


# -- test-only door -------------------------------------------------------------------------


def _state(request: Request) -> ReplicaState:
    return request.app.state.replica


async def door_reset(request: Request) -> Response:
    skin = None
    if await request.body():
        try:
            body = await request.json()
        except ValueError:
            return JSONResponse({"error": "JSON body expected"}, status_code=400)
        skin = body.get("skin") if isinstance(body, dict) else None
    if skin is not None and skin not in request.app.state.skins:
        return JSONResponse({"error": f"unknown skin {skin!r}"}, status_code=400)
    _state(request).reset(skin)
    return JSONResponse(_state(request).as_json())


async def door_faults(request: Request) -> Response:
    state = _state(request)
    if request.method == "GET":
        return JSONResponse(state.faults.model_dump())
    try:
        body = await request.json()
    except ValueError:
        return JSONResponse({"error": "JSON body expected"}, status_code=400)
    if not isinstance(body, dict):
        return JSONResponse({"error": "JSON object expected"}, status_code=400)
    try:
        faults = state.set_faults(body)
    except ValidationError as exc:
        return JSONResponse(
            {
                "error": "invalid faults",
                "details": exc.errors(include_url=False, include_input=False),
            },
            status_code=400,
        )
    return JSONResponse(faults.model_dump())


async def door_state(request: Request) -> Response:
    return JSONResponse(_state(request).as_json())


async def door_otp(request: Request) -> Response:
    identifiant = request.query_params.get("identifiant", "").strip().lower()
    code = _state(request).otps.get(identifiant)
    if code is None:
        return JSONResponse({"error": "no code sent to this account"}, status_code=404)
    return JSONResponse({"code": code})


# -- the current skin ---------------------------------------------------------------------------


class SkinDispatcher:
    """Sends each request to the routes of the skin the replica shows now."""

    def __init__(self, skins: dict[str, Skin], state: ReplicaState) -> None:
        self.state = state
        self.routers = {name: Router(routes=skin.all_routes()) for name, skin in skins.items()}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.routers[self.state.skin](scope, receive, send)


def _current_skin(request: Request) -> Skin:
    return request.app.state.skins[request.app.state.replica.skin]


async def _not_found(request: Request, exc: Exception) -> Response:
    path = request.url.path
    if path.startswith(DOOR) or path.startswith("/api/"):
        return JSONResponse({"error": "not found"}, status_code=404)
    return html(_current_skin(request).document(p.INTROUVABLE, _state(request).faults), 404)


# -- middleware: test door bypass, latency, maintenance, sessions ---------------------------


class ReplicaMiddleware:
    def __init__(self, app: ASGIApp, state: ReplicaState, skins: dict[str, Skin]) -> None:
        self.app = app
        self.state = state
        self.skins = skins

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(DOOR):
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        is_static = path.startswith("/static/") or path.startswith("/_replica/")
        is_api = path.startswith("/api/")
        skin = self.skins[self.state.skin]
        faults = self.state.faults
        if faults.latency_ms and not is_static:
            await asyncio.sleep(faults.latency_ms / 1000)
        if faults.maintenance and not is_static:
            if is_api:
                response: Response = JSONResponse(
                    {"erreur": "maintenance"}, status_code=503, headers={"Retry-After": "3600"}
                )
            else:
                response = html(skin.document(p.MAINTENANCE, faults), 503)
                response.headers["Retry-After"] = "3600"
            await response(scope, receive, send)
            return
        if is_static:
            await self.app(scope, receive, send)
            return

        cookie_value = None
        for name, value in scope.get("headers", []):
            if name == b"cookie":
                jar: SimpleCookie = SimpleCookie()
                jar.load(value.decode("latin-1"))
                if SESSION_COOKIE in jar:
                    cookie_value = jar[SESSION_COOKIE].value
        session, expired = self.state.session(cookie_value)
        scope.setdefault("state", {})["session"] = session
        set_cookie = session.id != cookie_value

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and set_cookie:
                headers = list(message.get("headers", []))
                headers.append(
                    (
                        b"set-cookie",
                        f"{SESSION_COOKIE}={session.id}; Path=/; HttpOnly; SameSite=Lax".encode(),
                    )
                )
                message = {**message, "headers": headers}
            await send(message)

        public_view = is_api and path.removeprefix("/api/v1/page/") in p.PUBLIC
        if expired and not skin.is_public(path) and not public_view:
            if is_api:
                gone: Response = JSONResponse({"session_expiree": True}, status_code=401)
            else:
                gone = redirect(skin.path_of(p.SESSION_EXPIREE))
            await gone(scope, receive, send_with_cookie)
            return
        await self.app(scope, receive, send_with_cookie)


def create_app(
    faults: Faults | None = None,
    identities: Identities | None = None,
    skin: str = DEFAULT_SKIN,
) -> Starlette:
    """The replica as an ASGI app. ``faults`` and ``skin`` are its initial ones (and those
    a reset through the door brings back, unless the reset names another skin)."""
    get_skin(skin)  # an unknown skin fails here, with the known names
    skins = {s.name: s for s in all_skins()}
    state = ReplicaState(faults, skin=skin)
    door = [
        Route(DOOR + "reset", door_reset, methods=["POST"]),
        Route(DOOR + "faults", door_faults, methods=["GET", "POST"]),
        Route(DOOR + "state", door_state, methods=["GET"]),
        Route(DOOR + "otp", door_otp, methods=["GET"]),
    ]
    routes = [
        *door,
        *api.routes(),
        Mount("/_replica", StaticFiles(directory=SHARED_STATIC)),
        Mount("/", SkinDispatcher(skins, state)),
    ]
    app = Starlette(routes=routes, exception_handlers={404: _not_found})
    app.state.replica = state
    app.state.skins = skins
    app.state.identities = identities or load_identities()
    app.add_middleware(ReplicaMiddleware, state=state, skins=skins)
    return app
