"""The replica's Starlette application: pages, justificatif, test-only door, faults."""

from __future__ import annotations

import asyncio
import base64
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ens_auto.replica import pages
from ens_auto.replica import validation as v
from ens_auto.replica.identities import Account, Identities, Person, load_identities
from ens_auto.replica.pdf import corrupt_pdf, justificatif_opposition
from ens_auto.replica.state import SESSION_COOKIE, Faults, ReplicaState, Session
from ens_auto.replica.templates import Form, layout

STATIC_DIR = Path(__file__).parent / "static"
DOOR = "/__replica__/"
PDF_NAME = "justificatif-opposition.pdf"

#: Pages that never need a session: an expired session does not redirect there.
PUBLIC_PATHS = {
    "/",
    "/cgu",
    "/questions-frequentes",
    "/enrolement/cloture/accueil",
    "/enrolement/activation",
    "/session-expiree",
    "/deconnexion",
    "/favicon.ico",
}


# -- helpers --------------------------------------------------------------------------------


def _state(request: Request) -> ReplicaState:
    return request.app.state.replica


def _ids(request: Request) -> Identities:
    return request.app.state.identities


def _session(request: Request) -> Session:
    return request.scope["state"]["session"]


def render(
    request: Request, page: tuple[str, str], *, status: int = 200, user: str | None = None
) -> HTMLResponse:
    title, content = page
    faults = _state(request).faults
    html = layout(title, content, user=user, late_render_ms=faults.late_render_ms)
    return HTMLResponse(html, status_code=status, media_type="text/html; charset=utf-8")


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


async def form_values(request: Request) -> dict[str, str]:
    data = await request.form()
    return {k: str(val) for k, val in data.items() if isinstance(val, str)}


def _person(request: Request) -> Person | None:
    pid = _session(request).data.get("person")
    return _ids(request).person(pid) if pid else None


def _already_opposed(request: Request, person: Person) -> bool:
    return person.statut == "oppose" or _state(request).opposition_of(person.id) is not None


def _already_active(request: Request, person: Person) -> bool:
    return person.statut == "active" or _state(request).activation_of(person.id) is not None


def _may_choose(request: Request) -> Person | None:
    """The person whose identity was checked (and, if represented, vouched for)."""
    data = _session(request).data
    person = _person(request)
    if person is None or not data.get("identified"):
        return None
    if person.represented and not data.get("representant_ok"):
        return None
    return person


def _account(request: Request) -> Account | None:
    aid = _session(request).data.get("account")
    return _ids(request).account(aid) if aid else None


# -- public pages ---------------------------------------------------------------------------


async def home(request: Request) -> Response:
    return render(request, pages.home())


async def cgu(request: Request) -> Response:
    return render(request, pages.cgu())


async def faq(request: Request) -> Response:
    return render(request, pages.faq())


async def cloture_accueil(request: Request) -> Response:
    return render(request, pages.cloture_accueil())


async def activation_entry(request: Request) -> Response:
    return redirect("/enrolement/code-provisoire?parcours=activation")


async def session_expired(request: Request) -> Response:
    return render(request, pages.session_expired())


# -- enrolment ------------------------------------------------------------------------------


def _start_enrolment(session: Session, parcours: str) -> None:
    for key in ("person", "identified", "representant_ok", "choix", "reference", "activation"):
        session.data.pop(key, None)
    session.data["parcours"] = parcours


async def code_provisoire(request: Request) -> Response:
    session = _session(request)
    if request.method == "GET":
        parcours = request.query_params.get("parcours")
        if parcours in ("activation", "opposition"):
            session.data["parcours"] = parcours
        return render(
            request, pages.code_provisoire(Form(), session.data.get("parcours", "activation"))
        )
    values = await form_values(request)
    parcours = values.get("parcours") or session.data.get("parcours", "activation")
    if parcours not in ("activation", "opposition"):
        parcours = "activation"
    form = Form(values=values)
    code = values.get("codeProvisoire", "")
    error = v.check_code(code)
    if error:
        form.errors["codeProvisoire"] = error
        return render(request, pages.code_provisoire(form, parcours), status=422)
    person = _ids(request).person_by_code(code)
    if person is None:
        form.message = pages.MSG_UNKNOWN_CODE
        return render(request, pages.code_provisoire(form, parcours), status=422)
    _start_enrolment(session, parcours)
    session.data["person"] = person.id
    return redirect("/enrolement/identite")


