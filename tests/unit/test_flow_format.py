"""The flow format's keys for pages nobody on the project wrote: one_of, optional steps,
overlays, outcomes, check_all, texts by meaning. A bad flow file gets a French error that
names the file and the line, before any browser starts."""

from __future__ import annotations

import json
import textwrap

import pytest

from ens_auto.errors import (
    EXIT_ALREADY_DONE,
    EXIT_FAILED,
    EXIT_NOT_POSSIBLE,
    EXIT_REFUSED,
    EXIT_SESSION_EXPIRED,
    EXIT_UNAVAILABLE,
)
from ens_auto.flow.load import FlowError, load_flow, parse_flow
from ens_auto.flow.model import RESULTS, Flow, OneOfStep, flow_json_schema, walk

HEAD = """\
name: essai
title: Essai
site: https://www.monespacesante.fr
"""


def parse(body: str) -> Flow:
    return parse_flow(HEAD + textwrap.dedent(body), source="essai.yaml")


def problem(body: str) -> tuple[str, int | None]:
    with pytest.raises(FlowError) as caught:
        parse(body)
    assert caught.value.exit_code == 2
    assert "essai.yaml" in caught.value.message
    first = caught.value.problems[0]
    return caught.value.message, first.line


GOOD_ONE_OF = """\
steps:
  - say: Ouvrir
    goto: /a
  - say: Ouvrir le menu
    optional: true
    one_of:
      - say: un menu
        steps:
          - say: Ouvrir le menu
            click: {css: "[aria-haspopup]"}
      - say: une liste
        steps:
          - say: Déplier
            click: {css: "[aria-expanded]"}
  - say: Paramètres
    click: {clickable: Paramètres}
"""


def test_a_one_of_with_its_branches_loads() -> None:
    flow = parse(GOOD_ONE_OF)
    step = flow.steps[1]
    assert isinstance(step, OneOfStep) and step.optional
    assert [b.say for b in step.one_of] == ["un menu", "une liste"]
    assert len(walk(flow.steps)) == 5


def test_a_one_of_with_no_branch_is_refused_with_its_line() -> None:
    message, line = problem(
        """\
        steps:
          - say: Ouvrir
            goto: /a
          - say: Choisir
            one_of: []
        """
    )
    assert "au moins deux branches" in message
    assert line == 8


def test_a_branch_that_cannot_be_recognised_is_refused() -> None:
    message, line = problem(
        """\
        steps:
          - say: Choisir
            one_of:
              - say: a
                steps:
                  - say: Ouvrir
                    goto: /a
              - say: b
                steps:
                  - say: Ouvrir
                    goto: /b
        """
    )
    assert "la première étape d'une branche doit chercher un élément" in message
    assert line is not None and line >= 6


def test_an_overlay_with_no_way_out_is_refused_with_its_line() -> None:
    message, line = problem(
        """\
        overlays:
          - id: cookies
            say: Bandeau
            present: {css: ".bandeau"}
        steps:
          - say: Ouvrir
            goto: /a
        """
    )
    assert "overlays[0].dismiss" in message and "champ obligatoire manquant" in message
    assert line == 5


def test_an_overlay_never_accepts_tracking() -> None:
    message, _ = problem(
        """\
        overlays:
          - id: cookies
            say: Bandeau
            present: {css: ".bandeau"}
            dismiss: [{clickable: ["Tout refuser"]}, {clickable: "Tout accepter"}]
        steps:
          - say: Ouvrir
            goto: /a
        """
    )
    assert "ne presse jamais un bouton qui accepte (« Tout accepter »)" in message
    parse(
        """\
        overlays:
          - id: cookies
            say: Bandeau
            present: {css: ".bandeau"}
            dismiss: [{clickable: "Continuer sans accepter"}]
        steps:
          - say: Ouvrir
            goto: /a
        """
    )


def test_an_outcome_without_message_is_refused_with_its_line() -> None:
    message, line = problem(
        """\
        outcomes:
          - id: deja
            say: déjà fait
            recognise: {text: "déjà"}
            result: deja_fait
        steps:
          - say: Ouvrir
            goto: /a
        """
    )
    assert "outcomes[0].message" in message and "champ obligatoire manquant" in message
    assert line == 5


def test_an_outcome_must_say_how_it_shows() -> None:
    message, _ = problem(
        """\
        outcomes:
          - id: deja
            say: déjà fait
            recognise: {text_absent: "rien"}
            result: deja_fait
            message: Déjà fait.
        steps:
          - say: Ouvrir
            goto: /a
        """
    )
    assert "« recognise » d'une issue a au moins « text », « visible » ou « url »" in message


