"""Every page and error path of the replica, over plain HTTP (server-side rules)."""

from __future__ import annotations

import re
from html import unescape

import httpx
import pytest

from ens_auto.replica import validation as v
from ens_auto.replica.identities import Identities
from ens_auto.replica.skins.classique import pages
from tests.replica.helpers import identify, identity_form, oppose


def text(r: httpx.Response) -> str:
    return unescape(r.text)


def assert_utf8_html(r: httpx.Response) -> None:
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert '<meta charset="utf-8">' in r.text
    assert "é" in r.content.decode("utf-8")


# -- public pages ---------------------------------------------------------------------------


def test_home_links(client: httpx.Client) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert_utf8_html(r)
    body = text(r)
    assert "Mon espace santé" in body
    assert 'href="/enrolement/activation">Activer Mon espace santé</a>' in body
    assert 'href="/enrolement/cloture/accueil">M\'opposer à Mon espace santé</a>' in body
    assert 'href="/cgu"' in body and 'href="/questions-frequentes"' in body
    assert "/__replica__" not in body


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/cgu", "Conditions générales d'utilisation"),
        ("/questions-frequentes", "Questions fréquentes"),
        ("/enrolement/cloture/accueil", "Clôturer ou m'opposer à Mon espace santé"),
        ("/enrolement/nouveau-code", "Générer un nouveau code provisoire"),
        ("/connexion", "Connexion à Mon espace santé"),
    ],
)
def test_simple_pages(client: httpx.Client, path: str, heading: str) -> None:
    r = client.get(path)
    assert r.status_code == 200
    assert_utf8_html(r)
    assert f"<h1>{heading}</h1>" in text(r)


def test_cloture_accueil_links(client: httpx.Client) -> None:
    body = text(client.get("/enrolement/cloture/accueil"))
    assert (
        'href="/enrolement/code-provisoire?parcours=opposition">'
        "Je m'oppose à la création de mon profil</a>" in body
    )
    assert 'href="/connexion">Je souhaite clôturer mon profil</a>' in body


def test_activation_entry_leads_to_code_page(client: httpx.Client) -> None:
    r = client.get("/enrolement/activation")
    assert r.url.path == "/enrolement/code-provisoire"
    assert r.url.params["parcours"] == "activation"
    body = text(r)
    assert "<h1>Mon code provisoire</h1>" in body
    assert 'name="parcours" value="activation"' in body


def test_unknown_page_404_in_french(client: httpx.Client) -> None:
    r = client.get("/nulle-part")
    assert r.status_code == 404
    assert "Page introuvable" in text(r)


# -- code provisoire ------------------------------------------------------------------------


def test_code_page_markup(client: httpx.Client) -> None:
    body = text(client.get("/enrolement/code-provisoire?parcours=opposition"))
    assert '<label class="fr-label" for="codeProvisoire"' in body
    assert "Saisir le code provisoire à 12 caractères</label>" in body
    assert ">Valider</button>" in body
    assert 'href="/enrolement/nouveau-code">Je n\'ai pas de code provisoire</a>' in body


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", v.MSG_CODE_EMPTY),
        ("ABC123", v.MSG_CODE_LENGTH),
        ("ABCDEFGHIJKLM", v.MSG_CODE_LENGTH),
        ("ABC-123-DEF4", v.MSG_CODE_CHARS),
        ("ABCDEFGHIJ é", v.MSG_CODE_CHARS),
        ("ZZZZZZZZZZZZ", pages.MSG_UNKNOWN_CODE),
    ],
)
def test_code_errors(client: httpx.Client, replica: object, code: str, message: str) -> None:
    r = client.post("/enrolement/code-provisoire", data={"codeProvisoire": code})
    assert r.status_code == 422
    assert r.url.path == "/enrolement/code-provisoire"
    body = text(r)
    assert message in body
    assert 'role="alert"' in body
    if message != pages.MSG_UNKNOWN_CODE:
        assert '<p class="fr-error-text" id="codeProvisoire-erreur">' + message in body
        assert 'aria-invalid="true"' in body


def test_code_case_insensitive(client: httpx.Client, ids: Identities) -> None:
    code = ids.person("adulte_sans_photo").code_provisoire.lower()
    r = client.post("/enrolement/code-provisoire", data={"codeProvisoire": code})
    assert r.url.path == "/enrolement/identite"