def _check_card_fields(values: dict[str, str], form: Form) -> None:
    card = values.get("typeCarte") or None
    error = v.check_card_type(card)
    if error:
        form.errors["typeCarte"] = error
    error = v.check_serie(values.get("numeroSerie", ""), card)
    if error:
        form.errors["numeroSerie"] = error


async def identite(request: Request) -> Response:
    person = _person(request)
    if person is None:
        return redirect("/enrolement/code-provisoire")
    if request.method == "GET":
        return render(request, pages.identite(Form(), person))
    values = await form_values(request)
    form = Form(values=values)
    error = v.check_nir(values.get("nir", ""))
    if error:
        form.errors["nir"] = error
    _check_card_fields(values, form)
    if form.errors:
        return render(request, pages.identite(form, person), status=422)
    matches = (
        v.normalize_nir(values["nir"]) == person.nir
        and values["typeCarte"] == person.carte_vitale_type
        and v.normalize_serie(values["numeroSerie"]) == person.carte_vitale_serie
    )
    if not matches:
        form.message = pages.MSG_MISMATCH
        return render(request, pages.identite(form, person), status=422)
    session = _session(request)
    session.data["identified"] = True
    session.data["representant_ok"] = False
    if person.represented:
        return redirect("/enrolement/representant-legal")
    return redirect("/enrolement/choix")


async def nouveau_code(request: Request) -> Response:
    if request.method == "GET":
        return render(request, pages.nouveau_code(Form()))
    values = await form_values(request)
    form = Form(values=values)
    for name, error in (
        ("nir", v.check_nir(values.get("nir", ""))),
        ("dateNaissance", v.check_date(values.get("dateNaissance", ""))),
        ("canal", None if values.get("canal") in ("sms", "email") else v.MSG_CHANNEL),
    ):
        if error:
            form.errors[name] = error
    _check_card_fields(values, form)
    if form.errors:
        return render(request, pages.nouveau_code(form), status=422)
    return render(request, pages.nouveau_code_envoye(values["canal"]))


async def representant(request: Request) -> Response:
    session = _session(request)
    person = _person(request)
    if person is None or not session.data.get("identified"):
        return redirect("/enrolement/code-provisoire")
    if not person.represented:
        return redirect("/enrolement/choix")
    if request.method == "GET":
        return render(request, pages.representant(Form(), person))
    values = await form_values(request)
    answer = values.get("representant")
    if answer not in ("oui", "non"):
        form = Form(values=values, errors={"representant": pages.MSG_REPRESENTANT})
        return render(request, pages.representant(form, person), status=422)
    if answer == "non":
        _start_enrolment(session, session.data.get("parcours", "activation"))
        return render(request, pages.representant_refus(person), status=403)
    session.data["representant_ok"] = True
    return redirect("/enrolement/choix")


def _settled(request: Request, person: Person) -> Response | None:
    """The page to show instead of a choice, when the person's profile is already settled."""
    if _already_opposed(request, person):
        return render(request, pages.deja_oppose(person))
    if _already_active(request, person):
        return render(request, pages.deja_active(person))
    return None


async def choix(request: Request) -> Response:
    person = _may_choose(request)
    if person is None:
        return redirect("/enrolement/code-provisoire")
    settled = _settled(request, person)
    if settled is not None:
        return settled
    if request.method == "GET":
        return render(request, pages.choix(Form(), person))
    values = await form_values(request)
    choice = values.get("choix")
    if choice not in ("activation", "opposition"):
        form = Form(values=values, errors={"choix": pages.MSG_CHOICE})
        return render(request, pages.choix(form, person), status=422)
    _session(request).data["choix"] = choice
    return redirect(f"/enrolement/{choice}/confirmation")


