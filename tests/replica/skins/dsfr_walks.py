"""Walks of the skin « dsfr » by hand, with plain Playwright (its own markup).

DSFR radios and checkboxes are drawn by their label (the input is transparent, under the
label), so they are ticked by clicking their label, as a person does.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pypdf
from playwright.sync_api import Locator, Page, expect

from ens_auto.replica.identities import Account, Person

ENTRY = "/enrolement/cloture/accueil"
CODE_PATH = "/enrolement/mon-code-provisoire?parcours=opposition"
CONSENT_KEY = "ens-consentement-cookies"

CODE_LABEL = "Saisir le code provisoire à 12 caractères"
NIR_LABEL = "Mon numéro de sécurité sociale"
SERIE_LABEL = re.compile(r"^Mon numéro de série")
PASSWORD_LABEL = re.compile(r"^Mot de passe")
DOWNLOAD_LABEL = "Télécharger mon justificatif d'opposition"
STEP_HEADING = re.compile(r"^Étape \d sur 4")


def skip_consent(page: Page) -> None:
    """A cookie choice made before: the banner does not come (tests of other things)."""
    page.add_init_script(f"localStorage.setItem('{CONSENT_KEY}', '{{\"audience\":false}}')")


def pick(page: Page, label: str | re.Pattern[str]) -> None:
    """Tick a DSFR radio or checkbox by its label."""
    page.locator("label.fr-label").filter(has_text=label).click()


def error_of(page: Page, field_id: str) -> Locator:
    """The error text of a field (or fieldset) whose id is ``field_id``."""
    return page.locator(f"#{field_id}-messages .fr-error-text")


def h1(page: Page, name: str | re.Pattern[str]) -> Locator:
    return page.get_by_role("heading", level=1, name=name)


def start_opposition(page: Page, replica: Any, *, via_entry: bool = False) -> None:
    """The code form of an opposition: from the entry path (its tile, then « Avant de
    commencer »), or straight from the address « Commencer ma démarche » leads to."""
    if via_entry:
        page.goto(replica.url + ENTRY)
        page.get_by_role("link", name="Refuser la création de mon profil").click()
        expect(h1(page, "Avant de commencer")).to_be_visible()
        page.get_by_role("link", name="Commencer ma démarche").click()
    else:
        page.goto(replica.url + CODE_PATH)
    expect(page.get_by_role("heading", level=2, name="Mon code provisoire")).to_be_visible()


def enter_code(page: Page, code: str) -> None:
    page.get_by_label(CODE_LABEL).fill(code)
    page.get_by_role("button", name="Valider").click()


def fill_identity(page: Page, person: Person, *, nir: str | None = None) -> None:
    expect(page.get_by_role("heading", level=2, name="Mon identité")).to_be_visible()
    page.get_by_label(NIR_LABEL).fill(nir or person.nir)
    card = "avec photo" if person.carte_vitale_type == "avec_photo" else "sans photo"
    pick(page, f"Carte Vitale {card}")
    page.get_by_label(SERIE_LABEL).fill(person.carte_vitale_serie)
    page.get_by_role("button", name="Valider").click()


def identify(page: Page, replica: Any, person: Person, *, via_entry: bool = False) -> None:
    """From the code form to the choice (« Représentant légal » answered « oui »)."""
    start_opposition(page, replica, via_entry=via_entry)
    enter_code(page, person.code_provisoire)
    fill_identity(page, person)
    if person.represented:
        expect(page.get_by_role("heading", name="Représentant légal")).to_be_visible()
        pick(page, f"Je certifie être le représentant légal de {person.nom_complet}.")
        page.get_by_role("button", name="Continuer").click()


def choose(page: Page, choice: str) -> None:
    expect(page.get_by_role("heading", level=2, name="Mon choix")).to_be_visible()
    pick(page, choice)
    page.get_by_role("button", name="Continuer").click()


def oppose(page: Page, replica: Any, person: Person, *, via_entry: bool = False) -> str:
    """The whole opposition; returns the reference shown on the « recorded » page."""
    identify(page, replica, person, via_entry=via_entry)
    choose(page, "Je m'oppose à la création de Mon espace santé")
    expect(h1(page, "Confirmez-vous votre refus ?")).to_be_visible()
    page.get_by_role("button", name="Confirmer mon refus").click()
    expect(h1(page, "Refus enregistré")).to_be_visible()
    return page.locator("#reference").inner_text()


def download(page: Page) -> bytes:
    """Click the DSFR download link; the file the browser saved."""
    with page.expect_download() as info:
        page.get_by_role("link", name=DOWNLOAD_LABEL).click()
    path = info.value.path()
    assert path is not None
    with open(path, "rb") as handle:
        return handle.read()


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def login(page: Page, replica: Any, account: Account) -> None:
    """Entry tile « Clôturer mon profil activé », login, one-time code by SMS."""
    page.goto(replica.url + ENTRY)
    page.get_by_role("link", name="Clôturer mon profil activé").click()
    expect(h1(page, "Se connecter à Mon espace santé")).to_be_visible()
    page.get_by_role("textbox", name="Identifiant").fill(account.identifiant)
    page.get_by_label(PASSWORD_LABEL).fill(account.mot_de_passe)
    page.get_by_role("button", name="Se connecter").click()
    expect(h1(page, "Vérification de votre identité")).to_be_visible()
    pick(page, "Par SMS")
    page.get_by_role("button", name="Recevoir mon code").click()
    page.get_by_label("Code à usage unique").fill(replica.control.otp(account.identifiant))
    page.get_by_role("button", name="Valider").click()
    expect(h1(page, f"Bonjour {account.prenom}")).to_be_visible()


def open_closure(page: Page, account: Account) -> None:
    """The name at the top right, « Paramètres », then « Clôture du profil »."""
    menu = page.get_by_role("button", name=account.nom_complet)
    expect(menu).to_have_attribute("aria-expanded", "false")
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    page.get_by_role("link", name="Paramètres").click()
    expect(h1(page, "Paramètres")).to_be_visible()
    page.get_by_role("navigation", name="Paramètres").get_by_role(
        "link", name="Clôture du profil"
    ).click()
    expect(h1(page, "Clôture du profil")).to_be_visible()


def fill_closure(page: Page, account: Account, *, deletion: bool) -> None:
    pick(page, re.compile("^Je comprends que la clôture"))
    pick(page, re.compile("^Je confirme vouloir clôturer"))
    if deletion:
        pick(page, "Demander la suppression de mes données")
    page.get_by_label(PASSWORD_LABEL).fill(account.mot_de_passe)