# -- identity -------------------------------------------------------------------------------


def test_identity_page_markup(client: httpx.Client, ids: Identities) -> None:
    client.post(
        "/enrolement/code-provisoire",
        data={"codeProvisoire": ids.person("adulte_sans_photo").code_provisoire},
    )
    r = client.get("/enrolement/identite")
    body = text(r)
    assert "<h1>Mon identité</h1>" in body
    assert '<label class="fr-label" for="nir" id="nir-label">Mon numéro de sécurité sociale' in body
    assert "Exemple : 1 55 12 55 555 555 55" in body
    assert "Je renseigne le modèle de ma carte Vitale." in body
    assert (
        '<input type="radio" id="typeCarte-sans-photo" name="typeCarte" value="sans_photo"' in body
    )
    assert '<label class="fr-label" for="typeCarte-sans-photo">Carte Vitale sans photo' in body
    assert '<label class="fr-label" for="typeCarte-avec-photo">Carte Vitale avec photo' in body
    assert 'id="numeroSerie-label">Mon numéro de série (entre 8 et 13 caractères)' in body
    assert re.search(r'id="numeroSerie-prefixe" hidden>8025000002<', body)
    assert body.count('name="numeroSerie"') == 1


def test_identity_requires_a_code(client: httpx.Client) -> None:
    r = client.get("/enrolement/identite")
    assert r.url.path == "/enrolement/code-provisoire"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"nir": ""}, "nir", v.MSG_NIR_EMPTY),
        ({"nir": "2 85 03 75 112"}, "nir", v.MSG_NIR_LENGTH),
        ({"nir": "285037511234545"}, "nir", v.MSG_NIR_FORMAT),
        ({"nir": "28503751123454X"}, "nir", v.MSG_NIR_FORMAT),
        ({"typeCarte": ""}, "typeCarte", v.MSG_CARD_TYPE),
        ({"numeroSerie": ""}, "numeroSerie", v.MSG_SERIE_EMPTY),
        ({"numeroSerie": "47382a1056"}, "numeroSerie", v.MSG_SERIE_DIGITS),
        ({"numeroSerie": "1234567"}, "numeroSerie", v.MSG_SERIE_SANS_PHOTO),
        ({"numeroSerie": "12345678901234"}, "numeroSerie", v.MSG_SERIE_SANS_PHOTO),
        (
            {"typeCarte": "avec_photo", "numeroSerie": "1234567890"},
            "numeroSerie",
            v.MSG_SERIE_AVEC_PHOTO,
        ),
    ],
)
def test_identity_errors(
    client: httpx.Client,
    replica: object,
    ids: Identities,
    overrides: dict[str, str],
    field: str,
    message: str,
) -> None:
    person = ids.person("adulte_sans_photo")
    client.post("/enrolement/code-provisoire", data={"codeProvisoire": person.code_provisoire})
    r = client.post("/enrolement/identite", data=identity_form(person, **overrides))
    assert r.status_code == 422
    body = text(r)
    assert f'<p class="fr-error-text" id="{field}-erreur">{message}</p>' in body
    assert 'role="alert"' in body
    assert person.nir not in body or overrides.get("nir") is None  # never echoed back if wrong
    assert replica.control.state()["oppositions"] == []  # type: ignore[attr-defined]


def test_identity_with_photo_label_on_rerender(client: httpx.Client, ids: Identities) -> None:
    person = ids.person("adulte_avec_photo_2a")
    client.post("/enrolement/code-provisoire", data={"codeProvisoire": person.code_provisoire})
    r = client.post("/enrolement/identite", data=identity_form(person, numeroSerie="12"))
    body = text(r)
    assert 'id="numeroSerie-label">Mon numéro de série (11 derniers chiffres)' in body
    assert re.search(r'id="numeroSerie-prefixe">8025000002<', body)
    assert 'value="avec_photo" checked' in body


@pytest.mark.parametrize(
    "overrides",
    [
        {"nir": "171053356789070"},  # someone else's valid NIR
        {"numeroSerie": "47382910567"},
        {"typeCarte": "avec_photo", "numeroSerie": "47382910560"},
    ],
)
def test_identity_mismatch(
    client: httpx.Client, replica: object, ids: Identities, overrides: dict[str, str]
) -> None:
    person = ids.person("adulte_sans_photo")
    client.post("/enrolement/code-provisoire", data={"codeProvisoire": person.code_provisoire})
    r = client.post("/enrolement/identite", data=identity_form(person, **overrides))
    assert r.status_code == 422
    assert pages.MSG_MISMATCH in text(r)
    # and the next steps stay closed
    assert client.get("/enrolement/choix").url.path == "/enrolement/code-provisoire"


