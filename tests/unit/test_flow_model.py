"""The flow format's rules: what a flow may say, and errors that point at the right line."""

from __future__ import annotations

import json
import textwrap
from typing import Any

import pytest

from ens_auto.flow.load import FlowError, load_flow, parse_flow, shipped_flows
from ens_auto.flow.model import (
    CANDIDATE_KINDS,
    STEP_TYPES,
    Candidate,
    Flow,
    check_site,
    flow_json_schema,
    walk,
)


def parse(text: str) -> Flow:
    return parse_flow(textwrap.dedent(text), source="essai.yaml")


def problems(text: str) -> FlowError:
    with pytest.raises(FlowError) as caught:
        parse(text)
    assert caught.value.exit_code == 2  # an input error: before any browser
    return caught.value


def flow_text(
    site: str = "https://www.monespacesante.fr", inputs: str = "[]", steps: str = ""
) -> str:
    steps = (
        steps
        or """
      - say: Ouvrir
        goto: /accueil"""
    )
    return f"""
name: essai
title: Essai
site: {site}
inputs: {inputs}
steps:{steps}
"""


# ------------------------------------------------------------------ site


@pytest.mark.parametrize(
    ("site", "origin"),
    [
        ("https://www.monespacesante.fr", "https://www.monespacesante.fr"),
        ("https://www.monespacesante.fr/", "https://www.monespacesante.fr"),
        ("http://127.0.0.1:8765", "http://127.0.0.1:8765"),
        ("http://localhost:8000", "http://localhost:8000"),
        ("http://[::1]:8000", "http://[::1]:8000"),
    ],
)
def test_site_https_or_loopback(site: str, origin: str) -> None:
    assert check_site(site) == origin
    assert parse(flow_text(site=site)).site == origin


@pytest.mark.parametrize(
    ("site", "why"),
    [
        ("http://www.monespacesante.fr", "https"),
        ("http://192.168.1.10:8000", "https"),
        ("ftp://www.monespacesante.fr", "adresse de site"),
        ("www.monespacesante.fr", "adresse de site"),
        ("https://www.monespacesante.fr/enrolement", "sans chemin"),
        ("https://www.monespacesante.fr/?x=1", "sans chemin"),
    ],
)
def test_site_refused(site: str, why: str) -> None:
    error = problems(flow_text(site=site))
    assert why in error.message
    assert error.problems[0].line == 4  # the « site: » line


# ------------------------------------------------------------------ goto


def test_goto_is_a_fixed_address() -> None:
    error = problems(
        flow_text(
            inputs="[nir]",
            steps="""
      - say: Ouvrir
        goto: /profil/{{ nir }}""",
        )
    )
    assert "jamais de {{ valeur }}" in error.message
    assert error.problems[0].line == 8  # the « goto: » line


def test_goto_is_a_path_or_an_address() -> None:
    error = problems(flow_text(steps="\n      - say: Ouvrir\n        goto: accueil"))
    assert "commençant par /" in error.message


def test_goto_off_the_site_refused() -> None:
    error = problems(
        flow_text(steps="\n      - say: Ailleurs\n        goto: https://www.exemple.org/")
    )
    assert "sort du site" in error.message and "étape 1" in error.message


def test_goto_to_an_address_of_the_site_accepted() -> None:
    flow = parse(
        flow_text(steps="\n      - say: Ouvrir\n        goto: https://www.monespacesante.fr/x")
    )
    assert flow.steps[0].goto == "https://www.monespacesante.fr/x"  # type: ignore[union-attr]


# ------------------------------------------------------------------ placeholders


FILL_NIR = """
      - say: Saisir
        fill:
          target: {label: "Numéro"}
          value: "{{ nir }}\""""


def test_placeholders_must_be_declared() -> None:
    error = problems(flow_text(steps=FILL_NIR))
    assert "non déclarée" in error.message and "nir" in error.message
    assert parse(flow_text(inputs="[nir]", steps=FILL_NIR)).inputs == ["nir"]


def test_a_prompt_declares_its_value() -> None:
    flow = parse(
        flow_text(
            steps="""
      - say: Code reçu
        prompt:
          name: code_usage_unique
          question: Code reçu par SMS
          target: {label: "Code"}
      - say: Retaper le code
        fill:
          target: {label: "Confirmation"}
          value: "{{ code_usage_unique }}\"""",
        )
    )
    assert len(flow.steps) == 2


def test_when_and_unless_need_a_declared_input() -> None:
    error = problems(
        flow_text(steps="\n      - say: Ouvrir\n        when: enfant\n        goto: /a")
    )
    assert "enfant" in error.message


def test_malformed_braces_refused() -> None:
    error = problems(
        flow_text(
            inputs="[nir]",
            steps="""
      - say: Saisir
        fill:
          target: {label: "Numéro"}
          value: "{{ nir }"""
            + '"',
        )
    )
    assert "mal formée" in error.message


def test_say_never_holds_a_value() -> None:
    error = problems(
        flow_text(inputs="[nir]", steps="\n      - say: Saisir {{ nir }}\n        goto: /a")
    )
    assert "say" in error.message


# ------------------------------------------------------------------ candidates


def test_candidate_has_exactly_one_kind() -> None:
    assert Candidate(label="Nom").kind == "label"
    assert Candidate(role="button", name="Valider", exact=True).describe() == (
        "role=button « Valider »"
    )
    with pytest.raises(ValueError, match="exactement une clé"):
        Candidate(label="Nom", css="#nom")
    with pytest.raises(ValueError, match="exactement une clé"):
        Candidate(exact=True)
    with pytest.raises(ValueError, match="ne s'emploie qu'avec"):
        Candidate(label="Nom", name="x")
    with pytest.raises(ValueError, match="vide"):
        Candidate(text="  ")
    with pytest.raises(ValueError, match="valeur"):
        Candidate(text="{{ nir }}")
    assert set(CANDIDATE_KINDS) == {
        "role",
        "clickable",
        "label",
        "placeholder",
        "text",
        "title",
        "alt",
        "testid",
        "css",
    }


