"""The skin « spa » (client-rendered single-page application), walked with plain Playwright:
both procedures, their outcomes, the fault switches, and what makes this skin different
(no <form>, ARIA widgets, cookie dialog, tabs, justificatif in a new tab)."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from ens_auto.replica import validation as v
from ens_auto.replica.identities import Identities
from tests.replica.skins.spa_walks import (
    CARD_LABEL,
    CODE_LABEL,
    NIR_LABEL,
    SERIE_LABEL,
    api_steps,
    blob_bytes,
    choose,
    enter_code,
    error_of,
    fill_identity,
    login,
    open_justificatif,
    open_view,
    oppose,
    opposed_by_api,
    pdf_text,
    pick_card,
    shown,
    skip_consent,
)

pytestmark = pytest.mark.e2e

ENTRY = "/enrolement/cloture/accueil"


@pytest.fixture
def spa(replica_skin: Callable[[str], Any]) -> Any:
    return replica_skin("spa")


@pytest.fixture
def app(page: Page, spa: Any) -> Page:
    """A page where the cookie choice was made before (the dialog does not come)."""
    skip_consent(page)
    return page


# -- opposition -------------------------------------------------------------------------------


def test_opposition_adult_without_photo(app: Page, spa: Any, ids: Identities) -> None:
    person = ids.person("adulte_sans_photo")
    open_view(app, spa, ENTRY, "Mon code provisoire")
    # the entry goes straight to the code form of the opposition, with a way to the login
    expect(shown(app, "M'opposer à la création de Mon espace santé")).to_be_visible()
    expect(app.get_by_role("link", name="Me connecter pour clôturer mon profil")).to_be_visible()
    expect(app.locator("form")).to_have_count(0)
    enter_code(app, person.code_provisoire)
    nir = app.get_by_label(NIR_LABEL)
    nir.press_sequentially(person.nir)
    expect(nir).to_have_value("2 85 03 75 112 345 44")  # the input mask
    fill_identity(app, person)
    expect(app).to_have_url(re.compile("/enrolement/choix$"))
    choose(app, "Je m'oppose à la création de Mon espace santé")
    app.get_by_role("button", name="Oui, je confirme mon opposition").click()
    expect(app.get_by_role("heading", name="Votre opposition est enregistrée")).to_be_visible()
    reference = app.locator("dt:text-is('Référence') + dd").inner_text()

    data = open_justificatif(app)
    text = pdf_text(data)
    assert "opposition" in text
    assert reference in text
    expect(shown(app, "Votre justificatif s'est ouvert dans un nouvel onglet.")).to_be_visible()
    save = app.get_by_role("link", name="Enregistrer le justificatif sur mon appareil")
    assert blob_bytes(app, save.get_attribute("href") or "") == data

    state = spa.control.state()
    assert [r["person"] for r in state["oppositions"]] == ["adulte_sans_photo"]
    assert state["oppositions"][0]["reference"] == reference
    assert state["activations"] == []
    assert state["skin"] == "spa"


def test_opposition_card_with_photo(app: Page, spa: Any, ids: Identities) -> None:
    person = ids.person("adulte_avec_photo_2a")
    open_view(app, spa, ENTRY, "Mon code provisoire")
    enter_code(app, person.code_provisoire)
    app.get_by_label(NIR_LABEL).fill(person.nir)
    expect(app.get_by_label(NIR_LABEL)).to_have_value("1 78 11 2A 004 123 10")
    # the card model: a list that opens on demand, its options drawn only once opened
    model = app.get_by_role("combobox", name=CARD_LABEL)
    expect(model).to_have_attribute("aria-expanded", "false")
    expect(app.get_by_role("option", name="Carte Vitale avec photo")).to_have_count(0)
    model.focus()
    app.keyboard.press("Enter")
    expect(model).to_have_attribute("aria-expanded", "true")
    app.get_by_role("option", name="Carte Vitale avec photo").click()
    expect(model).to_have_attribute("aria-expanded", "false")
    expect(model).to_contain_text("Carte Vitale avec photo")
    expect(app.get_by_role("option")).to_have_count(0)
    serial = app.get_by_label("Mon numéro de série (les 11 chiffres après 8025000002)")
    expect(serial).to_be_visible()
    expect(shown(app, v.SERIE_PREFIX_AVEC_PHOTO, exact=True)).to_be_visible()
    serial.fill(person.carte_vitale_serie)
    app.get_by_role("button", name="Valider").click()
    choose(app, "Je m'oppose à la création de Mon espace santé")
    app.get_by_role("button", name="Oui, je confirme mon opposition").click()
    expect(app.get_by_role("heading", name="Votre opposition est enregistrée")).to_be_visible()
    assert "opposition" in pdf_text(open_justificatif(app))
    state = spa.control.state()
    assert [r["person"] for r in state["oppositions"]] == ["adulte_avec_photo_2a"]


def test_opposition_for_a_child_by_the_legal_representative(
    app: Page, spa: Any, ids: Identities
) -> None:
    child = ids.person("enfant_1")
    reference = oppose(app, spa, child)
    expect(shown(app, f"pour {child.nom_complet}.")).to_be_visible()
    state = spa.control.state()
    assert state["oppositions"] == [
        {**state["oppositions"][0], "person": "enfant_1", "via_representant": True}
    ]
    assert state["oppositions"][0]["reference"] == reference


def test_refusal_of_the_legal_representative_records_nothing(
    app: Page, spa: Any, ids: Identities
) -> None:
    child = ids.person("enfant_1")
    open_view(app, spa, ENTRY, "Mon code provisoire")
    enter_code(app, child.code_provisoire)
    fill_identity(app, child)
    expect(app.get_by_role("heading", level=1, name="Représentant légal")).to_be_visible()
    app.get_by_role("button", name="Continuer").click()  # nothing chosen
    group = app.get_by_role("radiogroup", name="Votre situation")
    expect(error_of(group)).to_have_text("Sélectionner une réponse")
    app.get_by_role(
        "radio", name=f"Je ne suis pas le représentant légal de {child.nom_complet}."
    ).click()
    app.get_by_role("button", name="Continuer").click()
    expect(
        app.get_by_role("heading", name="Vous ne pouvez pas faire cette démarche")
    ).to_be_visible()
    expect(shown(app, "Aucune démarche n'a été enregistrée.")).to_be_visible()
    expect(app).to_have_url(re.compile("/enrolement/representant-legal/refus$"))
    state = spa.control.state()
    assert state["oppositions"] == [] and state["activations"] == []


def test_activation_branch_records_an_activation(app: Page, spa: Any, ids: Identities) -> None:
    person = ids.person("parent")
    open_view(app, spa, "/", "Mon espace santé")
    app.get_by_role("link", name="Activer Mon espace santé").click()
    expect(shown(app, "Activer Mon espace santé", exact=True)).to_be_visible()
    enter_code(app, person.code_provisoire)
    fill_identity(app, person)
    choose(app, "J'active Mon espace santé")
    expect(app.get_by_role("heading", name="Confirmez-vous l'activation ?")).to_be_visible()
    app.get_by_role("button", name="Modifier mon choix").click()  # back to the choice
    choose(app, "J'active Mon espace santé")
    app.get_by_role("button", name="Oui, j'active mon profil").click()
    expect(app.get_by_role("heading", name="Votre profil est activé")).to_be_visible()
    state = spa.control.state()
    assert [r["person"] for r in state["activations"]] == ["parent"]
    assert state["oppositions"] == []


@pytest.mark.parametrize(
    ("pid", "heading", "status"),
    [
        ("deja_oppose", "Opposition déjà enregistrée", "Profil opposé"),
        ("deja_active", "Profil déjà activé", "Profil activé"),
    ],
)
def test_settled_profiles(
    app: Page, spa: Any, ids: Identities, pid: str, heading: str, status: str
) -> None:
    person = ids.person(pid)
    open_view(app, spa, ENTRY, "Mon code provisoire")
    enter_code(app, person.code_provisoire)
    fill_identity(app, person)
    expect(app.get_by_role("heading", level=1, name=heading)).to_be_visible()
    expect(shown(app, status, exact=True)).to_be_visible()
    app.reload()  # the view comes back at its own path
    expect(app.get_by_role("heading", level=1, name=heading)).to_be_visible()
    state = spa.control.state()
    assert state["oppositions"] == [] and state["activations"] == []


# -- errors -----------------------------------------------------------------------------------


def test_unknown_code_and_identity_mismatch(app: Page, spa: Any, ids: Identities) -> None:
    person = ids.person("adulte_sans_photo")
    open_view(app, spa, ENTRY, "Mon code provisoire")
    enter_code(app, "ZZZZ9999ZZZZ")
    unknown = "Nous ne reconnaissons pas ce code provisoire. Vérifiez votre saisie ou demandez"
    expect(shown(app, unknown)).to_be_visible()
    code = app.get_by_label(CODE_LABEL)
    expect(code).to_have_attribute("aria-invalid", "true")
    expect(code).to_have_accessible_description(re.compile(unknown))
    expect(app.locator("#annonces")).to_contain_text(unknown)
    expect(app.locator("[role=alert]")).to_have_count(0)

    enter_code(app, person.code_provisoire)
    fill_identity(app, person, nir="171053356789070")  # a valid NIR, not this person's
    expect(shown(app, "Ces informations ne correspondent pas au code provisoire")).to_be_visible()
    expect(app.get_by_role("heading", level=1, name="Mon identité")).to_be_visible()
    assert spa.control.state()["oppositions"] == []


def test_field_errors_word_for_word(app: Page, spa: Any, ids: Identities) -> None:
    person = ids.person("adulte_sans_photo")
    open_view(app, spa, ENTRY, "Mon code provisoire")
    code = app.get_by_label(CODE_LABEL)
    for typed, message in [
        ("", v.MSG_CODE_EMPTY),
        ("ABC123", v.MSG_CODE_LENGTH),
        ("ABC-123-DEF!", v.MSG_CODE_CHARS),
    ]:
        code.fill(typed)
        app.get_by_role("button", name="Valider").click()
        expect(shown(app, message, exact=True)).to_be_visible()
        expect(error_of(code)).to_have_text(message)
    expect(app.locator("#annonces")).to_have_text(v.MSG_CODE_CHARS)

    enter_code(app, person.code_provisoire)
    expect(app.get_by_role("heading", level=1, name="Mon identité")).to_be_visible()
    valider = app.get_by_role("button", name="Valider")
    valider.click()
    nir = app.get_by_label(NIR_LABEL)
    model = app.get_by_role("combobox", name=CARD_LABEL)
    serial = app.get_by_label(SERIE_LABEL)
    expect(nir).to_be_focused()
    expect(error_of(nir)).to_have_text(v.MSG_NIR_EMPTY)
    expect(error_of(model)).to_have_text(v.MSG_CARD_TYPE)
    expect(error_of(serial)).to_have_text(v.MSG_SERIE_EMPTY)
    nir.fill("2850375112345")
    serial.fill("12A45")
    valider.click()
    expect(shown(app, v.MSG_NIR_LENGTH, exact=True)).to_be_visible()
    expect(error_of(serial)).to_have_text(v.MSG_SERIE_DIGITS)
    nir.fill("285037511234545")  # wrong key
    pick_card(app, "Carte Vitale sans photo")
    serial.fill("1234567")
    valider.click()
    expect(shown(app, v.MSG_NIR_FORMAT, exact=True)).to_be_visible()
    expect(error_of(serial)).to_have_text(v.MSG_SERIE_SANS_PHOTO)
    pick_card(app, "Carte Vitale avec photo")
    valider.click()
    expect(error_of(app.get_by_label(SERIE_LABEL))).to_have_text(v.MSG_SERIE_AVEC_PHOTO)
    expect(model).not_to_have_attribute("aria-invalid", "true")


def test_session_expired(app: Page, spa: Any, ids: Identities) -> None:
    person = ids.person("adulte_sans_photo")
    open_view(app, spa, ENTRY, "Mon code provisoire")
    enter_code(app, person.code_provisoire)
    expect(app.get_by_role("heading", level=1, name="Mon identité")).to_be_visible()
    spa.control.set_faults(session_ttl_s=0.3)
    time.sleep(0.5)
    fill_identity(app, person)
    expect(app.get_by_role("heading", level=1, name="Votre session a pris fin")).to_be_visible()
    expect(app).to_have_url(re.compile("/session-expiree$"))
    app.get_by_role("link", name="Reprendre ma démarche d'opposition").click()
    expect(app.get_by_role("heading", level=1, name="Mon code provisoire")).to_be_visible()
    assert spa.control.state()["oppositions"] == []


def test_maintenance(app: Page, spa: Any) -> None:
    open_view(app, spa, ENTRY, "Mon code provisoire")
    spa.control.set_faults(maintenance=True)
    enter_code(app, "K7M2Q9X4B1T8")  # the API answers 503: the application says so
    heading = app.get_by_role("heading", level=1, name="Mon espace santé est en maintenance")
    expect(heading).to_be_visible()
    expect(shown(app, "3422")).to_be_visible()
    response = app.goto(spa.url + ENTRY)  # the whole document: 503, no script
    assert response is not None and response.status == 503
    expect(heading).to_be_visible()
    assert "maintenance" in app.content() and "<script" not in app.content()


def test_justificatif_failures(app: Page, spa: Any, ids: Identities) -> None:
    opposed_by_api(app, spa, ids.person("adulte_sans_photo"))
    button = app.get_by_role("button", name="Ouvrir mon justificatif (PDF)")
    spa.control.set_faults(pdf="error")
    button.click()
    failure = "Votre justificatif n'a pas pu être obtenu pour le moment."
    expect(shown(app, failure)).to_be_visible()
    expect(button).to_have_accessible_description(re.compile(failure))
    expect(app.locator("#annonces")).to_contain_text(failure)

    spa.control.set_faults(pdf="corrupt")
    data = open_justificatif(app)  # opened anyway: the file itself is broken
    assert not data.startswith(b"%PDF")
    expect(shown(app, failure)).to_be_hidden()

    spa.control.set_faults(pdf="ok")
    app.evaluate("window.open = () => null")  # what a popup blocker does
    button.click()
    expect(shown(app, "Votre navigateur a bloqué l'ouverture d'un nouvel onglet.")).to_be_visible()
    with app.expect_download() as info:
        app.get_by_role("link", name="Enregistrer le justificatif sur mon appareil").click()
    assert info.value.suggested_filename == "justificatif-opposition.pdf"
    assert "opposition" in pdf_text(info.value.path().read_bytes())
    assert len(spa.control.state()["oppositions"]) == 1


def test_late_rendering(app: Page, spa: Any, ids: Identities) -> None:
    spa.control.set_faults(late_render_ms=600)
    person = ids.person("adulte_sans_photo")
    app.goto(spa.url + ENTRY)
    expect(shown(app, "Chargement…")).to_be_visible()
    expect(app.get_by_label(CODE_LABEL)).to_have_count(0)
    enter_code(app, person.code_provisoire)
    expect(shown(app, "Chargement…")).to_be_visible()
    fill_identity(app, person)
    expect(app.get_by_role("heading", level=1, name="Que souhaitez-vous faire ?")).to_be_visible()


def test_download_mode_switch(app: Page, spa: Any, ids: Identities) -> None:
    """The replica's switch overrides this skin's delivery: a download, or a tab on the file
    (the application reads it when its document is loaded)."""
    opposed_by_api(app, spa, ids.person("adulte_sans_photo"))
    main = app.locator("main")
    for mode in ("attachment", "script", "inline"):
        spa.control.set_faults(download_mode=mode)
        app.reload()
        if mode == "inline":
            with app.expect_popup() as popup_info:
                main.get_by_text("Ouvrir mon justificatif (PDF)").click()
            url = popup_info.value.url
            assert url.endswith("/enrolement/opposition/justificatif?mode=inline")
            data = app.request.get(url).body()
        else:
            with app.expect_download() as info:
                main.get_by_text("Télécharger mon justificatif (PDF)").click()
            data = info.value.path().read_bytes()
        assert "opposition" in pdf_text(data), mode


# -- closure ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("aid", "deletion"), [("compte_cloture", True), ("compte_cloture_2", False)]
)
def test_closure(app: Page, spa: Any, ids: Identities, aid: str, deletion: bool) -> None:
    account = ids.account(aid)
    login(app, spa, account)
    name = app.get_by_role("button", name=account.nom_complet)
    expect(name).to_have_attribute("aria-expanded", "false")
    name.click()
    expect(name).to_have_attribute("aria-expanded", "true")
    app.get_by_role("button", name="Paramètres").click()
    expect(app.get_by_role("heading", level=1, name="Paramètres")).to_be_visible()
    tab = app.get_by_role("tab", name="Clôture du profil")
    expect(tab).to_have_attribute("aria-selected", "false")
    expect(app.get_by_role("heading", name="Clôture du profil")).to_be_hidden()
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")
    panel = app.get_by_role("tabpanel", name="Clôture du profil")
    closing = panel.get_by_role("button", name="Clôturer mon profil")

    closing.click()  # nothing ticked
    consent = "Cocher cette case pour clôturer votre profil"
    boxes = panel.get_by_role("checkbox")
    expect(boxes).to_have_count(2)
    expect(error_of(boxes.first)).to_have_text(consent)
    expect(error_of(boxes.last)).to_have_text(consent)
    for i in range(2):
        boxes.nth(i).click()
        expect(boxes.nth(i)).to_have_attribute("aria-checked", "true")
    panel.get_by_label("Mot de passe").fill("pas-le-bon")
    closing.click()
    expect(panel.get_by_text("Mot de passe incorrect.", exact=True)).to_be_visible()
    assert spa.control.state()["closures"] == []

    if deletion:
        switch = panel.get_by_role("switch", name="Supprimer aussi mes données")
        switch.click()
        expect(switch).to_have_attribute("aria-checked", "true")
    panel.get_by_label("Mot de passe").fill(account.mot_de_passe)
    closing.click()
    expect(shown(app, "Profil clôturé", exact=True)).to_be_visible()
    pending = shown(app, "Demande de suppression des données en cours", exact=True)
    expect(pending).to_have_count(1 if deletion else 0)
    closures = spa.control.state()["closures"]
    assert closures == [{**closures[0], "account": aid, "suppression_donnees": deletion}]


def test_login_errors(app: Page, spa: Any, ids: Identities) -> None:
    account = ids.account("compte_cloture")
    open_view(app, spa, "/connexion", "Connexion à Mon espace santé")
    app.get_by_role("button", name="Se connecter").click()
    expect(error_of(app.get_by_label("Identifiant"))).to_have_text("Saisir votre identifiant")
    app.get_by_label("Identifiant").fill(account.identifiant)
    app.get_by_label("Mot de passe").fill("faux")
    app.get_by_label("Mot de passe").press("Enter")  # Enter presses « Se connecter »
    expect(shown(app, "Identifiant ou mot de passe incorrect.")).to_be_visible()
    app.get_by_label("Mot de passe").fill(account.mot_de_passe)
    app.get_by_role("button", name="Se connecter").click()
    expect(shown(app, "Nous venons de vous envoyer un code par SMS")).to_be_visible()
    code = app.get_by_label("Code à usage unique")
    code.fill("12")
    app.get_by_role("button", name="Valider").click()
    expect(error_of(code)).to_have_text(v.MSG_OTP_FORMAT)
    right = spa.control.otp(account.identifiant)
    code.fill("000000" if right != "000000" else "111111")
    app.get_by_role("button", name="Valider").click()
    expect(shown(app, "Ce code n'est pas le bon, ou il a déjà servi.")).to_be_visible()


# -- what makes this skin ---------------------------------------------------------------------


def test_cookie_dialog(page: Page, spa: Any) -> None:
    open_view(page, spa, "/", "Mon espace santé")
    dialog = page.get_by_role("dialog", name="Vos préférences de cookies")
    expect(dialog).to_have_count(0)  # not at once
    expect(dialog).to_be_visible(timeout=3000)
    expect(dialog).to_have_attribute("aria-modal", "true")
    for name in ("Accepter", "Continuer sans accepter", "Paramétrer"):
        expect(dialog.get_by_role("button", name=name, exact=True)).to_be_visible()
    expect(page.locator("#page")).to_have_attribute("inert", "")
    dialog.get_by_role("button", name="Paramétrer").click()
    dialog.get_by_role("switch", name="Mesure d'audience").click()
    dialog.get_by_role("button", name="Enregistrer mes choix").click()
    expect(dialog).to_have_count(0)
    page.get_by_role("link", name="M'opposer à Mon espace santé").click()
    expect(page.get_by_role("heading", level=1, name="Mon code provisoire")).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", level=1, name="Mon code provisoire")).to_be_visible()
    page.wait_for_timeout(1100)
    expect(dialog).to_have_count(0)  # never again


def test_client_routing_back_reload_and_pages(app: Page, spa: Any, ids: Identities) -> None:
    person = ids.person("adulte_sans_photo")
    open_view(app, spa, "/", "Mon espace santé")
    app.get_by_role("link", name="Questions fréquentes").first.click()
    expect(app.get_by_role("heading", level=1, name="Questions fréquentes")).to_be_visible()
    app.go_back()
    expect(app.get_by_role("heading", level=1, name="Mon espace santé")).to_be_visible()
    app.get_by_role("link", name="M'opposer à Mon espace santé").click()
    enter_code(app, person.code_provisoire)
    expect(app).to_have_url(re.compile("/enrolement/identite$"))
    app.reload()  # any URL can be reloaded: the same view again
    expect(app.get_by_role("heading", level=1, name="Mon identité")).to_be_visible()
    app.goto(spa.url + "/enrolement/opposition/confirmation")  # not yet: the procedure says
    expect(app.get_by_role("heading", level=1, name="Mon code provisoire")).to_be_visible()
    expect(app).to_have_url(re.compile("/enrolement/code-provisoire$"))
    open_view(app, spa, "/cgu", "Conditions générales d'utilisation")
    response = app.goto(spa.url + "/nulle-part")
    assert response is not None and response.status == 404
    expect(app.get_by_role("heading", level=1, name="Cette page n'existe pas")).to_be_visible()


def test_new_code(app: Page, spa: Any, ids: Identities) -> None:
    person = ids.person("adulte_sans_photo")
    open_view(app, spa, ENTRY, "Mon code provisoire")
    app.get_by_role("link", name="Je n'ai pas de code provisoire").click()
    expect(
        app.get_by_role("heading", level=1, name="Générer un nouveau code provisoire")
    ).to_be_visible()
    send = app.get_by_role("button", name="Envoyer le code")
    send.click()
    expect(error_of(app.get_by_label("Date de naissance"))).to_have_text(v.MSG_DATE_EMPTY)
    expect(error_of(app.get_by_role("radiogroup", name="Je reçois mon nouveau code"))).to_have_text(
        v.MSG_CHANNEL
    )
    app.get_by_label(NIR_LABEL).fill(person.nir)
    app.get_by_label("Date de naissance").fill(person.date_naissance)
    pick_card(app, "Carte Vitale sans photo")
    app.get_by_label(SERIE_LABEL).fill(person.carte_vitale_serie)
    app.get_by_role("radio", name="Par e-mail").click()
    send.click()
    expect(shown(app, "vient de vous être envoyé par e-mail")).to_be_visible()


def test_shell_and_documents_over_http(spa: Any) -> None:
    with httpx.Client(base_url=spa.url) as client:
        for path in ("/", ENTRY, "/cgu", "/questions-frequentes", "/parametres"):
            r = client.get(path)
            assert r.status_code == 200
            assert '<html lang="fr">' in r.text and '<meta charset="utf-8">' in r.text
            assert 'type="module"' in r.text and "<form" not in r.text
        assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")
        r = client.get("/enrolement/opposition/justificatif")  # no opposition: to the code
        assert r.status_code in (303, 307)


def test_pdf_error_document_over_http(spa: Any, ids: Identities) -> None:
    """The file's route (other deliveries) says it with this skin's document."""
    person = ids.person("adulte_sans_photo")
    spa.control.set_faults(pdf="error", download_mode="attachment")
    with httpx.Client(base_url=spa.url) as client:
        for action, values, page in api_steps(person):
            assert client.post(f"/api/v1/{action}", json=values).json()["page"] == page
        r = client.get("/enrolement/opposition/justificatif")
    assert r.status_code == 500
    text = html.unescape(r.text)
    assert "Votre justificatif n'a pas pu être obtenu" in text and "3422" in text