def test_identity_accepts_spaces(client: httpx.Client, ids: Identities) -> None:
    person = ids.person("adulte_avec_photo_2a")
    client.post("/enrolement/code-provisoire", data={"codeProvisoire": person.code_provisoire})
    spaced = "1 78 11 2A 004 123 10"
    r = client.post("/enrolement/identite", data=identity_form(person, nir=spaced))
    assert r.url.path == "/enrolement/choix"


# -- legal representative, choice, confirmation, recorded -------------------------------------


def test_representant_page_and_refusal(
    client: httpx.Client, replica: object, ids: Identities
) -> None:
    child = ids.person("enfant_1")
    client.post("/enrolement/code-provisoire", data={"codeProvisoire": child.code_provisoire})
    r = client.post("/enrolement/identite", data=identity_form(child))
    assert r.url.path == "/enrolement/representant-legal"
    body = text(r)
    assert "<h1>Représentant légal</h1>" in body
    assert "Je certifie être le représentant légal de Lucas Bernard.</label>" in body
    assert "Je ne suis pas le représentant légal de Lucas Bernard.</label>" in body
    assert ">Continuer</button>" in body
    r = client.post("/enrolement/representant-legal", data={})
    assert r.status_code == 422 and pages.MSG_REPRESENTANT in text(r)
    assert client.get("/enrolement/choix").url.path == "/enrolement/code-provisoire"
    r = client.post("/enrolement/representant-legal", data={"representant": "non"})
    assert r.status_code == 403
    assert (
        "Seul le représentant légal auquel est rattaché(e) Lucas Bernard a accès à son profil"
        in text(r)
    )
    state = replica.control.state()  # type: ignore[attr-defined]
    assert state["oppositions"] == [] and state["activations"] == []
    assert client.get("/enrolement/choix").url.path == "/enrolement/code-provisoire"


def test_choice_page_and_missing_choice(client: httpx.Client, ids: Identities) -> None:
    r = identify(client, ids.person("adulte_sans_photo"))
    body = text(r)
    assert r.url.path == "/enrolement/choix"
    assert "J'active Mon espace santé</label>" in body
    assert "Je m'oppose à la création de Mon espace santé</label>" in body
    r = client.post("/enrolement/choix", data={})
    assert r.status_code == 422
    assert f'id="choix-erreur">{pages.MSG_CHOICE}' in text(r)


def test_confirmation_back_records_nothing(
    client: httpx.Client, replica: object, ids: Identities
) -> None:
    identify(client, ids.person("adulte_sans_photo"))
    r = client.post("/enrolement/choix", data={"choix": "opposition"})
    body = text(r)
    assert "Confirmez-vous votre opposition à la création de Mon espace santé ?" in body
    assert ">Confirmer mon opposition</button>" in body and ">Retour</button>" in body
    r = client.post("/enrolement/opposition/confirmation", data={"action": "retour"})
    assert r.url.path == "/enrolement/choix"
    assert replica.control.state()["oppositions"] == []  # type: ignore[attr-defined]


def test_full_opposition_adult(client: httpx.Client, replica: object, ids: Identities) -> None:
    person = ids.person("adulte_sans_photo")
    r = oppose(client, person)
    body = text(r)
    assert pages.MSG_OPPOSITION_RECORDED in body
    assert pages.MSG_CHOICE_RECORDED in body
    state = replica.control.state()  # type: ignore[attr-defined]
    assert state["activations"] == []
    [rec] = state["oppositions"]
    assert rec["person"] == "adulte_sans_photo" and rec["via_representant"] is False
    assert f'<strong id="numero-reference">{rec["reference"]}</strong>' in body
    assert re.fullmatch(r"OPP-\d{8}-[A-Z0-9]{6}", rec["reference"])
    assert ">Télécharger le justificatif</button>" in body
    assert person.nir not in body
    # confirming again (double click, back button) records nothing more
    r = client.post("/enrolement/opposition/confirmation", data={"action": "confirmer"})
    assert r.url.path == "/enrolement/opposition/enregistree"
    assert len(replica.control.state()["oppositions"]) == 1  # type: ignore[attr-defined]


