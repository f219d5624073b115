"""Skin « ancien »: its own words for the messages SITE.md does not know.

The field error messages are the site's (``validation.py``) and are not reworded here.
"""

from __future__ import annotations

from ens_auto.replica.procedure import PHONE

MESSAGES: dict[str, str] = {
    "code_inconnu": (
        "Code provisoire inconnu : vérifiez votre saisie ou demandez un nouveau code provisoire."
    ),
    "identite_differente": (
        "Les informations saisies ne correspondent pas au code provisoire indiqué. Vérifiez "
        "votre numéro de sécurité sociale, le modèle et le numéro de série de votre carte "
        "Vitale."
    ),
    "deja_oppose": (
        "Une opposition à la création de ce profil Mon espace santé a déjà été enregistrée."
    ),
    "deja_active": "Ce profil Mon espace santé est déjà activé.",
    "identifiants": "Identifiant ou mot de passe erroné.",
    "code_unique_faux": "Le code à usage unique saisi est erroné ou a expiré.",
    "pdf_echec": ("Le justificatif n'a pas pu être généré. Veuillez réessayer ultérieurement."),
}

#: The phone route (the 3422), as the replica words it.
TELEPHONE = PHONE

#: Summary line above the red list of errors.
ERREURS_TITRE = "Le formulaire n'a pas pu être validé :"

#: Link text of the justificatif (a new window, said in the text as RGAA asks).
LIEN_JUSTIFICATIF = "Afficher le justificatif d'opposition (PDF, nouvelle fenêtre)"
LIEN_JUSTIFICATIF_FICHIER = "Enregistrer le justificatif d'opposition (PDF)"