async def _confirm_choice(request: Request, choice: str) -> Response:
    """The confirmation page of a choice (« opposition » or « activation »): shown on GET,
    recorded on « Confirmer »; each choice has its own page, record and session key."""
    session = _session(request)
    person = _may_choose(request)
    if person is None:
        return redirect("/enrolement/code-provisoire")
    key, done = ("reference", "/enrolement/opposition/enregistree")
    if choice == "activation":
        key, done = ("activation", "/enrolement/activation/enregistree")
    if session.data.get(key):
        return redirect(done)
    settled = _settled(request, person)
    if settled is not None:
        return settled
    if session.data.get("choix") != choice:
        return redirect("/enrolement/choix")
    if request.method == "GET":
        page = (
            pages.opposition_confirmation()
            if choice == "opposition"
            else pages.activation_confirmation()
        )
        return render(request, page)
    values = await form_values(request)
    if values.get("action") != "confirmer":
        return redirect("/enrolement/choix")
    state = _state(request)
    record_choice = state.record_opposition if choice == "opposition" else state.record_activation
    record = record_choice(person.id, via_representant=person.represented)
    session.data[key] = record.reference
    return redirect(done)


async def opposition_confirmation(request: Request) -> Response:
    return await _confirm_choice(request, "opposition")


def _own_opposition(request: Request) -> tuple[Person, Any] | None:
    reference = _session(request).data.get("reference")
    person = _person(request)
    if not reference or person is None:
        return None
    record = _state(request).opposition_of(person.id)
    if record is None or record.reference != reference:
        return None
    return person, record


async def opposition_enregistree(request: Request) -> Response:
    own = _own_opposition(request)
    if own is None:
        return redirect("/enrolement/code-provisoire")
    _, record = own
    return render(
        request, pages.opposition_enregistree(record, _state(request).faults.download_mode)
    )


def _pdf_bytes(request: Request, person: Person, record: Any) -> bytes | None:
    mode = _state(request).faults.pdf
    if mode == "error":
        return None
    if mode == "corrupt":
        return corrupt_pdf()
    return justificatif_opposition(person, record)


async def justificatif_json(request: Request) -> Response:
    own = _own_opposition(request)
    if own is None:
        return JSONResponse({"erreur": "Session invalide."}, status_code=401)
    data = _pdf_bytes(request, *own)
    if data is None:
        return JSONResponse({"erreur": pages.MSG_PDF_FAILED}, status_code=500)
    return JSONResponse({"pdf": base64.b64encode(data).decode("ascii")})


async def justificatif_pdf(request: Request) -> Response:
    own = _own_opposition(request)
    if own is None:
        return redirect("/enrolement/code-provisoire")
    data = _pdf_bytes(request, *own)
    if data is None:
        return render(request, pages.pdf_error(), status=500)
    inline = _state(request).faults.download_mode == "inline"
    disposition = "inline" if inline else "attachment"
    return Response(
        data,
        media_type="application/pdf",
        headers={"Content-Disposition": f'{disposition}; filename="{PDF_NAME}"'},
    )


async def activation_confirmation(request: Request) -> Response:
    return await _confirm_choice(request, "activation")


async def activation_enregistree(request: Request) -> Response:
    person = _person(request)
    reference = _session(request).data.get("activation")
    record = _state(request).activation_of(person.id) if person and reference else None
    if record is None or record.reference != reference:
        return redirect("/enrolement/code-provisoire")
    return render(request, pages.activation_enregistree(record))


# -- closure --------------------------------------------------------------------------------


