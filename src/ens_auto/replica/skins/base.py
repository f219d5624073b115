"""What a skin is, and the controller shared by the skins whose pages the server renders.

A skin is the replica as one front-end team would have built it: its markup, its words for
what SITE.md does not know, its page sequence. The rules, the state and the fault switches
are the replica's own (``procedure.py``, ``state.py``) and the same for every skin.

A server-rendered skin subclasses :class:`ServerSkin`: it maps logical pages
(``procedure.ACCUEIL``...) to URL paths, names its form inputs as it likes (``fields``), and
renders a :class:`View` to a whole HTML document. The controller does the rest: GET shows a
page (or sends the visitor where the procedure says they must be), POST hands the form to
the procedure and redirects (303) or shows the page again with its errors.

A client-rendered skin subclasses :class:`Skin` directly and gives its own routes (a shell
document and its scripts); its scripts use the JSON API (``replica/api.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from ens_auto.replica import procedure as p
from ens_auto.replica.procedure import MESSAGES, Procedure, Result

if TYPE_CHECKING:
    from ens_auto.replica.state import Faults

#: Paths that every skin serves the same way (the replica's own, not a skin's).
SHARED_PREFIXES = ("/__replica__/", "/api/", "/_replica/", "/enrolement/opposition/justificatif")

DEFERRED_SCRIPT = "/_replica/differe.js"


@dataclass
class FormState:
    """Values and errors of a form being shown (empty on first display)."""

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    message: str | None = None  # a form-level error, already worded by the skin

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    @property
    def has_errors(self) -> bool:
        return bool(self.errors or self.message)


@dataclass
class View:
    """Everything a skin needs to render one logical page."""

    page: str
    skin: Skin
    faults: Faults
    data: dict[str, Any] = field(default_factory=dict)  # Procedure.view_data(page)
    form: FormState = field(default_factory=FormState)
    query: Mapping[str, str] = field(default_factory=dict)

    @property
    def download_mode(self) -> str:
        """How the justificatif is delivered: the fault switch if set, else the skin's own."""
        return self.faults.download_mode or self.skin.download_mode

    def msg(self, key: str) -> str:
        return self.skin.message(key)

    @property
    def person_name(self) -> str:
        return str(self.data.get("personne", {}).get("nom_complet", ""))

    @property
    def account(self) -> dict[str, Any]:
        return dict(self.data.get("compte") or {})


class Skin:
    """A skin: its name, what makes it different, its routes and its static files."""

    name: ClassVar[str] = ""
    summary: ClassVar[str] = ""  # one line for `ens-auto replica skins`
    #: How this skin delivers the justificatif when no fault switch says otherwise.
    download_mode: ClassVar[str] = "script"
    #: Its own words for what SITE.md does not know (keys of procedure.MESSAGES).
    messages: ClassVar[dict[str, str]] = {}
    static_dir: ClassVar[Path | None] = None

    def message(self, key: str) -> str:
        return self.messages.get(key, MESSAGES.get(key, key))

    def routes(self) -> list[BaseRoute]:
        raise NotImplementedError

    def all_routes(self) -> list[BaseRoute]:
        routes = list(self.routes())
        if self.static_dir is not None:
            routes.append(Mount("/static", StaticFiles(directory=self.static_dir)))
        return routes

    def document(self, page: str, faults: Faults, data: dict[str, Any] | None = None) -> str:
        """A whole HTML page outside the procedures (maintenance, not found...)."""
        raise NotImplementedError

    def path_of(self, page: str) -> str:
        """The URL of a logical page on this skin."""
        raise NotImplementedError

    #: Paths an expired session may still see, besides the public logical pages.
    public_paths: ClassVar[frozenset[str]] = frozenset({"/favicon.ico", "/deconnexion"})

    def is_public(self, path: str) -> bool:
        """Pages an expired session may still see (an expired session is not sent away)."""
        if path in self.public_paths:
            return True
        for page in p.PUBLIC:
            try:
                if self.path_of(page) == path:
                    return True
            except KeyError:
                continue
        return False


# -- the controller of server-rendered skins ---------------------------------------------------

Submit = Callable[[Procedure, dict[str, str]], Result]

#: What a form posted on each logical page does.
SUBMITS: dict[str, Submit] = {
    p.ENTREE: lambda proc, values: proc.choose_entry(values),
    p.CODE: lambda proc, values: proc.submit_code(values),
    p.IDENTITE: lambda proc, values: proc.submit_identity(values),
    p.NOUVEAU_CODE: lambda proc, values: proc.submit_new_code(values),
    p.REPRESENTANT: lambda proc, values: proc.submit_representant(values),
    p.CHOIX: lambda proc, values: proc.submit_choice(values),
    p.OPPOSITION_CONFIRMATION: lambda proc, values: proc.confirm("opposition", values),
    p.ACTIVATION_CONFIRMATION: lambda proc, values: proc.confirm("activation", values),
    p.CONNEXION: lambda proc, values: proc.login(values),
    p.CONNEXION_CANAL: lambda proc, values: proc.choose_channel(values),
    p.CONNEXION_OTP: lambda proc, values: proc.verify_otp(values),
    p.PARAMETRES: lambda proc, values: proc.close(values, page=p.PARAMETRES),
    p.CLOTURE: lambda proc, values: proc.close(values, page=p.CLOTURE),
    p.CLOTURE_CONFIRMATION: lambda proc, values: proc.confirm_close(values),
}