@pytest.mark.parametrize("who", ["enfant_2", "majeur_represente"])
def test_opposition_via_representative(
    client: httpx.Client, replica: object, ids: Identities, who: str
) -> None:
    oppose(client, ids.person(who))
    [rec] = replica.control.state()["oppositions"]  # type: ignore[attr-defined]
    assert rec["person"] == who and rec["via_representant"] is True


def test_second_opposition_refused(client: httpx.Client, replica: object, ids: Identities) -> None:
    person = ids.person("parent")
    oppose(client, person)
    with httpx.Client(base_url=str(client.base_url), follow_redirects=True) as other:
        r = identify(other, person)
        assert pages.MSG_ALREADY_OPPOSED in text(r)
        assert 'name="choix"' not in r.text
        r = other.post("/enrolement/choix", data={"choix": "opposition"})
        assert pages.MSG_ALREADY_OPPOSED in text(r)
        r = other.post("/enrolement/opposition/confirmation", data={"action": "confirmer"})
        assert pages.MSG_ALREADY_OPPOSED in text(r)
    assert len(replica.control.state()["oppositions"]) == 1  # type: ignore[attr-defined]


def test_already_opposed_fixture(client: httpx.Client, replica: object, ids: Identities) -> None:
    r = identify(client, ids.person("deja_oppose"))
    body = text(r)
    assert pages.MSG_ALREADY_OPPOSED in body and "Profil opposé" in body
    assert "Confirmer" not in body
    assert replica.control.state()["oppositions"] == []  # type: ignore[attr-defined]


def test_activation_recorded_as_activation(
    client: httpx.Client, replica: object, ids: Identities
) -> None:
    identify(client, ids.person("adulte_avec_photo_2a"), parcours="activation")
    r = client.post("/enrolement/choix", data={"choix": "activation"})
    assert r.url.path == "/enrolement/activation/confirmation"
    body = text(r)
    assert "Confirmez-vous l'activation de Mon espace santé ?" in body
    assert ">Confirmer l'activation</button>" in body
    assert "Confirmer mon opposition" not in body
    r = client.post("/enrolement/activation/confirmation", data={"action": "confirmer"})
    assert r.url.path == "/enrolement/activation/enregistree"
    assert "Votre profil Mon espace santé est activé." in text(r)
    state = replica.control.state()  # type: ignore[attr-defined]
    assert state["oppositions"] == []
    [rec] = state["activations"]
    assert rec["person"] == "adulte_avec_photo_2a" and rec["reference"].startswith("ACT-")
    # an activated profile can no longer be opposed through enrolment
    with httpx.Client(base_url=str(client.base_url), follow_redirects=True) as other:
        r = identify(other, ids.person("adulte_avec_photo_2a"))
        assert pages.MSG_ALREADY_ACTIVE in text(r)


def test_recorded_page_needs_own_opposition(client: httpx.Client) -> None:
    assert client.get("/enrolement/opposition/enregistree").url.path == (
        "/enrolement/code-provisoire"
    )
    r = client.post("/api/enrolement/opposition/justificatif")
    assert r.status_code == 401


# -- nouveau code ---------------------------------------------------------------------------


def test_nouveau_code(client: httpx.Client, ids: Identities) -> None:
    body = text(client.get("/enrolement/nouveau-code"))
    for label in (
        "Date de naissance</label>",
        "Par SMS</label>",
        "Par e-mail</label>",
        ">Envoyer le code</button>",
    ):
        assert label in body
    r = client.post("/enrolement/nouveau-code", data={"dateNaissance": "1985-03-14"})
    assert r.status_code == 422
    body = text(r)
    for message in (
        v.MSG_NIR_EMPTY,
        v.MSG_DATE_FORMAT,
        v.MSG_CARD_TYPE,
        v.MSG_SERIE_EMPTY,
        v.MSG_CHANNEL,
    ):
        assert message in body
    person = ids.person("enfant_1")
    data = identity_form(person) | {"dateNaissance": person.date_naissance, "canal": "email"}
    r = client.post("/enrolement/nouveau-code", data=data)
    assert r.status_code == 200
    assert "un nouveau code provisoire vous a été envoyé par e-mail" in text(r)
    assert person.code_provisoire not in r.text