async def connexion(request: Request) -> Response:
    if request.method == "GET":
        return render(request, pages.connexion(Form()))
    values = await form_values(request)
    form = Form(values=values)
    if not values.get("identifiant", "").strip():
        form.errors["identifiant"] = pages.MSG_IDENTIFIANT
    if not values.get("motDePasse", ""):
        form.errors["motDePasse"] = pages.MSG_PASSWORD_EMPTY
    if form.errors:
        return render(request, pages.connexion(form), status=422)
    account = _ids(request).account_by_identifiant(values["identifiant"])
    if account is None or account.mot_de_passe != values["motDePasse"]:
        form.message = pages.MSG_CREDENTIALS
        return render(request, pages.connexion(form), status=401)
    session = _session(request)
    session.data.pop("account", None)
    session.data["pending_account"] = account.id
    return redirect("/connexion/code")


def _pending(request: Request) -> Account | None:
    aid = _session(request).data.get("pending_account")
    return _ids(request).account(aid) if aid else None


async def connexion_code(request: Request) -> Response:
    account = _pending(request)
    if account is None:
        return redirect("/connexion")
    if request.method == "GET":
        return render(request, pages.connexion_canal(Form(), account))
    values = await form_values(request)
    canal = values.get("canal")
    if canal not in ("sms", "email"):
        form = Form(values=values, errors={"canal": v.MSG_CHANNEL})
        return render(request, pages.connexion_canal(form, account), status=422)
    _state(request).new_otp(account.identifiant)
    _session(request).data["otp_canal"] = canal
    return redirect("/connexion/code/verification")


async def connexion_otp(request: Request) -> Response:
    account = _pending(request)
    session = _session(request)
    canal = session.data.get("otp_canal")
    if account is None:
        return redirect("/connexion")
    if canal is None:
        return redirect("/connexion/code")
    if request.method == "GET":
        return render(request, pages.connexion_otp(Form(), account, canal))
    values = await form_values(request)
    form = Form(values=values)
    code = values.get("codeUnique", "").strip()
    error = v.check_otp(code)
    if error:
        form.errors["codeUnique"] = error
        return render(request, pages.connexion_otp(form, account, canal), status=422)
    if not _state(request).use_otp(account.identifiant, code):
        form.message = pages.MSG_OTP_WRONG
        return render(request, pages.connexion_otp(form, account, canal), status=401)
    for key in ("pending_account", "otp_canal"):
        session.data.pop(key, None)
    session.data["account"] = account.id
    return redirect("/tableau-de-bord")


async def tableau_de_bord(request: Request) -> Response:
    account = _account(request)
    if account is None:
        return redirect("/connexion")
    if _state(request).closure_of(account.id):
        return redirect("/profil-cloture")
    return render(request, pages.tableau_de_bord(account), user=account.nom_complet)


async def parametres(request: Request) -> Response:
    account = _account(request)
    if account is None:
        return redirect("/connexion")
    if _state(request).closure_of(account.id):
        return redirect("/profil-cloture")
    return render(request, pages.parametres(Form(), account), user=account.nom_complet)


async def parametres_cloture(request: Request) -> Response:
    account = _account(request)
    if account is None:
        return redirect("/connexion")
    if _state(request).closure_of(account.id):
        return redirect("/profil-cloture")
    values = await form_values(request)
    form = Form(values=values)
    for name in ("consentementFermeture", "consentementConfirmation"):
        if not values.get(name):
            form.errors[name] = pages.MSG_CONSENT
    password = values.get("motDePasse", "")
    if not password:
        form.errors["motDePasse"] = pages.MSG_PASSWORD_EMPTY
    elif not form.errors and password != account.mot_de_passe:
        form.errors["motDePasse"] = pages.MSG_PASSWORD_WRONG
    if form.errors:
        return render(
            request, pages.parametres(form, account), status=422, user=account.nom_complet
        )
    _state(request).record_closure(account.id, bool(values.get("suppressionDonnees")))
    return redirect("/profil-cloture")


