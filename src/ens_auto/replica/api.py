"""The replica's JSON API and its justificatif, the same for every skin.

Client-rendered skins call ``/api/v1/...`` (the procedure's functions, as JSON); every
skin may offer the justificatif as JSON (``{"pdf": base64}``, which the real back end is
known to return) or as a PDF file (attachment, or inline in a new tab).

``POST /api/v1/<action>`` takes the form's values as a JSON object (canonical names, see
``procedure.FIELDS``) and answers ``{"ok", "page", "errors", "message_key", "message",
"data"}``: the logical page to show next (or the same page, with its errors) and the facts
that page may show. ``GET /api/v1/page/<page>`` answers which page the visitor may see
instead of ``<page>`` (the procedure decides) and its facts.
"""

from __future__ import annotations

import base64
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from ens_auto.replica import procedure as p
from ens_auto.replica.procedure import MESSAGES, Procedure, Result
from ens_auto.replica.skins.base import html, procedure_of, redirect

PDF_NAME = "justificatif-opposition.pdf"

Action = Callable[[Procedure, dict[str, str]], Result]


def _start(proc: Procedure, values: dict[str, str]) -> Result:
    proc.start(values.get("parcours"))
    return Result(p.CODE)


ACTIONS: dict[str, Action] = {
    "parcours": _start,
    "entree": lambda proc, values: proc.choose_entry(values),
    "code": lambda proc, values: proc.submit_code(values),
    "identite": lambda proc, values: proc.submit_identity(values),
    "identification": lambda proc, values: proc.submit_identification(values),
    "nouveau-code": lambda proc, values: proc.submit_new_code(values),
    "representant": lambda proc, values: proc.submit_representant(values),
    "choix": lambda proc, values: proc.submit_choice(values),
    "confirmation-opposition": lambda proc, values: proc.confirm("opposition", values),
    "confirmation-activation": lambda proc, values: proc.confirm("activation", values),
    "connexion": lambda proc, values: proc.login(values),
    "canal": lambda proc, values: proc.choose_channel(values),
    "code-unique": lambda proc, values: proc.verify_otp(values),
    "cloture": lambda proc, values: proc.close(values, page=p.CLOTURE),
    "parametres": lambda proc, values: proc.close(values, page=p.PARAMETRES),
    "cloture-preparer": lambda proc, values: proc.prepare_close(values, page=p.CLOTURE),
    "cloture-confirmer": lambda proc, values: proc.confirm_close(values),
    "deconnexion": lambda proc, values: proc.logout(),
}


def _skin(request: Request):  # type: ignore[no-untyped-def]
    return request.app.state.skins[request.app.state.replica.skin]


async def api_action(request: Request) -> Response:
    action = ACTIONS.get(request.path_params["action"])
    if action is None:
        return JSONResponse({"erreur": "action inconnue"}, status_code=404)
    try:
        body = await request.json() if await request.body() else {}
    except ValueError:
        return JSONResponse({"erreur": "JSON attendu"}, status_code=400)
    if not isinstance(body, dict):
        return JSONResponse({"erreur": "objet JSON attendu"}, status_code=400)
    values = {str(k): "" if val is None else str(val) for k, val in body.items()}
    proc = procedure_of(request)
    result = action(proc, values)
    payload = result.as_json()
    if result.message_key:
        payload["message"] = _skin(request).message(result.message_key)
    payload["data"] = proc.view_data(result.page)
    return JSONResponse(payload, status_code=200 if result.ok else result.status)


async def api_page(request: Request) -> Response:
    page = request.path_params["page"]
    if page not in p.PAGES:
        return JSONResponse({"erreur": "page inconnue"}, status_code=404)
    proc = procedure_of(request)
    shown = proc.where(page)
    return JSONResponse({"page": shown, "data": proc.view_data(shown)})


async def justificatif_json(request: Request) -> Response:
    proc = procedure_of(request)
    if proc.own_opposition() is None:
        return JSONResponse({"erreur": "Session invalide."}, status_code=401)
    data = proc.justificatif()
    if data is None:
        return JSONResponse({"erreur": MESSAGES["pdf_echec"]}, status_code=500)
    return JSONResponse({"pdf": base64.b64encode(data).decode("ascii")})


async def justificatif_pdf(request: Request) -> Response:
    proc = procedure_of(request)
    skin = _skin(request)
    faults = request.app.state.replica.faults
    if proc.own_opposition() is None:
        return redirect(skin.path_of(p.CODE))
    data = proc.justificatif()
    if data is None:
        return html(skin.document(p.ERREUR_PDF, faults), 500)
    mode = request.query_params.get("mode") or faults.download_mode or skin.download_mode
    disposition = "inline" if mode == "inline" else "attachment"
    return Response(
        data,
        media_type="application/pdf",
        headers={"Content-Disposition": f'{disposition}; filename="{PDF_NAME}"'},
    )


def routes() -> list[BaseRoute]:
    return [
        Route("/api/v1/page/{page}", api_page, methods=["GET"]),
        Route("/api/v1/{action}", api_action, methods=["POST"]),
        Route(
            "/api/enrolement/opposition/justificatif", justificatif_json, methods=["GET", "POST"]
        ),
        Route("/enrolement/opposition/justificatif", justificatif_pdf, methods=["GET"]),
    ]
