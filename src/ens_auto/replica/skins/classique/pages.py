"""Skin « classique »: content (<main>) of each page, as (title, html) pairs.

Hand-written DSFR-like markup, server-rendered: the replica as the project first wrote it.
"""

from __future__ import annotations

from typing import Any

from ens_auto.replica import validation as v
from ens_auto.replica.procedure import MESSAGES, PHONE
from ens_auto.replica.skins.classique.templates import (
    SERIE_LABEL_AVEC_PHOTO,
    SERIE_LABEL_SANS_PHOTO,
    Form,
    alert,
    button,
    checkbox,
    e,
    form_tag,
    info,
    link_button,
    radio_group,
    success,
    text_field,
)

Page = tuple[str, str]

MSG_UNKNOWN_CODE = MESSAGES["code_inconnu"]
MSG_MISMATCH = MESSAGES["identite_differente"]
MSG_ALREADY_OPPOSED = MESSAGES["deja_oppose"]
MSG_ALREADY_ACTIVE = MESSAGES["deja_active"]
MSG_REPRESENTANT = MESSAGES["representant_requis"]
MSG_CHOICE = MESSAGES["choix_requis"]
MSG_CREDENTIALS = MESSAGES["identifiants"]
MSG_IDENTIFIANT = MESSAGES["identifiant_vide"]
MSG_PASSWORD_EMPTY = MESSAGES["mot_de_passe_vide"]
MSG_OTP_WRONG = MESSAGES["code_unique_faux"]
MSG_CONSENT = MESSAGES["consentement"]
MSG_PASSWORD_WRONG = MESSAGES["mot_de_passe_faux"]
MSG_OPPOSITION_RECORDED = MESSAGES["opposition_enregistree"]
MSG_CHOICE_RECORDED = MESSAGES["choix_pris_en_compte"]
MSG_PDF_FAILED = MESSAGES["pdf_echec"]


# -- public pages ---------------------------------------------------------------------------


def home() -> Page:
    return (
        "Accueil",
        f"""
    <section class="hero">
      <h1>Mon espace santé</h1>
      <p class="fr-text--lead">Le carnet de santé numérique de l'Assurance Maladie : stockez et
        partagez vos documents et données de santé en toute sécurité.</p>
      <div class="fr-btns-group">
        {link_button("Activer Mon espace santé", "/enrolement/activation")}
        {link_button("M'opposer à Mon espace santé", "/enrolement/cloture/accueil", secondary=True)}
      </div>
    </section>
    <section>
      <h2>Comment ça marche ?</h2>
      <p>Un profil Mon espace santé est créé pour chaque personne, sauf opposition de sa part
        dans un délai de six semaines après le courrier ou le courriel d'information. Ce
        message contient votre code provisoire, valable pour activer votre profil ou vous
        opposer à sa création.</p>
      <p>Pour en savoir plus, consultez les <a href="/questions-frequentes">questions
        fréquentes</a> et les <a href="/cgu">conditions générales d'utilisation</a>.</p>
    </section>""",
    )


def cgu() -> Page:
    return (
        "Conditions générales d'utilisation",
        """
    <h1>Conditions générales d'utilisation</h1>
    <h2>3.3 Opposition et clôture</h2>
    <p>a. Opposition à la création du profil : munissez-vous de votre code provisoire, de votre
      numéro de sécurité sociale et du numéro de série de votre carte Vitale. Après
      identification, choisissez « Je m'oppose à la création de Mon espace santé », confirmez
      votre choix ; un justificatif d'opposition vous est proposé au format PDF.</p>
    <p>b. Clôture du profil : depuis les paramètres de votre profil, section « Clôture du
      profil ». Vos données sont archivées pendant dix ans, sauf si vous demandez leur
      suppression, réalisée dans un délai de trois mois au plus.</p>""",
    )


