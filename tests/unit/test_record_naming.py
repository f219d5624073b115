"""The pure parts of the recorder: typed value -> placeholder, French sentences, candidate
order, stable ids and CSS, addresses without personal values, the YAML written."""

from __future__ import annotations

import pytest

from ens_auto.flow.load import parse_flow
from ens_auto.flow.model import Candidate, ClickStep, Condition, ExpectStep, Flow, GotoStep
from ens_auto.flow.recording import (
    classify_value,
    css_candidates,
    dump_flow,
    is_stable_id,
    order_candidates,
    raw_candidates,
    safe_path,
    say_for,
)
from ens_auto.identity import parse_details

NIR = "285037511234544"  # the replica's fake person (valid key)


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        (NIR, {}, "nir"),
        ("2 85 03 75 112 345 44", {}, "nir"),
        ("2.85.03.75.112.345.44", {}, "nir"),
        ("285037511234545", {}, None),  # wrong key: not a NIR (asked about at the end)
        ("K7M2Q9X4B1T8", {}, "code_provisoire"),
        ("k7m2 q9x4 b1t8", {}, "code_provisoire"),
        ("ABCDEFGHIJKL", {}, None),  # letters only: not a code
        ("4738291056", {}, "carte_vitale_serie"),
        ("12345678", {}, "carte_vitale_serie"),
        ("1234567", {}, None),
        ("14/03/1985", {}, "date_naissance"),
        ("31/02/1985", {}, None),
        ("123456", {}, "code_usage_unique"),
        ("12", {"autocomplete": "one-time-code"}, "code_usage_unique"),
        ("n'importe quoi", {"input_type": "password"}, "mot_de_passe"),
        ("Paris", {}, None),
        ("", {}, None),
    ],
)
def test_classify_value(value: str, kwargs: dict, expected: str | None) -> None:
    assert classify_value(value, **kwargs) == expected


def test_classify_value_matches_known_details_first() -> None:
    known = parse_details({"identifiant": "camille.martin", "carte_vitale_serie": "12345678"})
    assert classify_value("camille.martin", known=known) == "identifiant"
    assert classify_value("1234 5678", known=known) == "carte_vitale_serie"
    yes_no = parse_details({"representant_legal": "oui"})
    assert classify_value("oui", known=yes_no) is None


@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        (("click", "Valider"), {}, "Cliquer sur « Valider »"),
        (("fill", "Mon numéro"), {"placeholder": "nir"}, "Saisir le numéro de sécurité sociale"),
        (("fill", "Ville"), {}, "Saisir « Ville »"),
        (("prompt", "Code"), {"placeholder": "code_usage_unique"}, "Saisir le code à usage unique"),
        (
            ("check", "Je certifie être le représentant légal"),
            {},
            "Cocher « Je certifie être le représentant légal »",
        ),
        (("uncheck", "Recevoir les nouvelles"), {}, "Décocher « Recevoir les nouvelles »"),
        (("choose",), {"placeholder": "carte_vitale_type"}, "Choisir le modèle de carte Vitale"),
        (("choose",), {"option": "Par SMS"}, "Choisir « Par SMS »"),
        (
            ("download", "Télécharger le justificatif"),
            {},
            "Télécharger « Télécharger le justificatif »",
        ),
        (("goto", "Mon identité"), {}, "Ouvrir la page « Mon identité »"),
        (
            ("expect", "/enrolement/choix"),
            {},
            "Vérifier que la page « /enrolement/choix » est affichée",
        ),
    ],
)
def test_say_for(args: tuple, kwargs: dict, expected: str) -> None:
    assert say_for(*args, **kwargs) == expected


def test_say_is_short_and_has_no_braces() -> None:
    say = say_for("click", "{{ nir }} " + "très long texte " * 20)
    assert "{{" not in say and "}}" not in say
    assert len(say) < 100 and say.endswith("… »")


