"""The skin « dsfr » (the real DSFR, server-rendered), walked with plain Playwright: both
procedures, their outcomes, the fault switches, and what makes this skin different (tiles,
« Avant de commencer », rich radios, consent banner, disclosure menu, side menu, closure
confirmed in a modal, justificatif as a DSFR download link)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from ens_auto.replica import validation as v
from ens_auto.replica.identities import Identities
from tests.replica.skins.dsfr_walks import (
    CODE_LABEL,
    CONSENT_KEY,
    DOWNLOAD_LABEL,
    ENTRY,
    NIR_LABEL,
    PASSWORD_LABEL,
    SERIE_LABEL,
    choose,
    download,
    enter_code,
    error_of,
    fill_closure,
    fill_identity,
    h1,
    identify,
    login,
    open_closure,
    oppose,
    pdf_text,
    pick,
    skip_consent,
    start_opposition,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def dsfr(replica_skin: Callable[[str], Any]) -> Any:
    return replica_skin("dsfr")


@pytest.fixture
def app(page: Page, dsfr: Any) -> Page:
    """A page where the cookie choice was made before (the banner does not come)."""
    skip_consent(page)
    return page


# -- opposition -------------------------------------------------------------------------------


def test_opposition_adult_without_photo(page: Page, dsfr: Any, ids: Identities) -> None:
    person = ids.person("adulte_sans_photo")
    page.goto(dsfr.url + ENTRY)
    banner = page.locator(".fr-consent-banner")
    expect(banner).to_be_visible()
    page.get_by_role("button", name="Tout refuser").click()
    expect(banner).to_be_hidden()
    # two DSFR tiles, each wholly a link
    tiles = page.locator(".fr-tile.fr-enlarge-link")
    expect(tiles).to_have_count(2)
    expect(tiles.get_by_role("link")).to_have_text(
        ["Refuser la création de mon profil", "Clôturer mon profil activé"]
    )
    reference = oppose(page, dsfr, person, via_entry=True)
    expect(banner).to_be_hidden()  # the choice is remembered from page to page
    expect(page.locator(".fr-alert--success")).to_contain_text(
        "Votre refus de la création de Mon espace santé a bien été enregistré."
    )
    link = page.get_by_role("link", name=DOWNLOAD_LABEL)
    expect(link).to_have_attribute("download", "")
    expect(link).to_have_attribute("href", "/enrolement/opposition/justificatif")
    expect(link.locator(".fr-download__detail")).to_have_text(re.compile(r"^PDF – \d+,\d\d Ko$"))

    text = pdf_text(download(page))
    assert "opposition" in text
    assert reference in text
    state = dsfr.control.state()
    assert [r["person"] for r in state["oppositions"]] == ["adulte_sans_photo"]
    assert state["oppositions"][0]["reference"] == reference
    assert state["activations"] == []
    assert state["skin"] == "dsfr"


def test_opposition_card_with_photo(app: Page, dsfr: Any, ids: Identities) -> None:
    person = ids.person("adulte_avec_photo_2a")
    start_opposition(app, dsfr)
    enter_code(app, person.code_provisoire)
    app.get_by_label(NIR_LABEL).fill(person.nir)
    prefix = app.get_by_text(v.SERIE_PREFIX_AVEC_PHOTO, exact=True)
    expect(app.get_by_label("Mon numéro de série (entre 8 et 13 caractères)")).to_be_visible()
    expect(prefix).to_be_hidden()
    pick(app, "Carte Vitale avec photo")  # a rich radio, with its pictogram
    expect(app.locator(".fr-radio-rich .fr-radio-rich__pictogram svg")).to_have_count(2)
    expect(app.get_by_role("radio", name="Carte Vitale avec photo")).to_be_checked()
    serial = app.get_by_label("Mon numéro de série (11 derniers chiffres)")
    expect(prefix).to_be_visible()
    serial.fill(person.carte_vitale_serie)
    app.get_by_role("button", name="Valider").click()
    choose(app, "Je m'oppose à la création de Mon espace santé")
    app.get_by_role("button", name="Confirmer mon refus").click()
    assert "opposition" in pdf_text(download(app))
    state = dsfr.control.state()
    assert [r["person"] for r in state["oppositions"]] == ["adulte_avec_photo_2a"]


def test_opposition_for_a_child_by_the_legal_representative(
    app: Page, dsfr: Any, ids: Identities
) -> None:
    child = ids.person("enfant_1")
    reference = oppose(app, dsfr, child)
    expect(app.locator(".fr-alert--success")).to_contain_text(child.nom_complet)
    state = dsfr.control.state()
    assert state["oppositions"] == [
        {**state["oppositions"][0], "person": "enfant_1", "via_representant": True}
    ]
    assert state["oppositions"][0]["reference"] == reference


def test_refusal_of_the_legal_representative_records_nothing(
    app: Page, dsfr: Any, ids: Identities
) -> None:
    child = ids.person("enfant_1")
    start_opposition(app, dsfr)
    enter_code(app, child.code_provisoire)
    fill_identity(app, child)
    expect(app.get_by_role("heading", level=2, name="Représentant légal")).to_be_visible()
    app.get_by_role("button", name="Continuer").click()  # nothing chosen
    expect(error_of(app, "representant-legal")).to_have_text("Sélectionner une réponse")
    expect(app.locator("#representant-legal-groupe")).to_have_class(
        re.compile("fr-fieldset--error")
    )
    pick(app, f"Je ne suis pas le représentant légal de {child.nom_complet}.")
    app.get_by_role("button", name="Continuer").click()
    expect(h1(app, "Démarche réservée au représentant légal")).to_be_visible()
    expect(app.get_by_text("Aucune démarche n'a été enregistrée.")).to_be_visible()
    state = dsfr.control.state()
    assert state["oppositions"] == [] and state["activations"] == []


def test_activation_branch_records_an_activation(app: Page, dsfr: Any, ids: Identities) -> None:
    person = ids.person("parent")
    app.goto(dsfr.url + "/")
    app.get_by_role("link", name="Activer Mon espace santé").click()
    expect(h1(app, "Activer mon profil Mon espace santé")).to_be_visible()
    enter_code(app, person.code_provisoire)
    fill_identity(app, person)
    choose(app, "J'active Mon espace santé")
    expect(h1(app, "Confirmez-vous l'activation ?")).to_be_visible()
    app.get_by_role("button", name="Modifier mon choix").click()  # back to the choice
    choose(app, "J'active Mon espace santé")
    app.get_by_role("button", name="Confirmer l'activation").click()
    expect(h1(app, "Votre profil est activé")).to_be_visible()
    state = dsfr.control.state()
    assert [r["person"] for r in state["activations"]] == ["parent"]
    assert state["oppositions"] == []


@pytest.mark.parametrize(
    ("pid", "heading", "status", "text"),
    [
        (
            "deja_oppose",
            "Refus déjà enregistré",
            "Profil opposé",
            "Le refus de la création de ce profil Mon espace santé est déjà enregistré.",
        ),
        ("deja_active", "Profil déjà activé", "Profil activé", "Ce profil Mon espace santé est "),
    ],
)
def test_settled_profiles(
    app: Page, dsfr: Any, ids: Identities, pid: str, heading: str, status: str, text: str
) -> None:
    person = ids.person(pid)
    identify(app, dsfr, person)
    expect(h1(app, heading)).to_be_visible()
    expect(app.locator("#statut-profil")).to_have_text(status)
    expect(app.locator(".fr-alert--info")).to_contain_text(text)
    state = dsfr.control.state()
    assert state["oppositions"] == [] and state["activations"] == []


# -- errors -----------------------------------------------------------------------------------


def test_code_errors_and_unknown_code(app: Page, dsfr: Any) -> None:
    start_opposition(app, dsfr)
    field = app.get_by_label(CODE_LABEL)
    for typed, message in [
        ("", v.MSG_CODE_EMPTY),
        ("AB12", v.MSG_CODE_LENGTH),
        ("AB12-CD34-EF", v.MSG_CODE_CHARS),
    ]:
        field.fill(typed)
        app.get_by_role("button", name="Valider").click()
        expect(error_of(app, "code-provisoire")).to_have_text(message)
        expect(app.locator("#code-provisoire-groupe")).to_have_class(
            re.compile("fr-input-group--error")
        )
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(app).to_have_title(re.compile("^Erreur - "))
    field.fill("ZZZZZZZZZZZZ")
    app.get_by_role("button", name="Valider").click()
    alert = app.locator(".fr-alert--error")
    expect(alert).to_have_attribute("role", "alert")
    expect(alert).to_contain_text(
        "Ce code provisoire est inconnu. Vérifiez les 12 caractères saisis ou générez un "
        "nouveau code provisoire."
    )


def test_identity_errors_and_mismatch(app: Page, dsfr: Any, ids: Identities) -> None:
    person = ids.person("adulte_sans_photo")
    start_opposition(app, dsfr)
    enter_code(app, person.code_provisoire)
    app.get_by_role("button", name="Valider").click()  # nothing typed
    expect(error_of(app, "numero-securite-sociale")).to_have_text(v.MSG_NIR_EMPTY)
    expect(error_of(app, "modele-carte")).to_have_text(v.MSG_CARD_TYPE)
    expect(error_of(app, "numero-serie")).to_have_text(v.MSG_SERIE_EMPTY)
    for nir, card, serial, errors in [
        ("1851", "sans photo", "12AB", {"numero-securite-sociale": v.MSG_NIR_LENGTH}),
        ("185037511234599", "sans photo", "12AB", {"numero-serie": v.MSG_SERIE_DIGITS}),
        ("285037511234599", "sans photo", "1234", {"numero-serie": v.MSG_SERIE_SANS_PHOTO}),
        ("285037511234544", "avec photo", "1234", {"numero-serie": v.MSG_SERIE_AVEC_PHOTO}),
    ]:
        app.get_by_label(NIR_LABEL).fill(nir)
        pick(app, f"Carte Vitale {card}")
        app.get_by_label(SERIE_LABEL).fill(serial)
        app.get_by_role("button", name="Valider").click()
        for field_id, message in errors.items():
            expect(error_of(app, field_id)).to_have_text(message)
    expect(error_of(app, "numero-securite-sociale")).to_have_count(0)
    app.get_by_label(NIR_LABEL).fill("285037511234599")
    app.get_by_role("button", name="Valider").click()
    expect(error_of(app, "numero-securite-sociale")).to_have_text(v.MSG_NIR_FORMAT)
    # a valid identity that is not this code's
    fill_identity(app, person, nir="185037511234594")
    expect(app.locator(".fr-alert--error")).to_contain_text(
        "Les informations saisies ne correspondent pas à ce code provisoire."
    )
    assert dsfr.control.state()["oppositions"] == []


def test_session_expired(app: Page, dsfr: Any, ids: Identities) -> None:
    person = ids.person("adulte_sans_photo")
    start_opposition(app, dsfr)
    enter_code(app, person.code_provisoire)
    dsfr.control.set_faults(session_ttl_s=0.3)
    time.sleep(0.5)
    fill_identity(app, person)
    expect(h1(app, "Votre session a expiré")).to_be_visible()
    expect(app).to_have_url(re.compile("/session-expiree$"))
    app.get_by_role("link", name="Reprendre ma démarche").click()
    expect(h1(app, "Clôturer ou m'opposer à Mon espace santé")).to_be_visible()
    assert dsfr.control.state()["oppositions"] == []


def test_maintenance(app: Page, dsfr: Any) -> None:
    dsfr.control.set_faults(maintenance=True)
    response = app.goto(dsfr.url + ENTRY)
    assert response is not None and response.status == 503
    expect(h1(app, "Service en maintenance")).to_be_visible()
    expect(app.locator("main")).to_contain_text("maintenance")
    expect(app.locator("main")).to_contain_text("3422")
    expect(app.locator("header.fr-header")).to_be_visible()  # the DSFR is still served


def test_pdf_error_then_corrupt(app: Page, dsfr: Any, ids: Identities) -> None:
    dsfr.control.set_faults(pdf="error")
    oppose(app, dsfr, ids.person("adulte_sans_photo"))
    expect(app.locator("#erreur-justificatif")).to_contain_text(
        "Votre justificatif d'opposition n'a pas pu être obtenu pour le moment."
    )
    expect(app.get_by_role("link", name=DOWNLOAD_LABEL)).to_have_count(0)
    assert len(dsfr.control.state()["oppositions"]) == 1  # the opposition itself is recorded
    # the file's own address says it too (a page of this skin, HTTP 500)
    response = app.request.get(dsfr.url + "/enrolement/opposition/justificatif")
    assert response.status == 500
    assert "Justificatif indisponible" in response.text()
    # later, the justificatif comes, but corrupt: the file is simply not a PDF
    dsfr.control.set_faults(pdf="corrupt")
    app.get_by_role("link", name="Réessayer").click()
    assert not download(app).startswith(b"%PDF")
    dsfr.control.set_faults(pdf="ok")
    app.reload()
    assert "opposition" in pdf_text(download(app))


def test_late_rendering_still_works(app: Page, dsfr: Any, ids: Identities) -> None:
    person = ids.person("adulte_avec_photo_2a")
    start_opposition(app, dsfr)
    dsfr.control.set_faults(late_render_ms=600)
    enter_code(app, person.code_provisoire)
    fill_identity(app, person)  # the serial's label follows the card model on late content
    choose(app, "Je m'oppose à la création de Mon espace santé")
    app.get_by_role("button", name="Confirmer mon refus").click()
    assert "opposition" in pdf_text(download(app))
    assert len(dsfr.control.state()["oppositions"]) == 1


def test_download_modes_set_by_a_test(app: Page, dsfr: Any, ids: Identities) -> None:
    dsfr.control.set_faults(download_mode="script")
    oppose(app, dsfr, ids.person("adulte_sans_photo"))
    link = app.get_by_role("link", name=DOWNLOAD_LABEL)
    expect(link).to_have_attribute("data-source", "/api/enrolement/opposition/justificatif")
    # the API's JSON, saved from a blob by the page's script
    assert "opposition" in pdf_text(download(app))
    dsfr.control.set_faults(download_mode="inline")
    app.reload()
    expect(link).to_have_attribute("target", "_blank")
    response = app.request.get(dsfr.url + (link.get_attribute("href") or ""))
    assert response.headers["content-disposition"].startswith("inline")
    assert "opposition" in pdf_text(response.body())


# -- closure ----------------------------------------------------------------------------------


def test_closure_with_deletion_confirmed_in_a_modal(app: Page, dsfr: Any, ids: Identities) -> None:
    account = ids.account("compte_cloture")
    login(app, dsfr, account)
    menu = app.get_by_role("button", name=account.nom_complet)
    expect(menu).to_have_attribute("aria-controls", "menu-compte")
    expect(menu).not_to_have_attribute("aria-haspopup", re.compile(".*"))
    open_closure(app, account)
    current = app.locator(".fr-sidemenu__link[aria-current=page]")
    expect(current).to_have_text("Clôture du profil")
    modal = app.get_by_role("dialog", name="Clôturer votre profil ?")
    # incomplete: no modal, the server says what is missing
    app.get_by_role("button", name="Clôturer mon profil").click()
    expect(error_of(app, "consentement-fermeture")).to_have_text(
        "Cocher cette case pour clôturer votre profil"
    )
    expect(error_of(app, "mot-de-passe")).to_have_text("Saisir votre mot de passe")
    fill_closure(app, account, deletion=True)
    app.get_by_label(PASSWORD_LABEL).fill("pas le bon")
    app.get_by_role("button", name="Clôturer mon profil").click()
    modal.get_by_role("button", name="Oui, clôturer mon profil").click()
    expect(error_of(app, "mot-de-passe")).to_have_text("Mot de passe incorrect.")
    assert dsfr.control.state()["closures"] == []

    # the answers are kept; the password is typed again
    expect(app.get_by_role("checkbox", name=re.compile("^Je confirme vouloir"))).to_be_checked()
    expect(app.get_by_role("radio", name=re.compile("^Demander la suppression"))).to_be_checked()
    app.get_by_label(PASSWORD_LABEL).fill(account.mot_de_passe)
    app.get_by_role("button", name="Clôturer mon profil").click()
    expect(modal).to_be_visible()
    expect(modal).to_contain_text("Vos données seront supprimées dans un délai de 3 mois")
    modal.get_by_role("button", name="Oui, clôturer mon profil").click()
    expect(h1(app, "Profil clôturé")).to_be_visible()
    expect(app.locator("#statut-profil")).to_have_text("Profil clôturé")
    expect(app.locator("#statut-suppression")).to_have_text(
        "Demande de suppression des données en cours"
    )
    closures = dsfr.control.state()["closures"]
    assert [(c["account"], c["suppression_donnees"]) for c in closures] == [
        ("compte_cloture", True)
    ]


def test_closure_without_deletion_after_cancelling(app: Page, dsfr: Any, ids: Identities) -> None:
    account = ids.account("compte_cloture_2")
    login(app, dsfr, account)
    dsfr.control.set_faults(late_render_ms=300)  # the modal is bound on late content too
    open_closure(app, account)
    expect(app.get_by_role("radio", name=re.compile("^Conserver mes données"))).to_be_checked()
    fill_closure(app, account, deletion=False)
    modal = app.get_by_role("dialog", name="Clôturer votre profil ?")
    app.get_by_role("button", name="Clôturer mon profil").click()
    expect(modal).to_contain_text("Vos données seront archivées pendant 10 ans.")
    modal.get_by_role("button", name="Annuler").click()
    expect(modal).to_be_hidden()
    assert dsfr.control.state()["closures"] == []
    app.get_by_role("button", name="Clôturer mon profil").click()
    modal.get_by_role("button", name="Oui, clôturer mon profil").click()
    expect(app.locator("#statut-profil")).to_have_text("Profil clôturé")
    expect(app.locator("#statut-suppression")).to_have_count(0)
    closures = dsfr.control.state()["closures"]
    assert [(c["account"], c["suppression_donnees"]) for c in closures] == [
        ("compte_cloture_2", False)
    ]


def test_closure_without_javascript(browser: Browser, dsfr: Any, ids: Identities) -> None:
    """Progressive enhancement: without scripts the form leads to a confirmation page."""
    account = ids.account("compte_cloture")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(dsfr.url + "/compte/connexion")
        page.get_by_role("textbox", name="Identifiant").fill(account.identifiant)
        page.get_by_label(PASSWORD_LABEL).fill(account.mot_de_passe)
        page.get_by_role("button", name="Se connecter").click()
        pick(page, "Par e-mail")
        page.get_by_role("button", name="Recevoir mon code").click()
        page.get_by_label("Code à usage unique").fill(dsfr.control.otp(account.identifiant))
        page.get_by_role("button", name="Valider").click()
        page.goto(dsfr.url + "/mon-espace/parametres/cloture-du-profil")
        fill_closure(page, account, deletion=True)
        page.get_by_role("button", name="Clôturer mon profil").click()
        expect(h1(page, "Clôturer votre profil ?")).to_be_visible()
        assert dsfr.control.state()["closures"] == []
        page.get_by_role("button", name="Oui, clôturer mon profil").click()
        expect(page.locator("#statut-suppression")).to_be_visible()
    finally:
        context.close()
    assert [c["suppression_donnees"] for c in dsfr.control.state()["closures"]] == [True]


# -- the rest of the site ---------------------------------------------------------------------


def test_consent_manager(page: Page, dsfr: Any) -> None:
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(re.sub(r"^\w+://([^/]+).*$", r"\1", request.url)))
    page.goto(dsfr.url + "/")
    banner = page.locator(".fr-consent-banner")
    for name in ("Tout accepter", "Tout refuser", "Personnaliser"):
        expect(banner.get_by_role("button", name=name)).to_be_visible()
    banner.get_by_role("button", name="Personnaliser").click()
    manager = page.get_by_role("dialog", name="Panneau de gestion des cookies")
    expect(manager).to_be_visible()
    pick(page, re.compile("^Tout accepter$"))
    expect(manager.get_by_role("radio", name="Accepter", exact=True).last).to_be_checked()
    manager.get_by_role("button", name="Confirmer mes choix").click()
    expect(manager).to_be_hidden()
    expect(banner).to_be_hidden()
    page.reload()
    expect(banner).to_be_hidden()
    assert '"audience":true' in (page.evaluate(f"localStorage.getItem('{CONSENT_KEY}')") or "")
    page.get_by_role("button", name="Gestion des cookies").click()
    expect(manager).to_be_visible()
    assert hosts == {dsfr.url.split("://", 1)[1]}  # nothing is sent anywhere else


def test_pages_outside_the_procedures(dsfr: Any) -> None:
    with httpx.Client(base_url=dsfr.url, follow_redirects=True, timeout=10) as client:
        home = client.get("/")
        assert 'href="/enrolement/activation"' in home.text
        assert "Activer Mon espace santé" in home.text
        assert "M'opposer à Mon espace santé" in home.text
        for path in (
            "/",
            "/cgu",
            "/questions-frequentes",
            ENTRY,
            "/enrolement/opposition/avant-de-commencer",
            "/enrolement/nouveau-code-provisoire",
            "/compte/connexion",
            "/session-expiree",
        ):
            r = client.get(path)
            assert r.status_code == 200, path
            assert '<html lang="fr"' in r.text and '<meta charset="utf-8">' in r.text, path
            assert "/static/dsfr/dsfr.min.css" in r.text, path
        missing = client.get("/pas-de-page-ici")
        assert missing.status_code == 404 and "Page non trouvée" in missing.text
        for asset in (
            "/static/dsfr/dsfr.module.min.js",
            "/static/dsfr/icons/system/fr--error-fill.svg",
            "/static/dsfr/LICENSE.md",
        ):
            assert client.get(asset).status_code == 200, asset


def test_new_code_and_login_errors(dsfr: Any, ids: Identities) -> None:
    person = ids.person("adulte_sans_photo")
    account = ids.account("compte_cloture")
    with httpx.Client(base_url=dsfr.url, follow_redirects=True, timeout=10) as client:
        r = client.post(
            "/enrolement/nouveau-code-provisoire",
            data={"numero_securite_sociale": person.nir, "date_naissance": "1985-03-14"},
        )
        assert r.status_code == 422
        for message in (v.MSG_DATE_FORMAT, v.MSG_CARD_TYPE, v.MSG_CHANNEL):
            assert message.replace("'", "&#39;") in r.text, message
        r = client.post(
            "/enrolement/nouveau-code-provisoire",
            data={
                "numero_securite_sociale": person.nir,
                "date_naissance": person.date_naissance,
                "modele_carte": "sans_photo",
                "numero_serie": person.carte_vitale_serie,
                "canal_envoi": "email",
            },
        )
        assert r.url.path.endswith("/demande-envoyee") and "par e-mail" in r.text
        r = client.post("/compte/connexion", data={"identifiant": "x", "mot_de_passe": "y"})
        assert r.status_code == 401
        assert "L&#39;identifiant ou le mot de passe est incorrect." in r.text
        client.post(
            "/compte/connexion",
            data={"identifiant": account.identifiant, "mot_de_passe": account.mot_de_passe},
        )
        client.post("/compte/connexion/code-a-usage-unique", data={"canal_envoi": "sms"})
        r = client.post("/compte/connexion/code-a-usage-unique/saisie", data={"code_unique": "1"})
        assert v.MSG_OTP_FORMAT in r.text
        r = client.post(
            "/compte/connexion/code-a-usage-unique/saisie", data={"code_unique": "000000"}
        )
        otp = dsfr.control.otp(account.identifiant)
        if otp != "000000":
            assert "Ce code à usage unique est incorrect ou a expiré." in r.text
