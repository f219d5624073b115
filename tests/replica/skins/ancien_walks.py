"""Walks of the skin « ancien » by hand, with plain Playwright (its own markup: layout
tables, labels wrapping their field, <select>, <input type=submit>, no script)."""

from __future__ import annotations

import io
import re
from typing import Any

import pypdf
from playwright.sync_api import Locator, Page, Route, expect

from ens_auto.replica.identities import Account, Person

ENTRY = "/enrolement/cloture/accueil"
IDENTIFICATION = "/portail/identification.do"

REFUSE = "Je refuse la création de mon profil Mon espace santé"
CLOSE = "Je clôture mon profil Mon espace santé"
CODE_LABEL = "Saisir le code provisoire à 12 caractères"
NIR_LABEL = "Mon numéro de sécurité sociale"
CARD_LABEL = "Je renseigne le modèle de ma carte Vitale."
SERIE_LABEL = "Mon numéro de série (entre 8 et 13 caractères)"
OPPOSE = "Je m'oppose à la création de Mon espace santé"
ACTIVATE = "J'active Mon espace santé"
RECORDED = "Votre choix a été pris en compte"
JUSTIFICATIF = "Afficher le justificatif d'opposition (PDF, nouvelle fenêtre)"
SURVEY = "Votre avis nous intéresse"

CARDS = {"sans_photo": "Carte Vitale sans photo", "avec_photo": "Carte Vitale avec photo"}


def heading(page: Page, name: str | re.Pattern[str]) -> Locator:
    return page.get_by_role("heading", level=1, name=name)


def submit(page: Page, value: str) -> None:
    """Press an <input type="submit"> by its value."""
    button = page.get_by_role("button", name=value, exact=True)
    expect(button).to_have_attribute("type", "submit")
    button.click()


def errors_at_top(page: Page) -> list[str]:
    """The red list at the top of the form."""
    return page.locator("main .erreurs li").all_inner_texts()


def error_beside(field: Locator) -> Locator:
    """The red message written beside a field (in its table cell, or its fieldset)."""
    return field.locator(
        "xpath=ancestor::td[1]//span[@class='erreur'] | ancestor::fieldset[1]/span[@class='erreur']"
    )


def start_opposition(page: Page, replica: Any) -> None:
    """The entry path: one form with two radio buttons, « Valider »."""
    page.goto(replica.url + ENTRY)
    expect(heading(page, "Clôturer ou m'opposer à Mon espace santé")).to_be_visible()
    page.get_by_role("radio", name=REFUSE, exact=True).check()
    submit(page, "Valider")
    expect(heading(page, "Identification")).to_be_visible()


def fill_identification(
    page: Page,
    person: Person,
    *,
    code: str | None = None,
    nir: str | None = None,
    card: str | None = None,
    serie: str | None = None,
) -> None:
    """Code provisoire, NIR, card model and serial on one page, then « Valider »."""
    page.get_by_label(CODE_LABEL, exact=True).fill(person.code_provisoire if code is None else code)
    page.get_by_label(NIR_LABEL, exact=True).fill(person.nir if nir is None else nir)
    model = CARDS.get(person.carte_vitale_type if card is None else card, "-- Choisir --")
    page.get_by_role("combobox", name=CARD_LABEL, exact=True).select_option(label=model)
    page.get_by_label(SERIE_LABEL, exact=True).fill(
        person.carte_vitale_serie if serie is None else serie
    )
    submit(page, "Valider")


def vouch(page: Page, person: Person, *, yes: bool = True) -> None:
    expect(heading(page, "Représentant légal")).to_be_visible()
    name = person.nom_complet
    text = (
        f"Je certifie être le représentant légal de {name}."
        if yes
        else f"Je ne suis pas le représentant légal de {name}."
    )
    page.get_by_role("radio", name=text, exact=True).check()
    submit(page, "Continuer")


def choose(page: Page, choice: str) -> None:
    expect(heading(page, "Activer ou refuser Mon espace santé")).to_be_visible()
    page.get_by_role("radio", name=choice, exact=True).check()
    submit(page, "Continuer")


def identify(page: Page, replica: Any, person: Person) -> None:
    """From the identification page to the choice (« Représentant légal » vouched for)."""
    page.goto(replica.url + IDENTIFICATION)
    fill_identification(page, person)
    if person.represented:
        vouch(page, person)