def test_an_outcome_watched_until_an_unknown_step_is_refused() -> None:
    message, _ = problem(
        """\
        outcomes:
          - id: deja
            say: déjà fait
            until: confirmer
            recognise: {text: "déjà"}
            result: deja_fait
            message: Déjà fait.
        steps:
          - say: Ouvrir
            goto: /a
        """
    )
    assert "« until » nomme une étape inconnue" in message


def test_each_result_has_its_own_exit_code() -> None:
    assert RESULTS == {
        "deja_fait": EXIT_ALREADY_DONE,
        "impossible": EXIT_NOT_POSSIBLE,
        "refuse": EXIT_REFUSED,
        "indisponible": EXIT_UNAVAILABLE,
        "session_expiree": EXIT_SESSION_EXPIRED,
        "echec": EXIT_FAILED,
    }
    assert len(set(RESULTS.values())) == len(RESULTS)


def test_an_irreversible_step_needs_its_page_recognised_first() -> None:
    message, line = problem(
        """\
        steps:
          - say: Ouvrir
            goto: /a
          - say: Confirmer
            irreversible: true
            click: {clickable: Confirmer}
        """
    )
    assert "étape 2 : une étape irréversible suit une vérification de la page" in message
    assert line == 7
    parse(
        """\
        steps:
          - say: Ouvrir
            goto: /a
          - say: Vérifier
            expect: {text: Confirmation}
          - say: Confirmer
            irreversible: true
            click: {clickable: Confirmer}
        """
    )


def test_an_optional_step_needs_something_after_it_to_decide() -> None:
    message, _ = problem(
        """\
        steps:
          - say: Ouvrir
            goto: /a
          - say: Fermer l'information
            optional: true
            click: {clickable: Fermer}
        """
    )
    assert "une étape facultative est suivie d'une étape qui cherche un élément" in message


def test_an_irreversible_step_is_never_optional() -> None:
    message, _ = problem(
        """\
        steps:
          - say: Vérifier
            expect: {text: Confirmation}
          - say: Confirmer
            optional: true
            irreversible: true
            click: {clickable: Confirmer}
          - say: Vérifier la fin
            expect: {text: Fin}
        """
    )
    assert "une étape irréversible n'est pas facultative" in message


def test_texts_in_candidates_accept_alternatives_and_say_what_is_known() -> None:
    flow = parse(
        """\
        steps:
          - say: Ouvrir
            goto: /a
          - say: Valider
            click:
              - {role: button, name: {known: [Valider], guess: [Continuer, "/^suivant/"]}}
              - {css: "form button", has_text: [Valider, Continuer]}
        """
    )
    cand = flow.steps[1].click[0]  # type: ignore[attr-defined]
    assert cand.name.known == ("Valider",) and cand.name.guess == ("Continuer", "/^suivant/")
    assert flow.steps[1].click[1].has_text.alternatives == ("Valider", "Continuer")  # type: ignore[attr-defined]


def test_a_bad_regular_expression_in_a_text_is_refused_with_its_line() -> None:
    message, line = problem(
        """\
        steps:
          - say: Ouvrir
            goto: /a
          - say: Vérifier
            expect: {text: "/[non fermé/"}
        """
    )
    assert "expression régulière invalide" in message
    assert line == 8


def test_check_all_names_its_exceptions_with_except() -> None:
    flow = parse(
        """\
        steps:
          - say: Ouvrir
            goto: /a
          - say: Cocher
            check_all:
              target: {role: checkbox}
              except: {role: checkbox, name: "/suppr/"}
              count: 2
        """
    )
    spec = flow.steps[1].check_all  # type: ignore[attr-defined]
    assert spec.count == 2 and spec.except_ is not None


def test_the_schema_documents_the_new_keys() -> None:
    schema = json.dumps(flow_json_schema(), ensure_ascii=False)
    for key in (
        "one_of",
        "overlays",
        "outcomes",
        "check_all",
        "clickable",
        "has_text",
        "until",
        '"except"',
        "known",
        "guess",
        "passée si la page montre déjà",
    ):
        assert key in schema, key


@pytest.mark.parametrize("name", ["opposition", "cloture"])
def test_the_shipped_flows_require_no_page_site_md_does_not_document(name: str) -> None:
    """Every step that acts on a page SITE.md does not describe is optional or a branch;
    every text the shipped flows look for is marked known (SITE.md) or guessed."""
    flow = load_flow(name)
    assert flow.overlays and flow.outcomes
    opening = flow.steps[:5]
    assert opening[0].action == "goto" and opening[0].goto == "/enrolement/cloture/accueil"  # type: ignore[attr-defined]
    # Between the entry path and the first known page, nothing is required.
    first_known = next(i for i, s in enumerate(flow.steps) if s.action == "expect")
    assert all(s.optional for s in flow.steps[1:first_known])
    raw = json.dumps(flow.model_dump(mode="json", by_alias=True), ensure_ascii=False)
    assert '"known"' in raw and '"guess"' in raw
