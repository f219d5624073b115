"""Skin « dsfr »: this team's words for what SITE.md does not know.

SITE.md's own texts (labels, field errors, « Continuer »...) are written where they are used,
word for word; the texts here are this team's choice.
"""

from __future__ import annotations

SITE = "Mon espace santé"

PHONE = (
    "Vous pouvez aussi faire votre démarche par téléphone au 3422 (service gratuit + prix "
    "d'un appel), du lundi au vendredi de 8 h 30 à 17 h 30."
)

#: Form-level messages (keys of ``procedure.MESSAGES``) as this team words them.
MESSAGES: dict[str, str] = {
    "code_inconnu": (
        "Ce code provisoire est inconnu. Vérifiez les 12 caractères saisis ou générez un "
        "nouveau code provisoire."
    ),
    "identite_differente": (
        "Les informations saisies ne correspondent pas à ce code provisoire. Vérifiez votre "
        "numéro de sécurité sociale, le modèle et le numéro de série de votre carte Vitale."
    ),
    "deja_oppose": "Le refus de la création de ce profil Mon espace santé est déjà enregistré.",
    "deja_active": "Ce profil Mon espace santé est déjà activé.",
    "identifiants": "L'identifiant ou le mot de passe est incorrect.",
    "code_unique_faux": "Ce code à usage unique est incorrect ou a expiré.",
    "mot_de_passe_faux": "Mot de passe incorrect.",
    "opposition_enregistree": (
        "Votre refus de la création de Mon espace santé a bien été enregistré."
    ),
    "choix_pris_en_compte": "Votre choix a bien été pris en compte.",
    "pdf_echec": (
        "Votre justificatif d'opposition n'a pas pu être obtenu pour le moment. Réessayez "
        "dans quelques minutes."
    ),
}

#: Title of the form-level error alert.
ALERT_TITLE = "Votre demande n'a pas pu aboutir"

#: The two procedures, as this team names them (h1 of the enrolment pages).
DEMARCHE = {
    "opposition": "Refuser la création de mon profil Mon espace santé",
    "activation": "Activer mon profil Mon espace santé",
}

#: Steps of the enrolment (stepper).
STEPS = ("Mon code provisoire", "Mon identité", "Mon choix", "Confirmation")

SERIE_SANS_PHOTO = "Mon numéro de série (entre 8 et 13 caractères)"
SERIE_AVEC_PHOTO = "Mon numéro de série (11 derniers chiffres)"
SERIE_HINT_SANS_PHOTO = "Il figure en haut à gauche, au dos de votre carte Vitale."
SERIE_HINT_AVEC_PHOTO = (
    "Au dos de votre carte, le numéro commence par 8025000002 : saisissez les 11 chiffres "
    "qui suivent."
)

DOWNLOAD_LABEL = "Télécharger mon justificatif d'opposition"
