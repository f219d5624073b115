"""Skin « ancien »: the Jinja2 templates and what each of them is given to render a page."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ens_auto.replica import procedure as p
from ens_auto.replica import validation as v
from ens_auto.replica.skins.ancien import words
from ens_auto.replica.skins.base import FormState, View

if TYPE_CHECKING:
    from ens_auto.replica.skins.base import ServerSkin

TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=StrictUndefined,
)

#: The code provisoire and the identity are asked on one page.
_TEMPLATE_OF = {p.CODE: "identification", p.IDENTITE: "identification"}

#: Pages shown with the person's name (the account menu) at the top right.
LOGGED_IN = frozenset({p.TABLEAU_DE_BORD, p.PARAMETRES, p.CLOTURE, p.CLOTURE_CONFIRMATION})

JUSTIFICATIF = "/enrolement/opposition/justificatif"

#: Paths of this skin outside the logical pages.
DECONNEXION = "/compte/deconnexion.do"
ENQUETE = "/portail/enquete.do"


def template_of(page: str) -> str:
    return _TEMPLATE_OF.get(page, page)


def error_list(form: FormState) -> list[str]:
    """The red list at the top of a form: the form's message, then each field's."""
    found = [form.message] if form.message else []
    for message in form.errors.values():
        if message not in found:
            found.append(message)
    return found


def justificatif(mode: str) -> dict[str, Any]:
    """The link to the PDF. Without script, « script » cannot be honoured: a new window."""
    if mode == "attachment":
        return {
            "href": f"{JUSTIFICATIF}?mode=attachment",
            "nouvelle_fenetre": False,
            "texte": words.LIEN_JUSTIFICATIF_FICHIER,
        }
    return {
        "href": f"{JUSTIFICATIF}?mode=inline",
        "nouvelle_fenetre": True,
        "texte": words.LIEN_JUSTIFICATIF,
    }


def template_context(view: View, skin: ServerSkin) -> dict[str, Any]:
    def nom(canonical: str) -> str:
        """This skin's input name for a canonical field name."""
        return skin.fields.get(canonical, canonical)

    return {
        "page": view.page,
        "form": view.form,
        "data": view.data,
        "query": view.query,
        "personne": view.person_name,
        "compte": view.account,
        "utilisateur": view.account.get("nom_complet") if view.page in LOGGED_IN else None,
        "erreurs": error_list(view.form),
        "erreurs_titre": words.ERREURS_TITRE,
        "chemins": {**skin.paths, "deconnexion": DECONNEXION, "enquete": ENQUETE},
        "nom": nom,
        "message": skin.message,
        "justificatif": justificatif(view.download_mode),
        "telephone": words.TELEPHONE,
        "prefixe": v.SERIE_PREFIX_AVEC_PHOTO,
    }