def faq() -> Page:
    return (
        "Questions fréquentes",
        """
    <h1>Questions fréquentes</h1>
    <h2>Je n'ai pas reçu mon code provisoire</h2>
    <p>Vous pouvez <a href="/enrolement/nouveau-code">générer un nouveau code provisoire</a>,
      envoyé par SMS ou par e-mail.</p>
    <h2>Comment m'opposer à la création de Mon espace santé ?</h2>
    <p>Rendez-vous sur la page <a href="/enrolement/cloture/accueil">Clôturer ou m'opposer à
      Mon espace santé</a>, ou appelez le 3422.</p>
    <h2>Mon enfant a-t-il un profil ?</h2>
    <p>Chaque enfant a son propre code provisoire, envoyé au représentant légal auquel il est
      rattaché.</p>""",
    )


def cloture_accueil() -> Page:
    return (
        "Clôturer ou m'opposer à Mon espace santé",
        f"""
    <h1>Clôturer ou m'opposer à Mon espace santé</h1>
    <p>Vous ne souhaitez pas utiliser Mon espace santé ?</p>
    <div class="fr-grid">
      <section class="fr-card">
        <h2>Mon profil n'est pas encore activé</h2>
        <p>Vous avez reçu un code provisoire : vous pouvez vous opposer à la création de votre
          profil. Munissez-vous de votre code provisoire, de votre numéro de sécurité sociale et
          de votre carte Vitale.</p>
        {
            link_button(
                "Je m'oppose à la création de mon profil",
                "/enrolement/code-provisoire?parcours=opposition",
            )
        }
      </section>
      <section class="fr-card">
        <h2>Mon profil est activé</h2>
        <p>Connectez-vous à votre profil pour le clôturer depuis vos paramètres.</p>
        {link_button("Je souhaite clôturer mon profil", "/connexion", secondary=True)}
      </section>
    </div>
    <p>{e(PHONE)}</p>""",
    )


def session_expired() -> Page:
    return (
        "Session expirée",
        f"""
    <h1>Votre session a expiré</h1>
    <p>Pour protéger vos données, votre session a été fermée après une période d'inactivité.
      Les informations saisies n'ont pas été enregistrées.</p>
    {link_button("Recommencer", "/")}""",
    )


def maintenance() -> Page:
    return (
        "Site en maintenance",
        f"""
    <h1>Site en maintenance</h1>
    <p>Mon espace santé est momentanément indisponible pour une opération de maintenance.
      Veuillez réessayer plus tard.</p>
    <p>{e(PHONE)}</p>""",
    )


def not_found() -> Page:
    return (
        "Page introuvable",
        f"""
    <h1>Page introuvable</h1>
    <p>La page que vous cherchez n'existe pas ou a été déplacée.</p>
    {link_button("Retour à l'accueil", "/")}""",
    )


# -- enrolment: code, identity, legal representative, choice ----------------------------------


def code_provisoire(form: Form, parcours: str) -> Page:
    intro = (
        "Pour vous opposer à la création de votre profil, saisissez le code provisoire reçu "
        "par courrier ou par e-mail."
        if parcours == "opposition"
        else "Pour activer votre profil, saisissez le code provisoire reçu par courrier ou "
        "par e-mail."
    )
    body = f"""
      <input type="hidden" name="parcours" value="{e(parcours)}">
      {
        text_field(
            "codeProvisoire",
            "Saisir le code provisoire à 12 caractères",
            form,
            rule="code",
            hint="12 lettres ou chiffres, par exemple AB12CD34EF56",
            attrs='maxlength="20" autocomplete="off" spellcheck="false"',
        )
    }
      <div class="fr-btns-group">{button("Valider")}</div>"""
    return (
        "Mon code provisoire",
        f"""
    <h1>Mon code provisoire</h1>
    <p>{e(intro)}</p>
    {alert(form)}
    {form_tag("/enrolement/code-provisoire", "code", body)}
    <p><a href="/enrolement/nouveau-code">Je n'ai pas de code provisoire</a></p>""",
    )