def test_candidate_errors_point_at_the_candidate_line() -> None:
    text = flow_text(
        steps="""
      - say: Ouvrir
        goto: /a
      - say: Valider
        click:
          - {role: button, name: "Valider"}
          - {label: "Valider", css: "button"}"""
    )
    error = problems(text)
    assert [p.line for p in error.problems] == [12]  # the second candidate of step 2
    assert "étape 2" in str(error.problems[0])
    assert "ligne 12" in error.message and "essai.yaml" in error.message


def test_a_step_has_exactly_one_action() -> None:
    error = problems(
        flow_text(steps='\n      - say: Deux\n        goto: /a\n        click: {text: "x"}')
    )
    assert "exactement une action" in error.message
    assert error.problems[0].line == 7  # the step itself


def test_missing_fields_are_named() -> None:
    error = problems("name: essai\ntitle: Essai\nsite: https://a.fr\n")
    assert "champ obligatoire manquant" in error.message and "steps" in error.message


def test_unknown_key_at_the_top_is_named_with_its_line() -> None:
    error = problems(flow_text() + "vite: oui\n")
    assert "clé inconnue" in error.message and error.problems[0].where == "vite"
    assert error.problems[0].line == 9


def test_unknown_key_in_a_step_points_at_its_own_line() -> None:
    error = problems(flow_text(steps="\n      - say: Ouvrir\n        goto: /a\n        vite: oui"))
    assert "clé inconnue" in error.message
    assert error.problems[0].line == 9  # the « vite: » line (line 8 is « goto: »)
    assert error.problems[0].where == "étape 1.vite"


def test_duplicate_step_ids_refused() -> None:
    error = problems(
        flow_text(
            steps="""
      - say: Un
        id: ici
        goto: /a
      - say: Deux
        id: ici
        goto: /b"""
        )
    )
    assert "en double" in error.message


def test_yaml_syntax_error_has_its_line() -> None:
    error = problems("name: essai\ntitle: Essai\nsteps:\n  - say: [pas fermé\n")
    assert error.problems[0].line is not None and error.problems[0].line >= 4
    assert "YAML invalide" in error.message


def test_a_flow_is_a_mapping() -> None:
    error = problems("- un\n- deux\n")
    assert error.problems[0].line == 1


def test_index_of_by_id_or_number() -> None:
    steps = (
        "\n      - say: Un\n        goto: /a\n      - say: Deux\n        id: b\n        goto: /b"
    )
    flow = parse(flow_text(steps=steps))
    assert flow.index_of("b") == 1 and flow.index_of("1") == 0
    with pytest.raises(ValueError, match="introuvable"):
        flow.index_of("9")


# ------------------------------------------------------------------ shipped flows


def test_every_shipped_flow_validates() -> None:
    paths = shipped_flows()
    assert {p.stem for p in paths} >= {"opposition", "cloture"}
    for path in paths:
        flow = load_flow(path)
        assert flow.name == path.stem
        assert flow.site == "https://www.monespacesante.fr"
        assert flow.checked, f"{path.name}: no « checked » date"


@pytest.mark.parametrize("name", ["opposition", "cloture"])
def test_shipped_irreversible_steps_are_named_recognised_and_explained(name: str) -> None:
    """What cannot be undone is pressed only by its name (never a CSS path or a test id,
    which could designate anything), on a page recognised just before (the model checks
    it), with its consequence said to the person."""
    flow = load_flow(name)
    irreversible = [s for s in walk(flow.steps) if s.irreversible]
    assert 1 <= len(irreversible) <= 2, "one act (twice only if the site asks again)"
    for step in irreversible:
        assert step.consequence and len(step.consequence) > 30
        assert not step.optional and not step.when and not step.unless
        for target in step.targets():
            for cand in target:
                assert cand.kind in ("role", "clickable", "label", "text"), cand.describe()


def test_opposition_flow_never_chooses_activation() -> None:
    flow = load_flow("opposition")
    words = json.dumps(flow.model_dump(mode="json"), ensure_ascii=False).lower()
    assert "j'active" not in words
    choose = [s for s in flow.steps if s.action == "choose"]
    assert any(
        "oppose" in " ".join(s.choose.option.alternatives)  # type: ignore[attr-defined]
        for s in choose
    )


# ------------------------------------------------------------------ JSON Schema


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if "$ref" in node else []
        return found + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def test_json_schema_is_usable_by_editors() -> None:
    schema = flow_json_schema()
    assert json.loads(json.dumps(schema)) == schema
    assert schema["type"] == "object"
    assert set(schema["required"]) >= {"name", "title", "site", "steps"}
    assert schema.get("additionalProperties") is False
    defs = schema["$defs"]
    for ref in _refs(schema):
        assert ref.startswith("#/$defs/") and ref.removeprefix("#/$defs/") in defs, ref
    step_refs = {r.removeprefix("#/$defs/") for r in _refs(schema["properties"]["steps"])}
    assert step_refs == {cls.__name__ for cls in STEP_TYPES.values()}
    for action, cls in STEP_TYPES.items():
        step = defs[cls.__name__]
        assert action in step["required"] and "say" in step["required"]
        assert step.get("additionalProperties") is False
    assert set(defs["Candidate"]["properties"]) >= set(CANDIDATE_KINDS)