async def profil_cloture(request: Request) -> Response:
    account = _account(request)
    closure = _state(request).closure_of(account.id) if account else None
    if account is None or closure is None:
        return redirect("/connexion")
    return render(request, pages.profil_cloture(account, closure))


async def deconnexion(request: Request) -> Response:
    _session(request).data.clear()
    return redirect("/")


# -- test-only door -------------------------------------------------------------------------


async def door_reset(request: Request) -> Response:
    _state(request).reset()
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


# -- middleware: test door bypass, latency, maintenance, sessions ---------------------------


class ReplicaMiddleware:
    def __init__(self, app: ASGIApp, state: ReplicaState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(DOOR):
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        is_static = path.startswith("/static/")
        faults = self.state.faults
        if faults.latency_ms and not is_static:
            await asyncio.sleep(faults.latency_ms / 1000)
        if faults.maintenance and not is_static:
            html = layout(*pages.maintenance())
            response = HTMLResponse(
                html,
                status_code=503,
                media_type="text/html; charset=utf-8",
                headers={"Retry-After": "3600"},
            )
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

        if expired and path not in PUBLIC_PATHS:
            await redirect("/session-expiree")(scope, receive, send_with_cookie)
            return
        await self.app(scope, receive, send_with_cookie)


async def _not_found(request: Request, exc: Exception) -> Response:
    if request.url.path.startswith(DOOR):
        return JSONResponse({"error": "not found"}, status_code=404)
    title, content = pages.not_found()
    return HTMLResponse(
        layout(title, content), status_code=404, media_type="text/html; charset=utf-8"
    )


def create_app(faults: Faults | None = None, identities: Identities | None = None) -> Starlette:
    """The replica as an ASGI app; ``faults`` are its initial (and after-reset) faults."""
    state = ReplicaState(faults)
    get, post, both = ["GET"], ["POST"], ["GET", "POST"]
    routes = [
        Route("/", home, methods=get),
        Route("/cgu", cgu, methods=get),
        Route("/questions-frequentes", faq, methods=get),
        Route("/session-expiree", session_expired, methods=get),
        Route("/enrolement/cloture/accueil", cloture_accueil, methods=get),
        Route("/enrolement/activation", activation_entry, methods=get),
        Route("/enrolement/code-provisoire", code_provisoire, methods=both),
        Route("/enrolement/nouveau-code", nouveau_code, methods=both),
        Route("/enrolement/identite", identite, methods=both),
        Route("/enrolement/representant-legal", representant, methods=both),
        Route("/enrolement/choix", choix, methods=both),
        Route("/enrolement/opposition/confirmation", opposition_confirmation, methods=both),
        Route("/enrolement/opposition/enregistree", opposition_enregistree, methods=get),
        Route("/enrolement/opposition/justificatif", justificatif_pdf, methods=get),
        Route("/api/enrolement/opposition/justificatif", justificatif_json, methods=both),
        Route("/enrolement/activation/confirmation", activation_confirmation, methods=both),
        Route("/enrolement/activation/enregistree", activation_enregistree, methods=get),
        Route("/connexion", connexion, methods=both),
        Route("/connexion/code", connexion_code, methods=both),
        Route("/connexion/code/verification", connexion_otp, methods=both),
        Route("/tableau-de-bord", tableau_de_bord, methods=get),
        Route("/parametres", parametres, methods=get),
        Route("/parametres/cloture", parametres_cloture, methods=post),
        Route("/profil-cloture", profil_cloture, methods=get),
        Route("/deconnexion", deconnexion, methods=get),
        Route(DOOR + "reset", door_reset, methods=post),
        Route(DOOR + "faults", door_faults, methods=both),
        Route(DOOR + "state", door_state, methods=get),
        Route(DOOR + "otp", door_otp, methods=get),
        Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={404: _not_found})
    app.state.replica = state
    app.state.identities = identities or load_identities()
    app.add_middleware(ReplicaMiddleware, state=state)
    return app