def oppose(page: Page, replica: Any, person: Person) -> str:
    """The whole opposition; returns the reference shown on the « recorded » page."""
    identify(page, replica, person)
    choose(page, OPPOSE)
    expect(heading(page, "Confirmation de votre choix")).to_be_visible()
    submit(page, "Je confirme mon opposition")
    expect(heading(page, RECORDED)).to_be_visible()
    return page.locator("main .reference").inner_text()


def close_survey(page: Page) -> None:
    """« Non merci »: a link to the same page, which comes back without the box."""
    page.get_by_role("link", name="Non merci").click()
    expect(page.get_by_text(SURVEY)).to_have_count(0)
    expect(heading(page, RECORDED)).to_be_visible()


def capture_justificatif(page: Page) -> list[bytes]:
    """The bytes the browser really receives from the justificatif's URL (any window)."""
    received: list[bytes] = []

    def keep(route: Route) -> None:
        response = route.fetch()
        received.append(response.body())
        route.fulfill(response=response)

    page.context.route(re.compile(r"/enrolement/opposition/justificatif"), keep)
    return received


def open_justificatif(page: Page) -> tuple[Page, bytes]:
    """The skin's own delivery: a plain link opening the PDF in a new window."""
    received = capture_justificatif(page)
    link = page.get_by_role("link", name=JUSTIFICATIF)
    expect(link).to_have_attribute("target", "_blank")
    with page.expect_popup() as popup_info:
        link.click()
    popup = popup_info.value
    popup.wait_for_load_state()
    assert "/enrolement/opposition/justificatif?mode=inline" in popup.url
    assert len(received) == 1
    return popup, received[0]


def pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)


def start_closure(page: Page, replica: Any) -> None:
    """The entry path, « clôturer »: the login form."""
    page.goto(replica.url + ENTRY)
    page.get_by_role("radio", name=CLOSE, exact=True).check()
    submit(page, "Valider")
    expect(heading(page, "Connexion à mon profil")).to_be_visible()


def log_in(page: Page, account: Account, password: str | None = None) -> None:
    page.get_by_label("Identifiant", exact=True).fill(account.identifiant)
    page.get_by_label("Mot de passe", exact=True).fill(
        account.mot_de_passe if password is None else password
    )
    submit(page, "Se connecter")


def send_code(page: Page, canal: str) -> None:
    expect(heading(page, "Vérification de votre identité")).to_be_visible()
    page.get_by_role("combobox", name="Recevoir le code à usage unique").select_option(label=canal)
    submit(page, "Envoyer le code")


def enter_code(page: Page, code: str) -> None:
    page.get_by_label("Code à usage unique", exact=True).fill(code)
    submit(page, "Valider")


def login(page: Page, replica: Any, account: Account, *, canal: str = "Par SMS") -> None:
    """Entry (« clôturer »), login, the channel in a <select>, the one-time code."""
    start_closure(page, replica)
    log_in(page, account)
    send_code(page, canal)
    enter_code(page, replica.control.otp(account.identifiant))
    expect(heading(page, "Bienvenue sur Mon espace santé")).to_be_visible()


def open_closure(page: Page, account: Account) -> None:
    """The name at the top right (a <details>), « Paramètres », then « Clôture du profil »."""
    menu = page.locator("details.menu-compte")
    expect(menu.locator("summary")).to_have_text(account.nom_complet)
    settings = page.get_by_role("link", name="Paramètres", exact=True)
    expect(settings).to_be_hidden()
    menu.locator("summary").click()
    expect(page.get_by_role("link", name="Déconnexion")).to_be_visible()
    settings.click()
    expect(heading(page, "Paramètres")).to_be_visible()
    page.get_by_role("link", name="Clôture du profil", exact=True).click()
    expect(heading(page, "Clôture du profil")).to_be_visible()


def fill_closure(page: Page, account: Account, *, deletion: bool) -> None:
    page.get_by_role(
        "checkbox",
        name="J'ai pris connaissance des conséquences de la clôture de mon profil Mon espace "
        "santé.",
    ).check()
    page.get_by_role("checkbox", name="Je souhaite clôturer mon profil Mon espace santé.").check()
    if deletion:
        page.get_by_role("checkbox", name="Je demande aussi la suppression de mes données").check()
    page.get_by_label("Mot de passe", exact=True).fill(account.mot_de_passe)
    submit(page, "Clôturer mon profil")
    expect(heading(page, "Êtes-vous sûr(e) de vouloir clôturer votre profil ?")).to_be_visible()
