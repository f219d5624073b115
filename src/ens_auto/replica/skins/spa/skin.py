"""Skin « spa »: the site as a client-rendered single-page application.

The server sends one shell document for every client path (``routes.ROUTES``); vanilla
ES modules in ``static/`` render every view from the JSON API, with client-side routing
(``history.pushState``; the back button and reloads work). No ``<form>``: buttons with
click handlers and ``fetch``. Labels tied with ``aria-labelledby``; an input mask on the
NIR; custom ARIA radio groups (card model, activate/oppose as large cards), checkboxes and
switch; a cookie-consent modal dialog about 1 s after the first view; the entry path goes
straight to the code form of the opposition; after login the one-time code is sent by SMS
at once; « Paramètres » has tabs, the closure form in the tab « Clôture du profil »; the
justificatif is fetched as JSON and opened in a new tab (a blob), with a link to save it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ens_auto.replica import procedure as p
from ens_auto.replica.skins.base import Skin, html
from ens_auto.replica.skins.spa.routes import PATHS, PUBLIC_PATHS, ROUTES
from ens_auto.replica.skins.spa.words import DOCUMENTS, MESSAGES, PHONE

if TYPE_CHECKING:
    from ens_auto.replica.state import Faults

HERE = Path(__file__).parent

_TEMPLATES = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)

#: The application's modules, preloaded by the shell (no waterfall of imports).
MODULES = sorted(
    "/static/" + path.relative_to(HERE / "static").as_posix()
    for path in (HERE / "static").rglob("*.js")
)

#: Pages the application shows with the person's account in the header.
LOGGED_IN = (p.TABLEAU_DE_BORD, p.PARAMETRES)


class SpaSkin(Skin):
    name = "spa"
    summary = (
        "application monopage (rendu client, API JSON, routage pushState) ; entrée directe "
        "sur le code provisoire ; pas de <form> ; aria-labelledby ; masque de saisie du NIR ; "
        "groupes radio ARIA, modèle de carte en liste à ouvrir (combobox) ; fenêtre "
        "modale de cookies ; onglets dans « Paramètres » ; "
        "justificatif ouvert dans un nouvel onglet (blob)"
    )
    #: The justificatif is fetched by script (JSON) and opened in a new tab as a blob.
    download_mode = "script"
    messages: ClassVar[dict[str, str]] = MESSAGES
    static_dir: ClassVar[Path | None] = HERE / "static"

    def path_of(self, page: str) -> str:
        if page not in PATHS:
            raise KeyError(f"skin {self.name}: no path for page {page!r}")
        return PATHS[page]

    def is_public(self, path: str) -> bool:
        return path in PUBLIC_PATHS or path in self.public_paths

    def config(self, faults: Faults) -> dict[str, Any]:
        """What the application needs to know, given to it in the shell."""
        return {
            "routes": ROUTES,
            "paths": PATHS,
            "public": sorted(p.PUBLIC),
            "connecte": list(LOGGED_IN),
            "documents": DOCUMENTS,
            "messages": self.messages,
            "telephone": PHONE,
            "lateRenderMs": faults.late_render_ms,
            "downloadMode": faults.download_mode,
        }

    def shell(self, faults: Faults) -> str:
        """The one document of every client path: the application renders the view."""
        return _TEMPLATES.get_template("shell.html").render(
            config=self.config(faults), modules=MODULES
        )

    def document(self, page: str, faults: Faults, data: dict[str, Any] | None = None) -> str:
        """A whole page outside the procedures (maintenance, not found, PDF error, session
        expired), without scripts; any other page is the application's shell."""
        if page not in DOCUMENTS:
            return self.shell(faults)
        return _TEMPLATES.get_template("document.html").render(doc=DOCUMENTS[page])

    def routes(self) -> list[BaseRoute]:
        async def shell(request: Request) -> Response:
            response = html(self.shell(request.app.state.replica.faults))
            response.headers["Cache-Control"] = "no-store"
            return response

        return [Route(path, shell, methods=["GET"]) for path in ROUTES]