def _card_fields(form: Form) -> str:
    card = form.get("typeCarte")
    label = SERIE_LABEL_AVEC_PHOTO if card == "avec_photo" else SERIE_LABEL_SANS_PHOTO
    return f"""
      {
        radio_group(
            "typeCarte",
            "Je renseigne le modèle de ma carte Vitale.",
            [
                ("sans_photo", "Carte Vitale sans photo", None),
                ("avec_photo", "Carte Vitale avec photo", None),
            ],
            form,
            required_message=v.MSG_CARD_TYPE,
        )
    }
      {
        text_field(
            "numeroSerie",
            label,
            form,
            rule="serie",
            hint="Le numéro de série figure au dos de votre carte Vitale.",
            prefix=v.SERIE_PREFIX_AVEC_PHOTO,
            prefix_hidden=card != "avec_photo",
            attrs='inputmode="numeric" autocomplete="off" maxlength="20"',
        )
    }"""


def identite(form: Form, person: Any) -> Page:
    who = ""
    if person.represented:
        who = info(
            "Vous utilisez le code provisoire d'une personne que vous représentez : "
            "saisissez ses informations à elle."
        )
    body = f"""
      {
        text_field(
            "nir",
            "Mon numéro de sécurité sociale",
            form,
            rule="nir",
            hint="Exemple : 1 55 12 55 555 555 55",
            attrs='inputmode="text" autocomplete="off" maxlength="25"',
        )
    }
      {_card_fields(form)}
      <div class="fr-btns-group">{button("Valider")}</div>"""
    return (
        "Mon identité",
        f"""
    <h1>Mon identité</h1>
    {who}
    <p>Tous les champs sont obligatoires.</p>
    {alert(form)}
    {form_tag("/enrolement/identite", "identite", body)}""",
    )


def nouveau_code(form: Form) -> Page:
    body = f"""
      {
        text_field(
            "nir",
            "Mon numéro de sécurité sociale",
            form,
            rule="nir",
            hint="Exemple : 1 55 12 55 555 555 55",
            attrs='autocomplete="off"',
        )
    }
      {
        text_field(
            "dateNaissance",
            "Date de naissance",
            form,
            rule="date",
            hint="Au format jj/mm/aaaa. Si cela concerne mon enfant, j'indique sa date "
            "de naissance.",
            attrs='autocomplete="off" maxlength="10"',
        )
    }
      {_card_fields(form)}
      {
        radio_group(
            "canal",
            "Je choisis comment recevoir mon code.",
            [("sms", "Par SMS", None), ("email", "Par e-mail", None)],
            form,
            required_message=v.MSG_CHANNEL,
        )
    }
      <div class="fr-btns-group">{button("Envoyer le code")}</div>"""
    return (
        "Générer un nouveau code provisoire",
        f"""
    <h1>Générer un nouveau code provisoire</h1>
    {alert(form)}
    {form_tag("/enrolement/nouveau-code", "nouveau-code", body)}""",
    )


def nouveau_code_envoye(canal: str) -> Page:
    by = "par SMS" if canal == "sms" else "par e-mail"
    return (
        "Code envoyé",
        f"""
    <h1>Code envoyé</h1>
    {
            success(
                f"Si les informations saisies sont reconnues, un nouveau code provisoire vous a "
                f"été envoyé {by}."
            )
        }
    {link_button("Saisir mon code provisoire", "/enrolement/code-provisoire")}""",
    )


def representant(form: Form, person: Any) -> Page:
    name = person.nom_complet
    body = f"""
      {
        radio_group(
            "representant",
            "Veuillez confirmer votre situation.",
            [
                ("oui", f"Je certifie être le représentant légal de {name}.", None),
                ("non", f"Je ne suis pas le représentant légal de {name}.", None),
            ],
            form,
            required_message=MSG_REPRESENTANT,
        )
    }
      <div class="fr-btns-group">{button("Continuer")}</div>"""
    return (
        "Représentant légal",
        f"""
    <h1>Représentant légal</h1>
    <p>Ce code provisoire concerne le profil de {e(name)}.</p>
    {alert(form)}
    {form_tag("/enrolement/representant-legal", "representant", body)}""",
    )


