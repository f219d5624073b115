"""The skin « ancien » (server-rendered, no JavaScript, table layout), walked with plain
Playwright: both procedures, their outcomes, the fault switches, and what makes this skin
different (entry form with two radios, code and identity on one page, <select>, submit
inputs, justificatif in a new window under a survey box, <details> account menu, closure on
its own page then « Êtes-vous sûr(e) ? »)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from ens_auto.replica import validation as v
from ens_auto.replica.identities import Identities
from tests.replica.skins.ancien_walks import (
    ACTIVATE,
    CARD_LABEL,
    CODE_LABEL,
    ENTRY,
    IDENTIFICATION,
    JUSTIFICATIF,
    NIR_LABEL,
    OPPOSE,
    RECORDED,
    SERIE_LABEL,
    SURVEY,
    capture_justificatif,
    choose,
    close_survey,
    enter_code,
    error_beside,
    errors_at_top,
    fill_closure,
    fill_identification,
    heading,
    identify,
    log_in,
    login,
    open_closure,
    open_justificatif,
    oppose,
    pdf_text,
    send_code,
    start_closure,
    start_opposition,
    submit,
    vouch,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def ancien(replica_skin: Callable[[str], Any]) -> Any:
    return replica_skin("ancien")


@pytest.fixture
def sans_js(browser: Browser) -> Iterator[Page]:
    """A page of a browser context with JavaScript turned off."""
    context = browser.new_context(java_script_enabled=False, accept_downloads=True)
    yield context.new_page()
    context.close()


def recorded(replica: Any) -> dict[str, list[Any]]:
    state = replica.control.state()
    assert state["skin"] == "ancien"
    return {k: state[k] for k in ("oppositions", "activations", "closures")}


# -- opposition -------------------------------------------------------------------------------


def test_opposition_adult_without_photo_without_javascript(
    sans_js: Page, ancien: Any, ids: Identities
) -> None:
    page = sans_js
    person = ids.person("adulte_sans_photo")
    start_opposition(page, ancien)  # the entry: two radio buttons and « Valider »
    # one page for everything, labels wrapping their field, the card model in a <select>
    expect(page.locator("script")).to_have_count(0)
    expect(page.locator("label", has=page.get_by_label(CODE_LABEL, exact=True))).to_have_count(1)
    card = page.get_by_role("combobox", name=CARD_LABEL, exact=True)
    expect(card.locator("option").first).to_have_text("-- Choisir --")
    expect(card).to_have_value("")
    expect(page.get_by_text(v.SERIE_PREFIX_AVEC_PHOTO)).to_be_visible()
    fill_identification(page, person)
    choose(page, OPPOSE)
    expect(page.get_by_role("button", name="Modifier mon choix")).to_be_visible()
    submit(page, "Je confirme mon opposition")
    expect(heading(page, RECORDED)).to_be_visible()
    expect(page.locator("script")).to_have_count(0)
    reference = page.locator("main .reference").inner_text()

    # the survey box lies over the link to the justificatif
    expect(page.get_by_text(SURVEY)).to_be_visible()
    link = page.get_by_role("link", name=JUSTIFICATIF).bounding_box()
    survey = page.locator(".enquete").bounding_box()
    assert link is not None and survey is not None
    x, y = link["x"] + link["width"] / 2, link["y"] + link["height"] / 2
    assert survey["x"] < x < survey["x"] + survey["width"]
    assert survey["y"] < y < survey["y"] + survey["height"]
    close_survey(page)

    popup, data = open_justificatif(page)
    text = pdf_text(data)
    assert "opposition" in text.lower()
    assert reference in text
    popup.close()

    done = recorded(ancien)
    assert [(r["person"], r["reference"]) for r in done["oppositions"]] == [
        ("adulte_sans_photo", reference)
    ]
    assert done["activations"] == []


def test_opposition_card_with_photo_and_survey_answer(
    page: Page, ancien: Any, ids: Identities
) -> None:
    person = ids.person("adulte_avec_photo_2a")
    reference = oppose(page, ancien, person)  # the 11 digits after 8025000002
    page.get_by_role("radio", name="Oui", exact=True).check()
    submit(page, "Envoyer mon avis")
    expect(page.get_by_text("Merci pour votre avis.")).to_be_visible()
    expect(page.get_by_text(SURVEY)).to_have_count(0)
    _, data = open_justificatif(page)
    assert "opposition" in pdf_text(data).lower()
    done = recorded(ancien)
    assert [(r["person"], r["reference"]) for r in done["oppositions"]] == [
        ("adulte_avec_photo_2a", reference)
    ]
    assert done["activations"] == []


def test_child_refused_then_opposed_by_the_legal_representative(
    page: Page, ancien: Any, ids: Identities
) -> None:
    child = ids.person("enfant_1")
    page.goto(ancien.url + IDENTIFICATION)
    fill_identification(page, child)
    expect(page.get_by_text(f"concerne le profil de {child.nom_complet}")).to_be_visible()
    submit(page, "Continuer")  # nothing ticked
    assert errors_at_top(page) == ["Sélectionner une réponse"]
    vouch(page, child, yes=False)
    expect(heading(page, "Démarche impossible")).to_be_visible()
    expect(
        page.get_by_text(f"Seul le représentant légal auquel {child.nom_complet} est rattaché(e)")
    ).to_be_visible()
    expect(page.get_by_text("Aucune démarche n'a été enregistrée.")).to_be_visible()
    page.goto(ancien.url + "/portail/choix.do")  # the identification was forgotten
    expect(heading(page, "Identification")).to_be_visible()
    assert recorded(ancien) == {"oppositions": [], "activations": [], "closures": []}

    fill_identification(page, child)
    vouch(page, child)
    choose(page, OPPOSE)
    submit(page, "Je confirme mon opposition")
    expect(heading(page, RECORDED)).to_be_visible()
    expect(page.get_by_text(f"Mon espace santé de {child.nom_complet}")).to_be_visible()
    done = recorded(ancien)
    assert [(r["person"], r["via_representant"]) for r in done["oppositions"]] == [
        ("enfant_1", True)
    ]
    assert done["activations"] == []


def test_activation_branch_records_an_activation(page: Page, ancien: Any, ids: Identities) -> None:
    person = ids.person("parent")
    page.goto(ancien.url + "/")
    page.get_by_role("link", name="Activer Mon espace santé").click()
    expect(heading(page, "Identification")).to_be_visible()
    fill_identification(page, person)
    submit(page, "Continuer")  # nothing chosen
    assert errors_at_top(page) == ["Sélectionner une option"]
    choose(page, ACTIVATE)
    submit(page, "Modifier mon choix")  # back to the choice, nothing recorded
    assert recorded(ancien)["activations"] == []
    choose(page, ACTIVATE)
    submit(page, "Je confirme l'activation")
    expect(heading(page, "Votre profil est activé")).to_be_visible()
    done = recorded(ancien)
    assert [r["person"] for r in done["activations"]] == ["parent"]
    assert done["oppositions"] == []


# -- outcomes ---------------------------------------------------------------------------------


def test_already_opposed_and_already_activated(page: Page, ancien: Any, ids: Identities) -> None:
    for pid, title, status, words in (
        (
            "deja_oppose",
            "Profil opposé",
            "Profil opposé",
            "Une opposition à la création de ce profil Mon espace santé a déjà été enregistrée.",
        ),
        (
            "deja_active",
            "Profil déjà activé",
            "Profil activé",
            "Ce profil Mon espace santé est déjà activé.",
        ),
    ):
        identify(page, ancien, ids.person(pid))
        expect(heading(page, title)).to_be_visible()
        expect(page.locator("main .statut")).to_have_text(status)
        expect(page.get_by_text(words)).to_be_visible()
        expect(page.get_by_role("radio")).to_have_count(0)
    assert recorded(ancien) == {"oppositions": [], "activations": [], "closures": []}


#: Values typed on the identification page -> the messages expected (SITE.md's, in order).
FIELD_ERRORS: list[tuple[dict[str, str], dict[str, str]]] = [
    (
        {"code": "", "nir": "", "card": "", "serie": ""},
        {
            CODE_LABEL: v.MSG_CODE_EMPTY,
            NIR_LABEL: v.MSG_NIR_EMPTY,
            CARD_LABEL: v.MSG_CARD_TYPE,
            SERIE_LABEL: v.MSG_SERIE_EMPTY,
        },
    ),
    (
        {"code": "ABC123", "nir": "1 55 12", "card": "sans_photo", "serie": "12a45678"},
        {
            CODE_LABEL: v.MSG_CODE_LENGTH,
            NIR_LABEL: v.MSG_NIR_LENGTH,
            SERIE_LABEL: v.MSG_SERIE_DIGITS,
        },
    ),
    (
        {"code": "ABC-12345678", "nir": "185031234567899", "card": "sans_photo", "serie": "1234"},
        {
            CODE_LABEL: v.MSG_CODE_CHARS,
            NIR_LABEL: v.MSG_NIR_FORMAT,
            SERIE_LABEL: v.MSG_SERIE_SANS_PHOTO,
        },
    ),
    (
        {"code": "K7M2Q9X4B1T8", "nir": "285037511234544", "card": "avec_photo", "serie": "123"},
        {SERIE_LABEL: v.MSG_SERIE_AVEC_PHOTO},
    ),
]


def test_field_errors_unknown_code_and_mismatch(page: Page, ancien: Any, ids: Identities) -> None:
    person = ids.person("adulte_sans_photo")
    page.goto(ancien.url + IDENTIFICATION)
    for values, expected in FIELD_ERRORS:
        fill_identification(page, person, **values)
        assert errors_at_top(page) == list(expected.values())
        for label, message in expected.items():
            role = "combobox" if label == CARD_LABEL else "textbox"
            beside = error_beside(page.get_by_role(role, name=label, exact=True))
            expect(beside).to_have_text(message)
            expect(beside).to_have_css("color", "rgb(204, 0, 0)")
    expect(page).to_have_title("Erreur - Identification - Mon espace santé")

    fill_identification(page, person, code="ZZZZZZZZZZZZ")
    assert errors_at_top(page) == [
        "Code provisoire inconnu : vérifiez votre saisie ou demandez un nouveau code provisoire."
    ]
    expect(page.get_by_label(NIR_LABEL, exact=True)).to_have_value(person.nir)  # kept
    fill_identification(page, person, serie="12345678")
    assert errors_at_top(page) == [
        "Les informations saisies ne correspondent pas au code provisoire indiqué. Vérifiez "
        "votre numéro de sécurité sociale, le modèle et le numéro de série de votre carte "
        "Vitale."
    ]
    assert recorded(ancien)["oppositions"] == []


def test_new_code_provisoire(page: Page, ancien: Any, ids: Identities) -> None:
    person = ids.person("enfant_1")
    page.goto(ancien.url + IDENTIFICATION)
    page.get_by_role("link", name="Je n'ai pas de code provisoire").click()
    expect(heading(page, "Générer un nouveau code provisoire")).to_be_visible()
    date = page.get_by_label("Date de naissance", exact=True)
    date.fill("2012-06-08")
    submit(page, "Envoyer le code")
    assert v.MSG_DATE_FORMAT in errors_at_top(page)
    assert v.MSG_CHANNEL in errors_at_top(page)
    page.get_by_label(NIR_LABEL, exact=True).fill(person.nir)
    date.fill(person.date_naissance)
    page.get_by_role("combobox", name=CARD_LABEL).select_option(label="Carte Vitale sans photo")
    page.get_by_label(SERIE_LABEL, exact=True).fill(person.carte_vitale_serie)
    page.get_by_role("combobox", name="Recevoir le code").select_option(label="Par e-mail")
    submit(page, "Envoyer le code")
    expect(heading(page, "Code envoyé")).to_be_visible()
    expect(
        page.get_by_text("un nouveau code provisoire vous a été envoyé par e-mail")
    ).to_be_visible()


def test_session_expired(page: Page, ancien: Any, ids: Identities) -> None:
    ancien.control.set_faults(session_ttl_s=0.3)
    page.goto(ancien.url + IDENTIFICATION)
    time.sleep(0.5)
    fill_identification(page, ids.person("adulte_sans_photo"))
    expect(heading(page, "Session expirée")).to_be_visible()
    expect(page.get_by_text("Votre session a expiré")).to_be_visible()
    assert page.url.endswith("/portail/session-expiree.do")
    assert recorded(ancien)["oppositions"] == []


def test_public_pages_entry_and_maintenance(page: Page, ancien: Any) -> None:
    page.goto(ancien.url + "/")
    expect(page.get_by_role("link", name="Activer Mon espace santé")).to_be_visible()
    page.get_by_role("link", name="M'opposer à Mon espace santé").click()
    assert page.url.endswith(ENTRY)
    submit(page, "Valider")  # no choice made
    assert errors_at_top(page) == ["Sélectionner une option"]
    expect(error_beside(page.get_by_role("radio").first)).to_have_text("Sélectionner une option")
    for path, title in (
        ("/cgu", "Conditions générales d'utilisation"),
        ("/questions-frequentes", "Questions fréquentes"),
    ):
        page.goto(ancien.url + path)
        expect(heading(page, title)).to_be_visible()
        expect(page.locator("html")).to_have_attribute("lang", "fr")
    response = page.goto(ancien.url + "/portail/inexistant.do")
    assert response is not None and response.status == 404
    expect(heading(page, "Page introuvable")).to_be_visible()

    ancien.control.set_faults(maintenance=True)
    response = page.goto(ancien.url + ENTRY)
    assert response is not None and response.status == 503
    expect(heading(page, "Site en maintenance")).to_be_visible()
    expect(page.get_by_text("actuellement en maintenance")).to_be_visible()
    expect(page.get_by_text("3422")).to_be_visible()


# -- the justificatif and the faults ----------------------------------------------------------


def test_pdf_error_then_corrupt(page: Page, ancien: Any, ids: Identities) -> None:
    ancien.control.set_faults(pdf="error")
    oppose(page, ancien, ids.person("adulte_sans_photo"))
    close_survey(page)
    with page.expect_popup() as popup_info:
        page.get_by_role("link", name=JUSTIFICATIF).click()
    popup = popup_info.value
    expect(heading(popup, "Justificatif indisponible")).to_be_visible()
    expect(
        popup.get_by_text(
            "Le justificatif n'a pas pu être généré. Veuillez réessayer ultérieurement."
        )
    ).to_be_visible()
    popup.close()
    ancien.control.set_faults(pdf="corrupt")
    _, data = open_justificatif(page)
    assert data and not data.startswith(b"%PDF")
    assert len(recorded(ancien)["oppositions"]) == 1


def test_late_rendering_still_works(page: Page, ancien: Any, ids: Identities) -> None:
    ancien.control.set_faults(late_render_ms=600)
    response = page.goto(ancien.url + IDENTIFICATION)
    assert response is not None
    assert '<main id="contenu"></main><template id="contenu-differe"' in response.text()
    fill_identification(page, ids.person("adulte_sans_photo"))
    choose(page, OPPOSE)
    submit(page, "Je confirme mon opposition")
    expect(heading(page, RECORDED)).to_be_visible()
    assert len(recorded(ancien)["oppositions"]) == 1


def test_download_mode_attachment(page: Page, ancien: Any, ids: Identities) -> None:
    ancien.control.set_faults(download_mode="attachment")
    oppose(page, ancien, ids.person("adulte_sans_photo"))
    close_survey(page)
    received = capture_justificatif(page)
    link = page.get_by_role("link", name="Enregistrer le justificatif d'opposition (PDF)")
    expect(link).not_to_have_attribute("target", "_blank")
    with page.expect_download() as download_info:
        link.click()
    data = download_info.value.path().read_bytes()
    assert "opposition" in pdf_text(data).lower()
    assert received == [data]


# -- closure ----------------------------------------------------------------------------------


def test_closure_with_deletion(page: Page, ancien: Any, ids: Identities) -> None:
    account = ids.account("compte_cloture")
    login(page, ancien, account, canal="Par e-mail")
    open_closure(page, account)
    fill_closure(page, account, deletion=True)
    expect(page.get_by_text("demandée", exact=True)).to_be_visible()
    assert recorded(ancien)["closures"] == []  # not before « Oui »
    submit(page, "Oui, je clôture mon profil")
    expect(heading(page, "Profil clôturé")).to_be_visible()
    expect(page.locator("main .statut")).to_have_text(
        ["Profil clôturé", "Demande de suppression des données en cours"]
    )
    done = recorded(ancien)
    assert [(c["account"], c["suppression_donnees"]) for c in done["closures"]] == [
        ("compte_cloture", True)
    ]


def test_closure_without_deletion_after_errors(page: Page, ancien: Any, ids: Identities) -> None:
    account = ids.account("compte_cloture_2")
    start_closure(page, ancien)
    submit(page, "Se connecter")
    assert errors_at_top(page) == ["Saisir votre identifiant", "Saisir votre mot de passe"]
    log_in(page, account, password="faux")
    assert errors_at_top(page) == ["Identifiant ou mot de passe erroné."]
    log_in(page, account)
    send_code(page, "Par SMS")
    enter_code(page, "12")
    assert errors_at_top(page) == [v.MSG_OTP_FORMAT]
    wrong = "000000" if ancien.control.otp(account.identifiant) != "000000" else "000001"
    enter_code(page, wrong)
    assert errors_at_top(page) == ["Le code à usage unique saisi est erroné ou a expiré."]
    enter_code(page, ancien.control.otp(account.identifiant))
    expect(heading(page, "Bienvenue sur Mon espace santé")).to_be_visible()

    open_closure(page, account)
    page.get_by_label("Mot de passe", exact=True).fill("mauvais")
    submit(page, "Clôturer mon profil")
    consent = "Cocher cette case pour clôturer votre profil"
    assert errors_at_top(page) == [consent]
    expect(error_beside(page.get_by_role("checkbox").first)).to_have_text(consent)
    fill_closure(page, account, deletion=False)
    expect(page.get_by_text("non demandée", exact=True)).to_be_visible()
    submit(page, "Non, revenir en arrière")
    expect(heading(page, "Clôture du profil")).to_be_visible()
    assert recorded(ancien)["closures"] == []
    fill_closure(page, account, deletion=False)
    submit(page, "Oui, je clôture mon profil")
    expect(page.locator("main .statut")).to_have_text(["Profil clôturé"])
    expect(page.get_by_text("Demande de suppression des données en cours")).to_have_count(0)
    done = recorded(ancien)
    assert [(c["account"], c["suppression_donnees"]) for c in done["closures"]] == [
        ("compte_cloture_2", False)
    ]
