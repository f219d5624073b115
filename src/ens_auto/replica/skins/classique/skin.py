"""Skin « classique »: the replica as the project first wrote it.

Server-rendered, hand-written DSFR-like markup; the entry page offers a choice first
(two links); labels tied with ``for``/``id``; real radio buttons; the account menu is an
ARIA menu (``aria-haspopup=menu``); the closure form sits directly in « Paramètres »; the
justificatif comes from a script (JSON -> blob), and can be switched to an attachment or a
new tab (fault ``download_mode``). No cookie banner.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any, ClassVar

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ens_auto.replica import procedure as p
from ens_auto.replica.procedure import Procedure
from ens_auto.replica.skins.base import ServerSkin, View, procedure_of, redirect
from ens_auto.replica.skins.classique import pages
from ens_auto.replica.skins.classique.templates import layout

Page = tuple[str, str]


def _ns(data: dict[str, Any] | None) -> Any:
    return SimpleNamespace(**(data or {}))


def _person(view: View) -> Any:
    person = dict(view.data.get("personne") or {})
    person.setdefault("nom_complet", "")
    person.setdefault("represente", False)
    person["represented"] = person["represente"]
    return _ns(person)


def _record(view: View) -> Any:
    return _ns({"reference": view.data.get("reference", "")})


def _closure(view: View) -> Any:
    return _ns(view.data.get("cloture") or {"suppression_donnees": False, "date": ""})


#: Logical page -> the (title, <main>) of this skin.
_PAGES: dict[str, Any] = {
    p.ACCUEIL: lambda v: pages.home(),
    p.CGU: lambda v: pages.cgu(),
    p.FAQ: lambda v: pages.faq(),
    p.ENTREE: lambda v: pages.cloture_accueil(),
    p.SESSION_EXPIREE: lambda v: pages.session_expired(),
    p.MAINTENANCE: lambda v: pages.maintenance(),
    p.INTROUVABLE: lambda v: pages.not_found(),
    p.ERREUR_PDF: lambda v: pages.pdf_error(),
    p.CODE: lambda v: pages.code_provisoire(v.form, v.data.get("parcours", "activation")),
    p.NOUVEAU_CODE: lambda v: pages.nouveau_code(v.form),
    p.NOUVEAU_CODE_ENVOYE: lambda v: pages.nouveau_code_envoye(v.data.get("canal", "sms")),
    p.IDENTITE: lambda v: pages.identite(v.form, _person(v)),
    p.REPRESENTANT: lambda v: pages.representant(v.form, _person(v)),
    p.REPRESENTANT_REFUS: lambda v: pages.representant_refus(_person(v)),
    p.CHOIX: lambda v: pages.choix(v.form, _person(v)),
    p.DEJA_OPPOSE: lambda v: pages.deja_oppose(_person(v)),
    p.DEJA_ACTIVE: lambda v: pages.deja_active(_person(v)),
    p.OPPOSITION_CONFIRMATION: lambda v: pages.opposition_confirmation(),
    p.OPPOSITION_ENREGISTREE: lambda v: pages.opposition_enregistree(_record(v), v.download_mode),
    p.ACTIVATION_CONFIRMATION: lambda v: pages.activation_confirmation(),
    p.ACTIVATION_ENREGISTREE: lambda v: pages.activation_enregistree(_record(v)),
    p.CONNEXION: lambda v: pages.connexion(v.form),
    p.CONNEXION_CANAL: lambda v: pages.connexion_canal(v.form, _ns(v.account)),
    p.CONNEXION_OTP: lambda v: pages.connexion_otp(
        v.form, _ns(v.account), v.data.get("canal") or "sms"
    ),
    p.TABLEAU_DE_BORD: lambda v: pages.tableau_de_bord(_ns(v.account)),
    p.PARAMETRES: lambda v: pages.parametres(v.form, _ns(v.account)),
    p.PROFIL_CLOTURE: lambda v: pages.profil_cloture(_ns(v.account), _closure(v)),
}

#: Pages shown with the account menu in the header.
_LOGGED_IN = {p.TABLEAU_DE_BORD, p.PARAMETRES}


class ClassiqueSkin(ServerSkin):
    name = "classique"
    summary = (
        "rendu serveur, balisage type DSFR écrit à la main ; page d'entrée avec choix "
        "(liens) ; boutons radio ; menu de compte ARIA ; clôture directement dans "
        "« Paramètres » ; justificatif par script (blob) ; pas de bandeau cookies"
    )
    download_mode = "script"
    public_paths: ClassVar[frozenset[str]] = frozenset(
        {"/favicon.ico", "/deconnexion", "/enrolement/activation"}
    )
    static_dir: ClassVar[Path | None] = Path(__file__).parent / "static"
    paths: ClassVar[dict[str, str]] = {
        p.ACCUEIL: "/",
        p.CGU: "/cgu",
        p.FAQ: "/questions-frequentes",
        p.ENTREE: "/enrolement/cloture/accueil",
        p.CODE: "/enrolement/code-provisoire",
        p.NOUVEAU_CODE: "/enrolement/nouveau-code",
        p.NOUVEAU_CODE_ENVOYE: "/enrolement/nouveau-code/envoye",
        p.IDENTITE: "/enrolement/identite",
        p.REPRESENTANT: "/enrolement/representant-legal",
        p.CHOIX: "/enrolement/choix",
        p.OPPOSITION_CONFIRMATION: "/enrolement/opposition/confirmation",
        p.OPPOSITION_ENREGISTREE: "/enrolement/opposition/enregistree",
        p.ACTIVATION_CONFIRMATION: "/enrolement/activation/confirmation",
        p.ACTIVATION_ENREGISTREE: "/enrolement/activation/enregistree",
        p.CONNEXION: "/connexion",
        p.CONNEXION_CANAL: "/connexion/code",
        p.CONNEXION_OTP: "/connexion/code/verification",
        p.TABLEAU_DE_BORD: "/tableau-de-bord",
        p.PARAMETRES: "/parametres",
        p.PROFIL_CLOTURE: "/profil-cloture",
        p.SESSION_EXPIREE: "/session-expiree",
        p.INTROUVABLE: "/introuvable",
    }

    def render(self, view: View) -> str:
        title, content = _PAGES[view.page](view)
        user = view.account.get("nom_complet") if view.page in _LOGGED_IN else None
        return layout(title, content, user=user)

    def on_get(self, page: str, request: Request, proc: Procedure) -> Response | None:
        if page == p.CODE:
            proc.note_parcours(request.query_params.get("parcours"))
        return None

    def routes(self) -> list[BaseRoute]:
        async def activation(request: Request) -> Response:
            return redirect(self.path_of(p.CODE) + "?parcours=activation")

        async def deconnexion(request: Request) -> Response:
            procedure_of(request).logout()
            return redirect("/")

        async def parametres_cloture(request: Request) -> Response:  # the form's action
            return await self.endpoint(p.PARAMETRES)(request)

        return [
            *super().routes(),
            Route("/enrolement/activation", activation, methods=["GET"]),
            Route("/deconnexion", deconnexion, methods=["GET"]),
            Route("/parametres/cloture", parametres_cloture, methods=["POST"]),
        ]