def representant_refus(person: Any) -> Page:
    return (
        "Accès impossible",
        f"""
    <h1>Accès impossible</h1>
    {
            info(
                f"Seul le représentant légal auquel est rattaché(e) {person.nom_complet} a accès à "
                "son profil Mon espace santé."
            )
        }
    <p>Aucune démarche n'a été enregistrée.</p>
    {link_button("Retour à l'accueil", "/")}""",
    )


def choix(form: Form, person: Any) -> Page:
    body = f"""
      {
        radio_group(
            "choix",
            "Que souhaitez-vous faire ?",
            [
                (
                    "activation",
                    "J'active Mon espace santé",
                    "Je pourrai stocker et partager mes documents de santé.",
                ),
                (
                    "opposition",
                    "Je m'oppose à la création de Mon espace santé",
                    "Aucun profil ne sera créé. Je pourrai changer d'avis plus tard.",
                ),
            ],
            form,
            required_message=MSG_CHOICE,
        )
    }
      <div class="fr-btns-group">{button("Continuer")}</div>"""
    return (
        "Activer ou m'opposer à Mon espace santé",
        f"""
    <h1>Activer ou m'opposer à Mon espace santé</h1>
    <p>Profil de {e(person.nom_complet)}. Mon espace santé permet de conserver vos documents
      de santé (ordonnances, résultats d'examens, vaccinations) et d'échanger avec vos
      professionnels de santé. Vous pouvez l'activer ou vous opposer à sa création.</p>
    {alert(form)}
    {form_tag("/enrolement/choix", "choix", body)}""",
    )


def deja_oppose(person: Any) -> Page:
    return (
        "Profil opposé",
        f"""
    <h1>Profil opposé</h1>
    <p class="fr-badge">Profil opposé</p>
    {info(MSG_ALREADY_OPPOSED)}
    <p>Profil de {e(person.nom_complet)}. Aucune nouvelle démarche n'est nécessaire.</p>
    <p>{e(PHONE)}</p>
    {link_button("Retour à l'accueil", "/")}""",
    )


def deja_active(person: Any) -> Page:
    return (
        "Profil activé",
        f"""
    <h1>Profil activé</h1>
    <p class="fr-badge">Profil activé</p>
    {info(MSG_ALREADY_ACTIVE)}
    <p>Profil de {e(person.nom_complet)}. Pour fermer ce profil, connectez-vous et clôturez-le
      depuis vos paramètres.</p>
    {link_button("Se connecter", "/connexion")}""",
    )


def opposition_confirmation() -> Page:
    body = f"""
      <div class="fr-btns-group fr-btns-group--inline">
        {button("Retour", name="action", value="retour", secondary=True)}
        {button("Confirmer mon opposition", name="action", value="confirmer")}
      </div>"""
    return (
        "Confirmation de l'opposition",
        f"""
    <h1>Confirmez-vous votre opposition à la création de Mon espace santé ?</h1>
    <ul>
      <li>Aucun profil Mon espace santé ne sera créé.</li>
      <li>Vos professionnels de santé ne pourront pas y déposer de documents.</li>
      <li>Vous pourrez changer d'avis à tout moment en activant votre profil.</li>
    </ul>
    {form_tag("/enrolement/opposition/confirmation", "confirmation-opposition", body)}""",
    )


def opposition_enregistree(record: Any, download_mode: str) -> Page:
    label = "Télécharger le justificatif"
    ids = 'id="telecharger-justificatif" data-testid="telecharger-justificatif"'
    href = "/enrolement/opposition/justificatif"
    if download_mode == "script":
        control = (
            f'<button type="button" class="fr-btn" {ids} '
            'data-source="/api/enrolement/opposition/justificatif" '
            f'data-nom-fichier="justificatif-opposition.pdf">{label}</button>'
        )
    elif download_mode == "attachment":
        control = link_button(label, href, attrs=ids)
    else:
        control = link_button(label, href, attrs=f'{ids} target="_blank" rel="noopener"')
    return (
        "Opposition enregistrée",
        f"""
    <h1>Opposition enregistrée</h1>
    {success(MSG_OPPOSITION_RECORDED)}
    <p>{e(MSG_CHOICE_RECORDED)}</p>
    <p>Numéro de référence : <strong id="numero-reference">{e(record.reference)}</strong></p>
    <p>Conservez votre justificatif d'opposition : il indique la date de votre démarche et son
      numéro de référence.</p>
    <div class="fr-btns-group">{control}</div>
    <div class="fr-alert fr-alert--error" role="alert" id="erreur-justificatif" hidden><p></p></div>
    <p role="status" id="statut-justificatif"></p>
    <p><a href="/">Retour à l'accueil</a></p>""",
    )