def procedure_of(request: Request) -> Procedure:
    app = request.app
    return Procedure(app.state.replica, app.state.identities, request.scope["state"]["session"])


def html(document: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(document, status_code=status, media_type="text/html; charset=utf-8")


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


_MAIN = re.compile(r"(<main\b[^>]*>)(.*?)(</main>)", re.S)


def defer_main(document: str, delay_ms: int) -> str:
    """Late rendering (fault ``late_render_ms``): the <main> is served empty and its content
    is inserted by a script after ``delay_ms``; the script then fires ``replica:contenu`` on
    the document so that the skin's own scripts can bind to what appeared."""
    if delay_ms <= 0:
        return document
    match = _MAIN.search(document)
    if match is None:
        return document
    deferred = (
        f'<template id="contenu-differe" data-delai="{int(delay_ms)}">{match.group(2)}</template>'
        f'<script src="{DEFERRED_SCRIPT}"></script>'
    )
    return (
        document[: match.start()]
        + match.group(1)
        + match.group(3)
        + deferred
        + document[match.end() :]
    )


class ServerSkin(Skin):
    """A skin whose pages the server renders; forms are real POSTs."""

    #: Logical page -> URL path. Several pages may share a path: the page the procedure
    #: says the visitor is on is rendered there (« choix » shows « déjà opposé »...).
    paths: ClassVar[dict[str, str]] = {}
    #: Canonical field name -> this skin's input name, where they differ.
    fields: ClassVar[dict[str, str]] = {}
    #: Logical page -> its submission, for pages this skin adds or handles its own way.
    submits: ClassVar[dict[str, Submit]] = {}

    # what a skin writes --------------------------------------------------------------------
    def render(self, view: View) -> str:
        """The whole HTML document of ``view.page``."""
        raise NotImplementedError

    def on_get(self, page: str, request: Request, proc: Procedure) -> Response | None:
        """A hook before a GET is shown (a skin may redirect, or note a query parameter)."""
        return None

    # the controller ------------------------------------------------------------------------
    def path_of(self, page: str) -> str:
        if page in self.paths:
            return self.paths[page]
        if page in (p.DEJA_OPPOSE, p.DEJA_ACTIVE):
            return self.path_of(p.CHOIX)
        if page == p.REPRESENTANT_REFUS:
            return self.path_of(p.REPRESENTANT)
        raise KeyError(f"skin {self.name}: no path for page {page!r}")

    def document(self, page: str, faults: Faults, data: dict[str, Any] | None = None) -> str:
        return self.render(View(page, self, faults, data or {"page": page}))

    def _canonical(self, values: dict[str, str]) -> dict[str, str]:
        inverse = {mine: canonical for canonical, mine in self.fields.items()}
        return {inverse.get(k, k): val for k, val in values.items()}

    def _show(
        self,
        request: Request,
        proc: Procedure,
        page: str,
        *,
        form: FormState | None = None,
        status: int = 200,
    ) -> Response:
        faults = request.app.state.replica.faults
        view = View(
            page,
            self,
            faults,
            proc.view_data(page),
            form or FormState(),
            dict(request.query_params),
        )
        return html(defer_main(self.render(view), faults.late_render_ms), status)

    def endpoint(self, page: str) -> Callable[[Request], Any]:
        async def handle(request: Request) -> Response:
            proc = procedure_of(request)
            path = request.url.path
            if request.method == "GET":
                early = self.on_get(page, request, proc)
                if early is not None:
                    return early
                shown = proc.where(page)
                if self.path_of(shown) != path:
                    return redirect(self.path_of(shown))
                return self._show(request, proc, shown)
            submit = self.submits.get(page) or SUBMITS.get(page)
            if submit is None:
                return html(self.document(p.INTROUVABLE, request.app.state.replica.faults), 405)
            form = await request.form()
            values = self._canonical(
                {k: str(val) for k, val in form.multi_items() if isinstance(val, str)}
            )
            result = submit(proc, values)
            if result.ok and not result.in_place:
                return redirect(self.path_of(result.page))
            state = FormState(
                values=values,
                errors=result.errors,
                message=self.message(result.message_key) if result.message_key else None,
            )
            return self._show(request, proc, result.page, form=state, status=result.status)

        handle.__name__ = f"{self.name}_{page}"
        return handle

    def routes(self) -> list[BaseRoute]:
        seen: dict[str, str] = {}
        for page, path in self.paths.items():
            seen.setdefault(path, page)
        return [
            Route(
                path,
                self.endpoint(page),
                methods=["GET", "POST"],
            )
            for path, page in seen.items()
        ]
