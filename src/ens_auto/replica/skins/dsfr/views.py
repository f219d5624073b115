"""Skin « dsfr »: each logical page as a Jinja2 template (``templates/pages/<page>.html``)
and the facts its template is given."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ens_auto.replica import procedure as p
from ens_auto.replica import validation
from ens_auto.replica.skins.base import View
from ens_auto.replica.skins.dsfr import words

TEMPLATES = Path(__file__).parent / "templates"

ENV = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _demarche(view: View) -> str:
    return words.DEMARCHE.get(str(view.data.get("parcours")), words.DEMARCHE["activation"])


#: Logical page -> its <title> (before « - Mon espace santé »).
TITLES: dict[str, str | Callable[[View], str]] = {
    p.ACCUEIL: "Accueil",
    p.CGU: "Conditions générales d'utilisation",
    p.FAQ: "Questions fréquentes",
    p.ENTREE: "Clôturer ou m'opposer à Mon espace santé",
    p.CODE: lambda v: f"Mon code provisoire - {_demarche(v)}",
    p.NOUVEAU_CODE: "Générer un nouveau code provisoire",
    p.NOUVEAU_CODE_ENVOYE: "Nouveau code provisoire envoyé",
    p.IDENTITE: lambda v: f"Mon identité - {_demarche(v)}",
    p.REPRESENTANT: lambda v: f"Représentant légal - {_demarche(v)}",
    p.REPRESENTANT_REFUS: "Démarche réservée au représentant légal",
    p.CHOIX: lambda v: f"Mon choix - {_demarche(v)}",
    p.DEJA_OPPOSE: "Refus déjà enregistré",
    p.DEJA_ACTIVE: "Profil déjà activé",
    p.OPPOSITION_CONFIRMATION: "Confirmer mon refus",
    p.OPPOSITION_ENREGISTREE: "Refus enregistré",
    p.ACTIVATION_CONFIRMATION: "Confirmer l'activation",
    p.ACTIVATION_ENREGISTREE: "Profil activé",
    p.CONNEXION: "Connexion",
    p.CONNEXION_CANAL: "Recevoir mon code à usage unique",
    p.CONNEXION_OTP: "Code à usage unique",
    p.TABLEAU_DE_BORD: "Mon espace",
    p.PARAMETRES: "Paramètres",
    p.CLOTURE: "Clôture du profil - Paramètres",
    p.CLOTURE_CONFIRMATION: "Confirmer la clôture - Paramètres",
    p.PROFIL_CLOTURE: "Profil clôturé",
    p.SESSION_EXPIREE: "Session expirée",
    p.MAINTENANCE: "Service en maintenance",
    p.INTROUVABLE: "Page introuvable",
    p.ERREUR_PDF: "Justificatif indisponible",
    "avant_de_commencer": "Avant de commencer - Refuser la création de mon profil",
}

#: Pages with the account menu in the header (a person is logged in).
LOGGED_IN = {
    p.TABLEAU_DE_BORD,
    p.PARAMETRES,
    p.CLOTURE,
    p.CLOTURE_CONFIRMATION,
    p.PROFIL_CLOTURE,
}


def title_of(view: View) -> str:
    title = TITLES.get(view.page, words.SITE)
    text = title(view) if callable(title) else title
    return f"Erreur - {text}" if view.form.has_errors else text


def render(
    view: View,
    *,
    paths: dict[str, str],
    fields: dict[str, str],
    extra: dict[str, Any] | None = None,
) -> str:
    """The whole document of ``view.page`` (a logical page, or one of this skin's own)."""
    context: dict[str, Any] = {
        "v": view,
        "form": view.form,
        "data": view.data,
        "person": dict(view.data.get("personne") or {"nom_complet": "", "represente": False}),
        "account": view.account if view.page in LOGGED_IN else {},
        "account_pending": view.account,
        "title": title_of(view),
        "demarche": _demarche(view),
        "parcours": view.data.get("parcours", "activation"),
        "w": words,
        "msg": view.msg,
        "path": lambda page: paths[page],
        "field": lambda canonical: fields.get(canonical, canonical),
        "serie_prefix": validation.SERIE_PREFIX_AVEC_PHOTO,
        "justificatif": None,
        "download_mode": view.download_mode,
        "page": view.page,
    }
    context.update(extra or {})
    return ENV.get_template(f"pages/{view.page}.html").render(context)