def activation_confirmation() -> Page:
    body = f"""
      <div class="fr-btns-group fr-btns-group--inline">
        {button("Retour", name="action", value="retour", secondary=True)}
        {button("Confirmer l'activation", name="action", value="confirmer")}
      </div>"""
    return (
        "Confirmation de l'activation",
        f"""
    <h1>Confirmez-vous l'activation de Mon espace santé ?</h1>
    <p>Votre profil sera créé et vos professionnels de santé pourront y déposer vos documents.
      Vous pourrez le clôturer à tout moment.</p>
    {form_tag("/enrolement/activation/confirmation", "confirmation-activation", body)}""",
    )


def activation_enregistree(record: Any) -> Page:
    return (
        "Profil activé",
        f"""
    <h1>Profil activé</h1>
    {success("Votre profil Mon espace santé est activé.")}
    <p>Numéro de référence : <strong id="numero-reference">{e(record.reference)}</strong></p>
    {link_button("Retour à l'accueil", "/")}""",
    )


def pdf_error() -> Page:
    return (
        "Erreur",
        f"""
    <h1>Une erreur est survenue</h1>
    {info(MSG_PDF_FAILED)}
    <p>{e(PHONE)}</p>""",
    )


# -- closure --------------------------------------------------------------------------------


def connexion(form: Form) -> Page:
    body = f"""
      {
        text_field(
            "identifiant",
            "Identifiant",
            form,
            rule="requis",
            required_message=MSG_IDENTIFIANT,
            attrs='autocomplete="username"',
        )
    }
      {
        text_field(
            "motDePasse",
            "Mot de passe",
            form,
            rule="requis",
            input_type="password",
            required_message=MSG_PASSWORD_EMPTY,
            keep_value=False,
            attrs='autocomplete="current-password"',
        )
    }
      <div class="fr-btns-group">{button("Se connecter")}</div>"""
    return (
        "Connexion",
        f"""
    <h1>Connexion à Mon espace santé</h1>
    {alert(form)}
    {form_tag("/connexion", "connexion", body)}
    <p><a href="/enrolement/activation">Je n'ai pas encore activé mon profil</a></p>""",
    )


def connexion_canal(form: Form, account: Any) -> Page:
    body = f"""
      {
        radio_group(
            "canal",
            "Recevoir mon code à usage unique",
            [
                ("sms", "Par SMS", account.telephone),
                ("email", "Par e-mail", account.email),
            ],
            form,
            required_message=v.MSG_CHANNEL,
        )
    }
      <div class="fr-btns-group">{button("Envoyer le code")}</div>"""
    return (
        "Code à usage unique",
        f"""
    <h1>Vérification de votre identité</h1>
    <p>Pour sécuriser votre connexion, nous allons vous envoyer un code à usage unique.</p>
    {alert(form)}
    {form_tag("/connexion/code", "canal", body)}""",
    )


def connexion_otp(form: Form, account: Any, canal: str) -> Page:
    where = f"par SMS au {account.telephone}" if canal == "sms" else f"par e-mail à {account.email}"
    body = f"""
      {
        text_field(
            "codeUnique",
            "Code à usage unique",
            form,
            rule="otp",
            hint="6 chiffres",
            keep_value=False,
            attrs='inputmode="numeric" autocomplete="one-time-code" maxlength="6"',
        )
    }
      <div class="fr-btns-group">{button("Valider")}</div>"""
    return (
        "Code à usage unique",
        f"""
    <h1>Code à usage unique</h1>
    <p>Un code à usage unique vous a été envoyé {e(where)}.</p>
    {alert(form)}
    {form_tag("/connexion/code/verification", "otp", body)}
    <p><a href="/connexion/code">Recevoir un nouveau code</a></p>""",
    )