# -- closure --------------------------------------------------------------------------------


def login(client: httpx.Client, replica: object, identifiant: str, password: str) -> None:
    r = client.post("/connexion", data={"identifiant": identifiant, "motDePasse": password})
    assert r.url.path == "/connexion/code"
    r = client.post("/connexion/code", data={"canal": "sms"})
    assert r.url.path == "/connexion/code/verification"
    code = replica.control.otp(identifiant)  # type: ignore[attr-defined]
    assert code not in r.text
    r = client.post("/connexion/code/verification", data={"codeUnique": code})
    assert r.url.path == "/tableau-de-bord"


def test_login_errors(client: httpx.Client, replica: object, ids: Identities) -> None:
    account = ids.account("compte_cloture")
    r = client.post("/connexion", data={})
    assert r.status_code == 422
    assert pages.MSG_IDENTIFIANT in text(r) and pages.MSG_PASSWORD_EMPTY in text(r)
    r = client.post("/connexion", data={"identifiant": account.identifiant, "motDePasse": "x"})
    assert r.status_code == 401 and pages.MSG_CREDENTIALS in text(r)
    assert "x" not in re.findall(r'name="motDePasse"[^>]*value="([^"]*)"', r.text)
    r = client.post("/connexion", data={"identifiant": "inconnu", "motDePasse": "x"})
    assert pages.MSG_CREDENTIALS in text(r)
    assert client.get("/tableau-de-bord").url.path == "/connexion"


def test_otp_errors(client: httpx.Client, replica: object, ids: Identities) -> None:
    account = ids.account("compte_cloture_2")
    r = client.post(
        "/connexion", data={"identifiant": account.identifiant, "motDePasse": account.mot_de_passe}
    )
    body = text(r)
    assert "Par SMS</label>" in body and account.telephone in body and account.email in body
    r = client.post("/connexion/code", data={})
    assert r.status_code == 422 and v.MSG_CHANNEL in text(r)
    r = client.post("/connexion/code", data={"canal": "email"})
    assert "Code à usage unique</label>" in text(r)
    assert f"par e-mail à {account.email}" in text(r)
    code = replica.control.otp(account.identifiant)  # type: ignore[attr-defined]
    assert re.fullmatch(r"\d{6}", code) and code not in r.text
    r = client.post("/connexion/code/verification", data={"codeUnique": "12ab"})
    assert r.status_code == 422 and v.MSG_OTP_FORMAT in text(r)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    r = client.post("/connexion/code/verification", data={"codeUnique": wrong})
    assert r.status_code == 401 and pages.MSG_OTP_WRONG in text(r)
    assert client.get("/tableau-de-bord").url.path == "/connexion"
    r = client.post("/connexion/code/verification", data={"codeUnique": code})
    assert r.url.path == "/tableau-de-bord"
    # the door still tells the last code, but it is good for one login only
    assert replica.control.otp(account.identifiant) == code  # type: ignore[attr-defined]
    with httpx.Client(base_url=str(client.base_url), follow_redirects=True) as other:
        other.post(
            "/connexion",
            data={"identifiant": account.identifiant, "motDePasse": account.mot_de_passe},
        )
        other.post("/connexion/code", data={"canal": "sms"})
        new_code = replica.control.otp(account.identifiant)  # type: ignore[attr-defined]
        if new_code != code:
            r = other.post("/connexion/code/verification", data={"codeUnique": code})
            assert pages.MSG_OTP_WRONG in text(r)


def test_dashboard_menu_and_settings(
    client: httpx.Client, replica: object, ids: Identities
) -> None:
    account = ids.account("compte_cloture")
    login(client, replica, account.identifiant, account.mot_de_passe)
    body = text(client.get("/tableau-de-bord"))
    assert 'data-testid="menu-utilisateur" aria-haspopup="menu" aria-expanded="false"' in body
    assert ">Claire Moreau</button>" in body
    assert '<a role="menuitem" href="/parametres">Paramètres</a>' in body
    assert '<a role="menuitem" href="/deconnexion">Se déconnecter</a>' in body
    body = text(client.get("/parametres"))
    assert '<h2 id="cloture-titre">Clôture du profil</h2>' in body
    for label in (
        "Je comprends que la clôture de mon profil entraîne la fermeture de Mon espace santé "
        "et de ses services.</label>",
        "Je confirme vouloir clôturer mon profil Mon espace santé.</label>",
        "Je demande la suppression de mes données</label>",
        "3 mois au plus",
        "archivées pendant 10 ans",
        'for="motDePasse" id="motDePasse-label">Mot de passe</label>',
        ">Clôturer mon profil</button>",
    ):
        assert label in body


