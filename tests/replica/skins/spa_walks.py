"""Walks of the skin « spa » by hand, with plain Playwright (its own markup)."""

from __future__ import annotations

import base64
import io
import re
from typing import Any

import pypdf
from playwright.sync_api import Locator, Page, expect

from ens_auto.replica.identities import Account, Person

#: The key under which the application remembers the cookie choice.
CONSENT_KEY = "mes-consentement-cookies"

CODE_LABEL = "Saisir le code provisoire à 12 caractères"
NIR_LABEL = "Mon numéro de sécurité sociale"
SERIE_LABEL = re.compile(r"^Mon numéro de série")
CARD_LABEL = "Je renseigne le modèle de ma carte Vitale."


def skip_consent(page: Page) -> None:
    """A choice made before: the cookie dialog will not come (tests of other things)."""
    page.add_init_script(f"localStorage.setItem('{CONSENT_KEY}', '{{\"audience\":false}}')")


def open_view(page: Page, replica: Any, path: str, heading: str | re.Pattern[str]) -> None:
    page.goto(replica.url + path)
    expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()


def shown(page: Page, text: str, *, exact: bool = False) -> Locator:
    """Text of the view (not the live region, which says the same words again)."""
    return page.locator("main").get_by_text(text, exact=exact)


def enter_code(page: Page, code: str) -> None:
    page.get_by_label(CODE_LABEL).fill(code)
    page.get_by_role("button", name="Valider").click()


def fill_identity(page: Page, person: Person, *, nir: str | None = None) -> None:
    expect(page.get_by_role("heading", level=1, name="Mon identité")).to_be_visible()
    page.get_by_label(NIR_LABEL).fill(nir or person.nir)
    card = "avec photo" if person.carte_vitale_type == "avec_photo" else "sans photo"
    pick_card(page, f"Carte Vitale {card}")
    page.get_by_label(SERIE_LABEL).fill(person.carte_vitale_serie)
    page.get_by_role("button", name="Valider").click()


def identify(page: Page, replica: Any, person: Person) -> None:
    """From the entry path to the choice (« Représentant légal » answered « oui »)."""
    open_view(page, replica, "/enrolement/cloture/accueil", "Mon code provisoire")
    enter_code(page, person.code_provisoire)
    fill_identity(page, person)
    if person.represented:
        expect(page.get_by_role("heading", level=1, name="Représentant légal")).to_be_visible()
        page.get_by_role(
            "radio", name=f"Je certifie être le représentant légal de {person.nom_complet}."
        ).click()
        page.get_by_role("button", name="Continuer").click()


def pick_card(page: Page, label: str) -> None:
    """The card model is a list that opens on demand (its options exist once opened)."""
    page.get_by_role("combobox", name=CARD_LABEL).click()
    page.get_by_role("option", name=label, exact=True).click()
    expect(page.get_by_role("combobox", name=CARD_LABEL)).to_contain_text(label)


def choose(page: Page, choice: str) -> None:
    expect(page.get_by_role("heading", level=1, name="Que souhaitez-vous faire ?")).to_be_visible()
    page.get_by_role("radio", name=choice).click()
    page.get_by_role("button", name="Continuer").click()


def oppose(page: Page, replica: Any, person: Person) -> str:
    """The whole opposition; returns the reference shown on the « recorded » view."""
    identify(page, replica, person)
    choose(page, "Je m'oppose à la création de Mon espace santé")
    expect(page.get_by_role("heading", name="Confirmez-vous votre opposition ?")).to_be_visible()
    page.get_by_role("button", name="Oui, je confirme mon opposition").click()
    expect(page.get_by_role("heading", name="Votre opposition est enregistrée")).to_be_visible()
    return page.locator("dt:text-is('Référence') + dd").inner_text()


def api_steps(person: Person) -> list[tuple[str, dict[str, str], str]]:
    """The opposition through the JSON API: (action, values, page expected next)."""
    identity = {
        "nir": person.nir,
        "typeCarte": person.carte_vitale_type,
        "numeroSerie": person.carte_vitale_serie,
    }
    return [
        ("parcours", {"parcours": "opposition"}, "code"),
        ("code", {"codeProvisoire": person.code_provisoire}, "identite"),
        ("identite", identity, "choix"),
        ("choix", {"choix": "opposition"}, "opposition_confirmation"),
        ("confirmation-opposition", {"action": "confirmer"}, "opposition_enregistree"),
    ]


def opposed_by_api(page: Page, replica: Any, person: Person) -> None:
    """An opposition recorded through the API with the page's cookies (quick), then its
    « recorded » view, for tests of what that view does."""
    for action, values, expected in api_steps(person):
        answer = page.request.post(f"{replica.url}/api/v1/{action}", data=values)
        assert answer.json()["page"] == expected
    open_view(
        page, replica, "/enrolement/opposition/enregistree", "Votre opposition est enregistrée"
    )


def blob_bytes(page: Page, url: str) -> bytes:
    """The bytes behind a blob: URL of the page's origin."""
    encoded = page.evaluate(
        """async (url) => {
            const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
            let binary = "";
            for (const b of bytes) binary += String.fromCharCode(b);
            return btoa(binary);
        }""",
        url,
    )
    return base64.b64decode(encoded)


def open_justificatif(page: Page) -> bytes:
    """The skin's own delivery: a new tab on a blob; returns the blob's bytes."""
    with page.expect_popup() as popup_info:
        page.get_by_role("button", name="Ouvrir mon justificatif (PDF)").click()
    popup = popup_info.value
    assert popup.url.startswith("blob:")
    data = blob_bytes(page, popup.url)
    popup.close()
    return data


def pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)


def login(page: Page, replica: Any, account: Account) -> None:
    """Login, one-time code (sent by SMS without a question), the dashboard."""
    open_view(page, replica, "/connexion", "Connexion à Mon espace santé")
    page.get_by_label("Identifiant").fill(account.identifiant)
    page.get_by_label("Mot de passe").fill(account.mot_de_passe)
    page.get_by_role("button", name="Se connecter").click()
    code = page.get_by_label("Code à usage unique")
    expect(code).to_be_visible()
    code.fill(replica.control.otp(account.identifiant))
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_role("heading", level=1, name=f"Bonjour {account.prenom}")).to_be_visible()


def error_of(field: Locator) -> Locator:
    """The error message of a field: it has aria-invalid and is described by the message."""
    expect(field).to_have_attribute("aria-invalid", "true")
    ids = (field.get_attribute("aria-describedby") or "").split()
    errors = [i for i in ids if i.endswith("-erreur")]
    assert len(errors) == 1, ids
    return field.page.locator(f"[id='{errors[0]}']")
