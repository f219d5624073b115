"""Skin « dsfr »: the site as a team would build it with the French State's design system
(DSFR 1.15, its own CSS and JavaScript, vendored in ``static/dsfr/``).

Server-rendered (Jinja2 templates), real ``<form method=post>``. The entry page offers two
DSFR tiles; the opposition starts with an information page « Avant de commencer »; a DSFR
stepper follows the enrolment; labels carry their hint (``fr-hint-text``); the card model is
a set of rich radios; the « recorded » page offers the justificatif as a DSFR download link
(an attachment). The DSFR consent banner sits at the bottom of every page until a choice is
made. Logged in, the name at the top right opens a DSFR collapse (disclosure); « Paramètres »
has a side menu, and the closure form has its own page, confirmed in a DSFR modal.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ens_auto.replica import procedure as p
from ens_auto.replica.procedure import Procedure, Result
from ens_auto.replica.skins.base import (
    FormState,
    ServerSkin,
    Submit,
    View,
    defer_main,
    html,
    procedure_of,
    redirect,
)
from ens_auto.replica.skins.dsfr import views, words

#: This skin's own page (not a logical page of the procedure): what to have at hand.
AVANT_DE_COMMENCER = "avant_de_commencer"
AVANT_DE_COMMENCER_PATH = "/enrolement/opposition/avant-de-commencer"
ACTIVATION_PATH = "/enrolement/activation"
DECONNEXION_PATH = "/compte/deconnexion"


def _closure(proc: Procedure, values: dict[str, str]) -> Result:
    """The closure form: its radios « archiver » / « supprimer » are the deletion request.
    The modal's button (``action=confirmer``) records it; the form's own button (no script)
    leads to the confirmation page."""
    values = dict(values)
    values["suppressionDonnees"] = "oui" if values.get("devenir_donnees") == "supprimer" else ""
    if values.get("action") == "confirmer":
        return proc.close(values, page=p.CLOTURE)
    return proc.prepare_close(values, page=p.CLOTURE)


def pdf_size(data: bytes) -> str:
    """« 1,93 Ko », as the DSFR writes a file's weight."""
    kilo = len(data) / 1024
    if kilo >= 1024:
        return f"{kilo / 1024:.2f} Mo".replace(".", ",")
    return f"{kilo:.2f} Ko".replace(".", ",")


class DsfrSkin(ServerSkin):
    name = "dsfr"
    summary = (
        "rendu serveur avec le vrai DSFR (CSS et JS) ; tuiles à l'entrée, page « Avant de "
        "commencer » ; radios riches ; bandeau de consentement DSFR ; menu de compte en "
        "disclosure ; clôture dans « Paramètres » (menu latéral), confirmée dans une modale ; "
        "justificatif en lien de téléchargement (pièce jointe)"
    )
    download_mode = "attachment"
    messages: ClassVar[dict[str, str]] = words.MESSAGES
    static_dir: ClassVar[Path | None] = Path(__file__).parent / "static"
    public_paths: ClassVar[frozenset[str]] = frozenset(
        {"/favicon.ico", DECONNEXION_PATH, ACTIVATION_PATH, AVANT_DE_COMMENCER_PATH}
    )
    paths: ClassVar[dict[str, str]] = {
        p.ACCUEIL: "/",
        p.CGU: "/cgu",
        p.FAQ: "/questions-frequentes",
        p.ENTREE: "/enrolement/cloture/accueil",
        p.CODE: "/enrolement/mon-code-provisoire",
        p.NOUVEAU_CODE: "/enrolement/nouveau-code-provisoire",
        p.NOUVEAU_CODE_ENVOYE: "/enrolement/nouveau-code-provisoire/demande-envoyee",
        p.IDENTITE: "/enrolement/mon-identite",
        p.REPRESENTANT: "/enrolement/representant-legal",
        p.CHOIX: "/enrolement/mon-choix",
        p.OPPOSITION_CONFIRMATION: "/enrolement/opposition/confirmer",
        p.OPPOSITION_ENREGISTREE: "/enrolement/opposition/choix-enregistre",
        p.ACTIVATION_CONFIRMATION: "/enrolement/activation/confirmer",
        p.ACTIVATION_ENREGISTREE: "/enrolement/activation/choix-enregistre",
        p.CONNEXION: "/compte/connexion",
        p.CONNEXION_CANAL: "/compte/connexion/code-a-usage-unique",
        p.CONNEXION_OTP: "/compte/connexion/code-a-usage-unique/saisie",
        p.TABLEAU_DE_BORD: "/mon-espace",
        p.PARAMETRES: "/mon-espace/parametres",
        p.CLOTURE: "/mon-espace/parametres/cloture-du-profil",
        p.CLOTURE_CONFIRMATION: "/mon-espace/parametres/cloture-du-profil/confirmation",
        p.PROFIL_CLOTURE: "/mon-espace/profil-cloture",
        p.SESSION_EXPIREE: "/session-expiree",
        p.INTROUVABLE: "/page-introuvable",
    }
    fields: ClassVar[dict[str, str]] = {
        "codeProvisoire": "code_provisoire",
        "nir": "numero_securite_sociale",
        "typeCarte": "modele_carte",
        "numeroSerie": "numero_serie",
        "dateNaissance": "date_naissance",
        "canal": "canal_envoi",
        "representant": "representant_legal",
        "identifiant": "identifiant",
        "motDePasse": "mot_de_passe",
        "codeUnique": "code_unique",
        "consentementFermeture": "consentement_fermeture",
        "consentementConfirmation": "consentement_confirmation",
    }
    submits: ClassVar[dict[str, Submit]] = {p.CLOTURE: _closure}

    def render(self, view: View, extra: dict[str, object] | None = None) -> str:
        return views.render(view, paths=self.paths, fields=self.fields, extra=extra)

    def on_get(self, page: str, request: Request, proc: Procedure) -> Response | None:
        if page == p.CODE:
            proc.note_parcours(request.query_params.get("parcours"))
        if page == p.OPPOSITION_ENREGISTREE and proc.where(page) == page:
            return self._recorded(request, proc)
        return None

    def _page(
        self, request: Request, view: View, extra: dict[str, object] | None = None
    ) -> Response:
        faults = request.app.state.replica.faults
        return html(defer_main(self.render(view, extra), faults.late_render_ms))

    def _recorded(self, request: Request, proc: Procedure) -> Response:
        """The « recorded » page, with the justificatif's weight (or the failure to get it)."""
        page = p.OPPOSITION_ENREGISTREE
        faults = request.app.state.replica.faults
        view = View(
            page, self, faults, proc.view_data(page), FormState(), dict(request.query_params)
        )
        data = proc.justificatif()
        justificatif = None if data is None else {"taille": pdf_size(data)}
        return self._page(request, view, {"justificatif": justificatif})

    def routes(self) -> list[BaseRoute]:
        async def avant_de_commencer(request: Request) -> Response:
            proc = procedure_of(request)
            faults = request.app.state.replica.faults
            view = View(AVANT_DE_COMMENCER, self, faults, proc.view_data(p.ENTREE))
            return self._page(request, view)

        async def activation(request: Request) -> Response:
            return redirect(self.path_of(p.CODE) + "?parcours=activation")

        async def deconnexion(request: Request) -> Response:
            procedure_of(request).logout()
            return redirect("/")

        return [
            *super().routes(),
            Route(AVANT_DE_COMMENCER_PATH, avant_de_commencer, methods=["GET"]),
            Route(ACTIVATION_PATH, activation, methods=["GET"]),
            Route(DECONNEXION_PATH, deconnexion, methods=["GET"]),
        ]