def tableau_de_bord(account: Any) -> Page:
    tiles = "".join(
        f'<li class="fr-tile"><h2>{e(t)}</h2><p>{e(d)}</p></li>'
        for t, d in [
            ("Mes documents", "Ordonnances, résultats d'examens, comptes rendus."),
            ("Ma messagerie", "Échangez avec vos professionnels de santé."),
            ("Mon profil médical", "Antécédents, allergies, vaccinations."),
            ("Mon agenda", "Vos rendez-vous et rappels."),
        ]
    )
    return (
        "Tableau de bord",
        f"""
    <h1>Bonjour {e(account.prenom)}</h1>
    <p>Bienvenue sur votre profil Mon espace santé.</p>
    <ul class="fr-tiles">{tiles}</ul>""",
    )


def parametres(form: Form, account: Any) -> Page:
    body = f"""
      {
        checkbox(
            "consentementFermeture",
            "Je comprends que la clôture de mon profil entraîne la fermeture de Mon espace "
            "santé et de ses services.",
            form,
            required_message=MSG_CONSENT,
        )
    }
      {
        checkbox(
            "consentementConfirmation",
            "Je confirme vouloir clôturer mon profil Mon espace santé.",
            form,
            required_message=MSG_CONSENT,
        )
    }
      {
        checkbox(
            "suppressionDonnees",
            "Je demande la suppression de mes données",
            form,
            hint="Vos données seront supprimées dans un délai de 3 mois au plus. Sans cette "
            "demande, elles sont archivées pendant 10 ans et restaurées si vous "
            "réactivez votre profil.",
        )
    }
      {
        text_field(
            "motDePasse",
            "Mot de passe",
            form,
            rule="requis",
            input_type="password",
            required_message=MSG_PASSWORD_EMPTY,
            keep_value=False,
            hint="Pour confirmer, saisissez à nouveau votre mot de passe.",
            attrs='autocomplete="current-password"',
        )
    }
      <div class="fr-btns-group">{button("Clôturer mon profil")}</div>"""
    return (
        "Paramètres",
        f"""
    <h1>Paramètres</h1>
    <section class="fr-section" id="informations">
      <h2>Mes informations personnelles</h2>
      <p>{e(account.nom_complet)}<br>Identifiant : {e(account.identifiant)}<br>
        E-mail : {e(account.email)}<br>Téléphone : {e(account.telephone)}</p>
    </section>
    <section class="fr-section" id="notifications">
      <h2>Mes notifications</h2>
      <p>Vous recevez une notification par e-mail à chaque nouveau document.</p>
    </section>
    <section class="fr-section" id="cloture" aria-labelledby="cloture-titre">
      <h2 id="cloture-titre">Clôture du profil</h2>
      <p>La clôture ferme votre profil et ses services. Vous pourrez le réactiver plus tard.</p>
      {alert(form)}
      {form_tag("/parametres/cloture", "cloture", body)}
    </section>""",
    )


def profil_cloture(account: Any, closure: Any) -> Page:
    if closure.suppression_donnees:
        data = """<p class="fr-badge fr-badge--warning" id="statut-suppression">Demande de
          suppression des données en cours</p>
          <p>Vos données seront supprimées dans un délai de 3 mois au plus.</p>"""
    else:
        data = """<p>Vos données sont archivées pendant 10 ans. Elles seront restaurées si vous
          réactivez votre profil.</p>"""
    return (
        "Profil clôturé",
        f"""
    <h1>Profil clôturé</h1>
    <p class="fr-badge" id="statut-profil">Profil clôturé</p>
    {
            success(
                f"Le profil Mon espace santé de {account.nom_complet} a été clôturé le "
                f"{closure.date}."
            )
        }
    {data}
    {link_button("Retour à l'accueil", "/")}""",
    )
