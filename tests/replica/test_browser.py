"""Plain Playwright walks through the replica (real Chromium, real HTTP, page scripts on)."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest
from playwright.sync_api import Page, expect

from ens_auto.replica import validation as v
from ens_auto.replica.identities import Identities, Person
from ens_auto.replica.skins.classique import pages

pytestmark = pytest.mark.e2e


def fill_identity(page: Page, person: Person, nir: str | None = None) -> None:
    page.get_by_label("Mon numéro de sécurité sociale").fill(nir or person.nir)
    card = (
        "Carte Vitale avec photo"
        if person.carte_vitale_type == "avec_photo"
        else ("Carte Vitale sans photo")
    )
    page.get_by_label(card).check()
    page.get_by_label(re.compile("^Mon numéro de série")).fill(person.carte_vitale_serie)
    page.get_by_role("button", name="Valider").click()


def enter_code(page: Page, person: Person) -> None:
    expect(page.get_by_role("heading", name="Mon code provisoire")).to_be_visible()
    page.get_by_label("Saisir le code provisoire à 12 caractères").fill(person.code_provisoire)
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_role("heading", name="Mon identité")).to_be_visible()


def choose_and_confirm_opposition(page: Page) -> None:
    page.get_by_role("radio", name="Je m'oppose à la création de Mon espace santé").check()
    page.get_by_role("button", name="Continuer").click()
    expect(
        page.get_by_role(
            "heading", name="Confirmez-vous votre opposition à la création de Mon espace santé ?"
        )
    ).to_be_visible()
    page.get_by_role("button", name="Confirmer mon opposition").click()
    expect(page.get_by_text(pages.MSG_OPPOSITION_RECORDED)).to_be_visible()


def check_pdf(path: Path, person: Person, reference: str) -> None:
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(path).pages)
    assert "opposition" in text
    assert reference in text
    assert person.nir_masque in text
    assert person.nir not in text.replace(" ", "")


def test_opposition_adult_without_photo(
    page: Page, replica: object, ids: Identities, tmp_path: Path
) -> None:
    person = ids.person("adulte_sans_photo")
    page.goto(replica.url)  # type: ignore[attr-defined]
    page.get_by_role("link", name="M'opposer à Mon espace santé").click()
    expect(
        page.get_by_role("heading", name="Clôturer ou m'opposer à Mon espace santé")
    ).to_be_visible()
    page.get_by_role("link", name="Je m'oppose à la création de mon profil").click()

    # in-page checks: wrong code format never reaches the server
    page.get_by_label("Saisir le code provisoire à 12 caractères").fill("ABC-12")
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_text(v.MSG_CODE_CHARS)).to_be_visible()
    enter_code(page, person)

    page.get_by_role("button", name="Valider").click()  # empty form: every message, in page
    expect(page.get_by_text(v.MSG_NIR_EMPTY)).to_be_visible()
    expect(page.get_by_text(v.MSG_CARD_TYPE)).to_be_visible()
    expect(page.get_by_text(v.MSG_SERIE_EMPTY)).to_be_visible()
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(page.get_by_label("Mon numéro de sécurité sociale")).to_be_focused()
    page.get_by_label("Mon numéro de sécurité sociale").fill("2 85 03 75 112 345 45")
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_text(v.MSG_NIR_FORMAT)).to_be_visible()

    fill_identity(page, person, nir="2 85 03 75 112 345 44")  # spaces accepted
    page.get_by_role("button", name="Continuer").click()  # no choice yet
    expect(page.get_by_text(pages.MSG_CHOICE)).to_be_visible()
    choose_and_confirm_opposition(page)
    expect(page.get_by_text(pages.MSG_CHOICE_RECORDED)).to_be_visible()

    with page.expect_download() as info:
        page.get_by_role("button", name="Télécharger le justificatif").click()
    download = info.value
    assert download.suggested_filename == "justificatif-opposition.pdf"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    [rec] = replica.control.state()["oppositions"]  # type: ignore[attr-defined]
    assert rec["person"] == person.id and rec["via_representant"] is False
    assert replica.control.state()["activations"] == []  # type: ignore[attr-defined]
    expect(page.locator("#numero-reference")).to_have_text(rec["reference"])
    check_pdf(target, person, rec["reference"])


def test_opposition_with_photo_corsica_late_render(
    page: Page, replica: object, ids: Identities, tmp_path: Path
) -> None:
    replica.control.set_faults(late_render_ms=300)  # type: ignore[attr-defined]
    person = ids.person("adulte_avec_photo_2a")
    page.goto(replica.url + "/enrolement/cloture/accueil")  # type: ignore[attr-defined]
    page.get_by_role("link", name="Je m'oppose à la création de mon profil").click()
    enter_code(page, person)

    prefix = page.locator("#numeroSerie-prefixe")
    expect(page.get_by_label("Mon numéro de série (entre 8 et 13 caractères)")).to_be_visible()
    expect(prefix).to_be_hidden()
    page.get_by_label("Carte Vitale avec photo").check()
    serial = page.get_by_label("Mon numéro de série (11 derniers chiffres)")
    expect(serial).to_be_visible()
    expect(prefix).to_have_text("8025000002")
    expect(prefix).to_be_visible()
    page.get_by_label("Mon numéro de sécurité sociale").fill(person.nir)
    serial.fill("1234567890")
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_text(v.MSG_SERIE_AVEC_PHOTO)).to_be_visible()
    serial.fill(person.carte_vitale_serie)
    page.get_by_role("button", name="Valider").click()
    choose_and_confirm_opposition(page)

    with page.expect_download() as info:
        page.get_by_role("button", name="Télécharger le justificatif").click()
    target = tmp_path / "justificatif.pdf"
    info.value.save_as(target)
    [rec] = replica.control.state()["oppositions"]  # type: ignore[attr-defined]
    assert rec["person"] == "adulte_avec_photo_2a"
    check_pdf(target, person, rec["reference"])
    assert person.nir_masque == "1 78 11 ** *** *** 10"


def test_child_via_representative_attachment(
    page: Page, replica: object, ids: Identities, tmp_path: Path
) -> None:
    replica.control.set_faults(download_mode="attachment")  # type: ignore[attr-defined]
    for child_id in ("enfant_1",):  # enfant_2 is walked over HTTP (test_http_pages)
        child = ids.person(child_id)
        page.goto(replica.url + "/enrolement/cloture/accueil")  # type: ignore[attr-defined]
        page.get_by_role("link", name="Je m'oppose à la création de mon profil").click()
        enter_code(page, child)
        fill_identity(page, child)
        expect(page.get_by_role("heading", name="Représentant légal")).to_be_visible()
        page.get_by_role("button", name="Continuer").click()
        expect(page.get_by_text(pages.MSG_REPRESENTANT)).to_be_visible()
        page.get_by_label(f"Je certifie être le représentant légal de {child.nom_complet}.").check()
        page.get_by_role("button", name="Continuer").click()
        choose_and_confirm_opposition(page)
        with page.expect_download() as info:
            page.get_by_role("link", name="Télécharger le justificatif").click()
        target = tmp_path / f"{child_id}.pdf"
        info.value.save_as(target)
        rec = next(
            r
            for r in replica.control.state()["oppositions"]  # type: ignore[attr-defined]
            if r["person"] == child_id
        )
        assert rec["via_representant"] is True
        check_pdf(target, child, rec["reference"])
        assert "représentant légal" in pypdf.PdfReader(target).pages[0].extract_text()
    assert len(replica.control.state()["oppositions"]) == 1  # type: ignore[attr-defined]


def test_pdf_error_shown_in_page(page: Page, replica: object, ids: Identities) -> None:
    replica.control.set_faults(pdf="error")  # type: ignore[attr-defined]
    person = ids.person("parent")
    page.goto(replica.url + "/enrolement/code-provisoire?parcours=opposition")  # type: ignore[attr-defined]
    enter_code(page, person)
    fill_identity(page, person)
    choose_and_confirm_opposition(page)
    page.get_by_role("button", name="Télécharger le justificatif").click()
    expect(page.locator("#erreur-justificatif")).to_contain_text(
        "Le justificatif n'a pas pu être téléchargé"
    )


def test_closure_with_deletion(page: Page, replica: object, ids: Identities) -> None:
    account = ids.account("compte_cloture")
    page.goto(replica.url + "/enrolement/cloture/accueil")  # type: ignore[attr-defined]
    page.get_by_role("link", name="Je souhaite clôturer mon profil").click()
    page.get_by_label("Identifiant").fill(account.identifiant)
    page.get_by_label("Mot de passe").fill("faux")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_text(pages.MSG_CREDENTIALS)).to_be_visible()
    page.get_by_label("Identifiant").fill(account.identifiant)
    page.get_by_label("Mot de passe").fill(account.mot_de_passe)
    page.get_by_role("button", name="Se connecter").click()

    page.get_by_label("Par SMS").check()
    page.get_by_role("button", name="Envoyer le code").click()
    code = replica.control.otp(account.identifiant)  # type: ignore[attr-defined]
    expect(page.get_by_label("Code à usage unique")).to_be_visible()
    assert code not in page.content()
    page.get_by_label("Code à usage unique").fill(code)
    page.get_by_role("button", name="Valider").click()

    menu = page.get_by_test_id("menu-utilisateur")
    expect(menu).to_have_text("Claire Moreau")
    expect(menu).to_have_attribute("aria-expanded", "false")
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    page.get_by_role("menuitem", name="Paramètres").click()
    expect(page.get_by_role("heading", name="Clôture du profil")).to_be_visible()

    page.get_by_role("button", name="Clôturer mon profil").click()  # nothing ticked
    expect(page.get_by_text(pages.MSG_CONSENT)).to_have_count(2)
    page.get_by_label(
        "Je comprends que la clôture de mon profil entraîne la fermeture de Mon espace santé "
        "et de ses services."
    ).check()
    page.get_by_label("Je confirme vouloir clôturer mon profil Mon espace santé.").check()
    page.get_by_label("Je demande la suppression de mes données").check()
    page.get_by_label("Mot de passe").fill("mauvais")
    page.get_by_role("button", name="Clôturer mon profil").click()
    expect(page.get_by_text(pages.MSG_PASSWORD_WRONG)).to_be_visible()
    assert replica.control.state()["closures"] == []  # type: ignore[attr-defined]
    # after a server-side error the boxes stay ticked; the password is asked again
    expect(page.get_by_label("Je demande la suppression de mes données")).to_be_checked()
    page.get_by_label("Mot de passe").fill(account.mot_de_passe)
    page.get_by_role("button", name="Clôturer mon profil").click()

    expect(page.get_by_role("heading", name="Profil clôturé")).to_be_visible()
    expect(page.get_by_text("Demande de suppression des données en cours")).to_be_visible()
    [rec] = replica.control.state()["closures"]  # type: ignore[attr-defined]
    assert rec == {"account": "compte_cloture", "suppression_donnees": True, "at": rec["at"]}
