"""Skin « spa »: its own words for what SITE.md does not know, and the texts of the pages
outside the procedures (served as whole documents, and shown by the application too)."""

from __future__ import annotations

from ens_auto.replica import procedure as p

PHONE = (
    "Vous pouvez aussi faire votre démarche par téléphone au 3422 (service gratuit + prix "
    "d'un appel), du lundi au vendredi de 8 h 30 à 17 h 30."
)

#: Form-level messages of the API (keys of ``procedure.MESSAGES``), worded by this team.
MESSAGES: dict[str, str] = {
    "code_inconnu": (
        "Nous ne reconnaissons pas ce code provisoire. Vérifiez votre saisie ou demandez un "
        "nouveau code."
    ),
    "identite_differente": (
        "Ces informations ne correspondent pas au code provisoire saisi. Vérifiez votre "
        "numéro de sécurité sociale, le modèle et le numéro de série de votre carte Vitale."
    ),
    "deja_oppose": "Une opposition à la création de Mon espace santé est déjà enregistrée.",
    "deja_active": "Ce profil Mon espace santé est déjà activé.",
    "identifiants": "Identifiant ou mot de passe incorrect. Vérifiez votre saisie.",
    "code_unique_faux": "Ce code n'est pas le bon, ou il a déjà servi.",
    "mot_de_passe_faux": "Mot de passe incorrect.",
    "pdf_echec": (
        "Votre justificatif n'a pas pu être obtenu pour le moment. Réessayez dans quelques minutes."
    ),
}

#: Pages outside the procedures: title, heading, paragraphs, links (text, path).
DOCUMENTS: dict[str, dict[str, object]] = {
    p.MAINTENANCE: {
        "titre": "Maintenance en cours",
        "entete": "Mon espace santé est en maintenance",
        "paragraphes": [
            "Le service est momentanément interrompu pour une opération de maintenance. "
            "Merci de réessayer un peu plus tard.",
            PHONE,
        ],
        "liens": [],
    },
    p.INTROUVABLE: {
        "titre": "Page introuvable",
        "entete": "Cette page n'existe pas",
        "paragraphes": [
            "L'adresse saisie est peut-être incorrecte, ou la page a été déplacée.",
        ],
        "liens": [["Revenir à l'accueil", "/"]],
    },
    p.ERREUR_PDF: {
        "titre": "Justificatif indisponible",
        "entete": "Votre justificatif n'a pas pu être obtenu",
        "paragraphes": [MESSAGES["pdf_echec"], PHONE],
        "liens": [],
    },
    p.SESSION_EXPIREE: {
        "titre": "Session expirée",
        "entete": "Votre session a pris fin",
        "paragraphes": [
            "Par sécurité, votre session se ferme après un moment d'inactivité. Les "
            "informations saisies n'ont pas été conservées : il faut reprendre votre démarche "
            "depuis le début.",
        ],
        "liens": [
            ["Reprendre ma démarche d'opposition", "/enrolement/cloture/accueil"],
            ["Revenir à l'accueil", "/"],
        ],
    },
}