def test_closure_errors_record_nothing(
    client: httpx.Client, replica: object, ids: Identities
) -> None:
    account = ids.account("compte_cloture")
    login(client, replica, account.identifiant, account.mot_de_passe)
    r = client.post("/parametres/cloture", data={"motDePasse": account.mot_de_passe})
    assert r.status_code == 422
    body = text(r)
    assert f'id="consentementFermeture-erreur">{pages.MSG_CONSENT}' in body
    assert f'id="consentementConfirmation-erreur">{pages.MSG_CONSENT}' in body
    r = client.post(
        "/parametres/cloture",
        data={
            "consentementFermeture": "oui",
            "consentementConfirmation": "oui",
            "motDePasse": "mauvais",
        },
    )
    assert r.status_code == 422
    assert f'id="motDePasse-erreur">{pages.MSG_PASSWORD_WRONG}' in text(r)
    assert replica.control.state()["closures"] == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("suppression", [True, False])
def test_closure_recorded(
    client: httpx.Client, replica: object, ids: Identities, suppression: bool
) -> None:
    account = ids.account("compte_cloture_2")
    login(client, replica, account.identifiant, account.mot_de_passe)
    data = {
        "consentementFermeture": "oui",
        "consentementConfirmation": "oui",
        "motDePasse": account.mot_de_passe,
    }
    if suppression:
        data["suppressionDonnees"] = "oui"
    r = client.post("/parametres/cloture", data=data)
    assert r.url.path == "/profil-cloture"
    body = text(r)
    assert "<h1>Profil clôturé</h1>" in body
    assert ("Demande de\n          suppression des données en cours" in body) is suppression
    [rec] = replica.control.state()["closures"]  # type: ignore[attr-defined]
    assert rec["account"] == "compte_cloture_2" and rec["suppression_donnees"] is suppression
    # closing again is not possible: the settings now show the closed profile
    assert client.get("/parametres").url.path == "/profil-cloture"
    r = client.post("/parametres/cloture", data=data)
    assert len(replica.control.state()["closures"]) == 1  # type: ignore[attr-defined]


def test_logout(client: httpx.Client, replica: object, ids: Identities) -> None:
    account = ids.account("compte_cloture")
    login(client, replica, account.identifiant, account.mot_de_passe)
    assert client.get("/deconnexion").url.path == "/"
    assert client.get("/parametres").url.path == "/connexion"


# -- test door ------------------------------------------------------------------------------


def test_door(client: httpx.Client, replica: object, ids: Identities) -> None:
    oppose(client, ids.person("adulte_sans_photo"))
    state = client.get("/__replica__/state").json()
    assert set(state) == {"oppositions", "activations", "closures", "faults", "skin"}
    assert len(state["oppositions"]) == 1 and "T" in state["oppositions"][0]["at"]
    r = client.post("/__replica__/faults", json={"latency_ms": -1})
    assert r.status_code == 400
    r = client.post("/__replica__/faults", json={"inconnu": True})
    assert r.status_code == 400
    r = client.post("/__replica__/faults", json={"pdf": "corrupt", "latency_ms": 5})
    assert r.json()["pdf"] == "corrupt" and r.json()["latency_ms"] == 5
    assert client.get("/__replica__/otp", params={"identifiant": "personne"}).status_code == 404
    with pytest.raises(KeyError):
        replica.control.otp("personne")  # type: ignore[attr-defined]
    with pytest.raises(ValueError):
        replica.control.set_faults(typo=True)  # type: ignore[attr-defined]
    replica.control.reset()  # type: ignore[attr-defined]
    state = replica.control.state()  # type: ignore[attr-defined]
    assert state["oppositions"] == [] and state["faults"]["pdf"] == "ok"
    # sessions are forgotten too
    assert client.get("/enrolement/opposition/enregistree").url.path == (
        "/enrolement/code-provisoire"
    )
