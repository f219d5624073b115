"""Skin « ancien »: the site as an old-fashioned team would have built it.

Server-rendered HTML without any JavaScript of its own (the replica adds its script only
for the fault « late_render_ms »), table layout, plain CSS, ``<input type="submit">``
buttons, ``<label>`` elements wrapping their text and field, almost no ARIA. Old-style
paths (``/portail/....do``). The entry page is one form with two radio buttons; the code
provisoire and the identity are asked on one page; the card model is a ``<select>``; the
confirmation pages have two submit buttons told apart by their ``name``; the justificatif
is a plain link that opens the PDF in a new window, under a survey box « Votre avis nous
intéresse » closed by a link (« Non merci », no script); the account menu is a
``<details>``; « Paramètres » is a page of links, the closure form a page of its own
followed by « Êtes-vous sûr(e) ? ».
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ens_auto.replica import procedure as p
from ens_auto.replica.procedure import Procedure, Result
from ens_auto.replica.skins.ancien.context import (
    DECONNEXION,
    ENQUETE,
    TEMPLATES,
    template_context,
    template_of,
)
from ens_auto.replica.skins.ancien.words import MESSAGES
from ens_auto.replica.skins.base import ServerSkin, Submit, View, procedure_of, redirect

HERE = Path(__file__).parent


def _action(values: dict[str, str], yes: str = "confirmer") -> dict[str, str]:
    """Two submit buttons told apart by their name: the one pressed is in the form."""
    return {"action": "confirmer" if values.get(yes) else "retour"}


class AncienSkin(ServerSkin):
    name = "ancien"
    summary = (
        "rendu serveur sans JavaScript, mise en page en tableaux ; entrée : formulaire à deux "
        "boutons radio ; code et identité sur une seule page ; modèle de carte en <select> ; "
        "menu de compte <details> ; clôture sur sa propre page puis « Êtes-vous sûr(e) ? » ; "
        "justificatif par lien dans une nouvelle fenêtre, sous une enquête de satisfaction"
    )
    #: A plain link to the PDF, opened in a new window (no script to fetch it).
    download_mode = "inline"
    messages: ClassVar[dict[str, str]] = MESSAGES
    static_dir: ClassVar[Path | None] = HERE / "static"
    public_paths: ClassVar[frozenset[str]] = frozenset({"/favicon.ico", DECONNEXION})
    paths: ClassVar[dict[str, str]] = {
        p.ACCUEIL: "/",
        p.CGU: "/cgu",
        p.FAQ: "/questions-frequentes",
        p.ENTREE: "/enrolement/cloture/accueil",
        p.CODE: "/portail/identification.do",  # code and identity: one page
        p.IDENTITE: "/portail/identification.do",
        p.NOUVEAU_CODE: "/portail/nouveau-code.do",
        p.NOUVEAU_CODE_ENVOYE: "/portail/nouveau-code-envoye.do",
        p.REPRESENTANT: "/portail/representant-legal.do",
        p.CHOIX: "/portail/choix.do",
        p.OPPOSITION_CONFIRMATION: "/portail/opposition-confirmation.do",
        p.OPPOSITION_ENREGISTREE: "/portail/opposition-enregistree.do",
        p.ACTIVATION_CONFIRMATION: "/portail/activation-confirmation.do",
        p.ACTIVATION_ENREGISTREE: "/portail/activation-enregistree.do",
        p.CONNEXION: "/compte/connexion.do",
        p.CONNEXION_CANAL: "/compte/envoi-code.do",
        p.CONNEXION_OTP: "/compte/saisie-code.do",
        p.TABLEAU_DE_BORD: "/compte/accueil.do",
        p.PARAMETRES: "/compte/parametres.do",
        p.CLOTURE: "/compte/cloture.do",
        p.CLOTURE_CONFIRMATION: "/compte/cloture-confirmation.do",
        p.PROFIL_CLOTURE: "/compte/profil-cloture.do",
        p.SESSION_EXPIREE: "/portail/session-expiree.do",
    }
    #: Canonical field name -> this skin's input name.
    fields: ClassVar[dict[str, str]] = {
        "codeProvisoire": "code_provisoire",
        "nir": "num_secu",
        "typeCarte": "modele_carte",
        "numeroSerie": "num_serie",
        "dateNaissance": "date_naissance",
        "canal": "mode_envoi",
        "representant": "qualite",
        "choix": "decision",
        "identifiant": "login",
        "motDePasse": "mdp",
        "codeUnique": "code_otp",
        "consentementFermeture": "accord_cloture",
        "consentementConfirmation": "accord_confirmation",
        "suppressionDonnees": "suppression",
    }
    submits: ClassVar[dict[str, Submit]] = {
        p.CODE: lambda proc, values: proc.submit_identification(values),
        p.IDENTITE: lambda proc, values: proc.submit_identification(values),
        p.OPPOSITION_CONFIRMATION: lambda proc, values: proc.confirm("opposition", _action(values)),
        p.ACTIVATION_CONFIRMATION: lambda proc, values: proc.confirm("activation", _action(values)),
        # « Paramètres » is a page of links: a form posted there only shows it again
        p.PARAMETRES: lambda proc, values: Result(proc.where(p.PARAMETRES)),
        p.CLOTURE: lambda proc, values: proc.prepare_close(values, page=p.CLOTURE),
        p.CLOTURE_CONFIRMATION: lambda proc, values: proc.confirm_close(_action(values)),
    }

    def render(self, view: View) -> str:
        template = TEMPLATES.get_template(f"{template_of(view.page)}.html")
        return template.render(template_context(view, self))

    def on_get(self, page: str, request: Request, proc: Procedure) -> Response | None:
        if page == p.CODE:
            proc.note_parcours(request.query_params.get("parcours"))
        return None

    def routes(self) -> list[BaseRoute]:
        async def deconnexion(request: Request) -> Response:
            procedure_of(request).logout()
            return redirect(self.path_of(p.ACCUEIL))

        async def enquete(request: Request) -> Response:
            """The survey's answer: thanked, and the box does not come back."""
            await request.form()
            return redirect(self.path_of(p.OPPOSITION_ENREGISTREE) + "?enquete=merci")

        return [
            *super().routes(),
            Route(DECONNEXION, deconnexion, methods=["GET"]),
            Route(ENQUETE, enquete, methods=["POST"]),
        ]