def test_candidates_are_ordered_best_first() -> None:
    shuffled = [
        Candidate(css="#x"),
        Candidate(testid="t"),
        Candidate(text="Valider"),
        Candidate(label="Code"),
        Candidate(alt="logo"),
        Candidate(role="button", name="Valider"),
        Candidate(placeholder="AB12"),
        Candidate(title="Aide"),
    ]
    kinds = [c.kind for c in order_candidates(shuffled)]
    assert kinds == ["role", "label", "placeholder", "text", "title", "alt", "testid", "css"]


@pytest.mark.parametrize(
    ("value", "stable"),
    [
        ("nir", True),
        ("telecharger-justificatif", True),
        ("typeCarte-sans-photo", True),
        ("step2", True),
        ("input-1234", False),
        ("field_23", False),
        (":r1:", False),
        ("ember482", False),
        ("mui-7", False),
        ("a1b2c3d4", False),
        ("x-f7a9c2e", False),
        ("1abc", False),
        ("", False),
    ],
)
def test_stable_id_filter(value: str, stable: bool) -> None:
    assert is_stable_id(value) is stable


def test_css_candidates_use_stable_id_name_then_short_path() -> None:
    parts = {
        "tag": "input",
        "id": "field-8812",
        "name": "typeCarte",
        "type": "radio",
        "value": "sans_photo",
        "path": [
            {"tag": "input", "id": "field-8812", "nth": 1},
            {"tag": "div", "id": "", "nth": 2},
            {"tag": "form", "id": "formulaire-identite", "nth": 1},
        ],
    }
    assert css_candidates(parts) == [
        'input[name="typeCarte"][value="sans_photo"]',
        "#formulaire-identite > div:nth-of-type(2) > input:nth-of-type(1)",
    ]
    assert css_candidates({"tag": "button", "id": "valider", "path": []})[0] == "#valider"


def test_raw_candidates_never_carry_personal_text() -> None:
    info = {
        "role": "button",
        "name": f"Bonjour {NIR}",
        "text": "Mon profil",
        "testid": "menu",
        "css": {"tag": "button", "id": "menu", "path": []},
    }
    found = raw_candidates(info)
    assert all(
        NIR not in " ".join((c.name or c.text).alternatives) for c in found if c.name or c.text
    )
    assert [c.kind for c in found] == ["text", "testid", "css"]


def test_safe_path_drops_personal_query_values() -> None:
    url = f"https://www.monespacesante.fr/enrolement/code-provisoire?parcours=opposition&nir={NIR}&code=K7M2Q9X4B1T8#haut"
    assert safe_path(url) == "/enrolement/code-provisoire?parcours=opposition"
    assert safe_path("https://exemple.fr") == "/"


def test_dumped_flow_is_readable_and_loads() -> None:
    flow = Flow(
        name="essai",
        title="Essai",
        site="https://www.monespacesante.fr",
        steps=[
            GotoStep(say="Ouvrir la page « Accueil »", goto="/"),
            ExpectStep(say="Vérifier la page", expect=Condition(url="/")),
            ClickStep(
                say="Cliquer sur « Confirmer »",
                irreversible=True,
                click=[
                    Candidate(role="button", name="Confirmer", exact=True),
                    Candidate(css="#ok"),
                ],
            ),
        ],
    )
    text = dump_flow(flow)
    assert "- {role: button, name: Confirmer, exact: true}" in text
    assert "\n\n  - say: Cliquer" in text
    assert parse_flow(text) == flow


def test_a_persons_name_at_the_end_of_a_label_is_not_written_down() -> None:
    info = {
        "role": "radio",
        "name": "Je certifie être le représentant légal de Camille Martin.",
        "label": "Je certifie être le représentant légal de Camille Martin.",
    }
    found = raw_candidates(info)
    assert found
    for cand in found:
        texts = cand.name or cand.label
        assert texts is not None
        text = " ".join(texts.alternatives)
        assert "Camille" not in text and "Martin" not in text
        assert text.endswith("représentant légal de")
