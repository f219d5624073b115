"""The French sentence of a recorded step (« Cliquer sur « Valider » »)."""

from __future__ import annotations

from ens_auto.flow.recording.values import ONE_TIME_CODE

FILL_SAYS = {
    "nir": "Saisir le numéro de sécurité sociale",
    "code_provisoire": "Saisir le code provisoire",
    "carte_vitale_serie": "Saisir le numéro de série de la carte Vitale",
    "date_naissance": "Saisir la date de naissance",
    "mot_de_passe": "Saisir le mot de passe",
    "identifiant": "Saisir l'identifiant",
    ONE_TIME_CODE: "Saisir le code à usage unique",
}

_SAY_MAX = 70


def quoted(text: str) -> str:
    """« text », shortened to a readable length, without placeholder braces."""
    text = " ".join((text or "").replace("{", "(").replace("}", ")").split())
    if len(text) > _SAY_MAX:
        text = text[: _SAY_MAX - 1].rsplit(" ", 1)[0] + "…"
    return f"« {text} »"


def say_for(
    action: str,
    name: str | None = None,
    *,
    placeholder: str | None = None,
    option: str | None = None,
) -> str:
    """The French sentence of a recorded step, e.g. « Cliquer sur « Valider » »."""
    what = quoted(name) if name else "l'élément"
    if action == "goto":
        return f"Ouvrir la page {quoted(name)}" if name else "Ouvrir la page"
    if action == "expect":
        return f"Vérifier que la page {quoted(name)} est affichée" if name else "Vérifier la page"
    if action == "click":
        return f"Cliquer sur {what}"
    if action == "download":
        return f"Télécharger {what}" if name else "Télécharger le fichier"
    if action in ("fill", "prompt"):
        if placeholder in FILL_SAYS:
            return FILL_SAYS[placeholder]
        return f"Saisir {what}"
    if action == "check":
        return f"Cocher {what}"
    if action == "uncheck":
        return f"Décocher {what}"
    if action == "choose":
        if placeholder == "carte_vitale_type":
            return "Choisir le modèle de carte Vitale"
        return f"Choisir {quoted(option or name or '')}"
    if action == "select":
        chosen = quoted(option) if option else "une option"
        return f"Sélectionner {chosen}" + (f" dans {quoted(name)}" if name else "")
    if action == "press":
        return f"Valider avec la touche Entrée dans {what}"
    return f"{action} {what}"
