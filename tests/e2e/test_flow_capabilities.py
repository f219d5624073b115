"""Each capability of the flow engine that lets a flow survive pages nobody on the project
wrote, tried alone on the lab's small pages (``tests/e2e/lab/``), real Chromium over HTTP:
optional pages, branches by page shape, overlays, texts by meaning, outcomes recognised at
once, and the activation guard."""

from __future__ import annotations

import textwrap

import pytest

from ens_auto.errors import (
    EXIT_ALREADY_DONE,
    EXIT_NOT_POSSIBLE,
    EXIT_REFUSED,
    EXIT_SESSION_EXPIRED,
    EXIT_UNAVAILABLE,
)
from ens_auto.flow.load import parse_flow
from ens_auto.flow.model import Flow
from ens_auto.flow.run import OutcomeReached, StepFailed
from tests.e2e.conftest import ScriptedUI

pytestmark = pytest.mark.e2e


def lab_flow(steps: str, *, procedure: str = "autre", extra: str = "") -> Flow:
    """A flow on the lab, written in the test (its site is the lab's at run time)."""
    head = textwrap.dedent(
        f"""\
        name: essai
        title: Essai
        site: http://127.0.0.1:1
        procedure: {procedure}
        """
    )
    return parse_flow(
        head + textwrap.dedent(extra) + "steps:\n" + textwrap.indent(textwrap.dedent(steps), "  "),
        source="<test>",
    )


def log_of(played) -> str:  # type: ignore[no-untyped-def]
    return (played.runner.options.run_dir / "deroulement.txt").read_text(encoding="utf-8")


# ------------------------------------------------------------------ optional pages

OPTIONAL = """\
- say: Ouvrir la page
  goto: {entry}
- say: Passer la page d'information (si elle est là)
  optional: true
  click: [{{clickable: Commencer, exact: true}}]
- say: Vérifier le formulaire
  expect: {{visible: [{{label: Nom}}]}}
- say: Saisir le nom
  fill: {{target: [{{label: Nom}}], value: Essai}}
- say: Envoyer
  click: [{{role: button, name: Envoyer}}]
- say: Vérifier que c'est fait
  expect: {{text: "c'est fait"}}
"""


def test_an_optional_page_that_is_there_is_played(play_lab) -> None:  # type: ignore[no-untyped-def]
    played = play_lab(lab_flow(OPTIONAL.format(entry="/opt/info.html")))
    assert played.result.ok, played.result.error
    statuses = {s.say: s.status for s in played.result.steps}
    assert statuses["Passer la page d'information (si elle est là)"] == "fait"


def test_an_optional_page_that_is_absent_costs_nothing(play_lab) -> None:  # type: ignore[no-untyped-def]
    played = play_lab(lab_flow(OPTIONAL.format(entry="/opt/form.html")), timeout_ms=10_000)
    assert played.result.ok, played.result.error
    [skipped] = [s for s in played.result.steps if s.status == "saute"]
    assert skipped.say.startswith("Passer la page d'information")
    # Decided by what the page shows next, never by a timeout (10 s here): a few ms on an
    # idle machine (benchmarks/ measures it: at most 100 ms); generous here, where other
    # tests may load the machine.
    assert skipped.elapsed_ms < 1_000, skipped.elapsed_ms
    line = next(line for line in log_of(played).splitlines() if "Passer la page" in line)
    assert "saute" in line and "la page montre la suite" in line
    assert float(line.split()[2]) < 1.0  # the time it cost, written in the run log


TWO_OPTIONAL = """\
- say: Ouvrir la page
  goto: {entry}
- say: Fermer une annonce (si elle est là)
  optional: true
  click: [{{clickable: Fermer l'annonce, exact: true}}]
- say: Passer la page d'information (si elle est là)
  optional: true
  click: [{{clickable: Commencer, exact: true}}]
- say: Vérifier le formulaire
  expect: {{visible: [{{label: Nom}}]}}
"""


def test_optional_steps_in_a_row_are_decided_by_one_look(play_lab) -> None:  # type: ignore[no-untyped-def]
    """The page shows what the flow expects next and none of the optional targets: the
    first decision says so for the next optional step too (nothing was done between)."""
    played = play_lab(lab_flow(TWO_OPTIONAL.format(entry="/opt/form.html")), timeout_ms=10_000)
    assert played.result.ok, played.result.error
    first, second = [s for s in played.result.steps if s.status == "saute"]
    assert first.note == second.note == "la page montre la suite"
    assert second.elapsed_ms == 0  # no second look


def test_what_follows_shown_skips_every_optional_step_before_it_in_one_look(play_lab) -> None:  # type: ignore[no-untyped-def]
    """The form shows, and so does a later optional step's target (« Commencer »): what the
    flow expects next skips that step too, so the first look decides both."""
    played = play_lab(
        lab_flow(TWO_OPTIONAL.format(entry="/opt/form-commencer.html")), timeout_ms=10_000
    )
    assert played.result.ok, played.result.error
    first, second = [s for s in played.result.steps if s.status == "saute"]
    assert first.note == second.note == "la page montre la suite"
    assert second.elapsed_ms == 0  # no second look


def test_what_follows_seen_by_the_decision_is_not_looked_for_again(  # type: ignore[no-untyped-def]
    play_lab, searches: list[str]
) -> None:
    """The optional steps were skipped because the form shows: the check of the form that
    follows (it asks only that the field shows) is the same look, not made twice."""
    at_step: dict[str, int] = {}

    class Counting(ScriptedUI):
        def step(self, number, total, step, shown_value):  # type: ignore[no-untyped-def]
            at_step[step.say] = len(searches)
            super().step(number, total, step, shown_value)

    played = play_lab(
        lab_flow(TWO_OPTIONAL.format(entry="/opt/form.html")), ui=Counting(), timeout_ms=10_000
    )
    assert played.result.ok, played.result.error
    assert [s.status for s in played.result.steps][-1] == "fait"
    assert len(searches) == at_step["Vérifier le formulaire"]  # no search since
    # A check that asks more than what was seen (a text too) is made.
    flow = TWO_OPTIONAL.replace("[{{label: Nom}}]}}", "[{{label: Nom}}], text: Formulaire}}")
    searches.clear()
    played = play_lab(lab_flow(flow.format(entry="/opt/form.html")), ui=Counting())
    assert played.result.ok, played.result.error
    assert len(searches) > at_step["Vérifier le formulaire"]


def test_an_optional_step_whose_target_shows_after_one_skipped_is_played(play_lab) -> None:  # type: ignore[no-untyped-def]
    played = play_lab(lab_flow(TWO_OPTIONAL.format(entry="/opt/info.html")), timeout_ms=10_000)
    assert played.result.ok, played.result.error
    statuses = {s.say: (s.status, s.note) for s in played.result.steps}
    assert statuses["Fermer une annonce (si elle est là)"] == (
        "saute",
        "une étape suivante la remplace",
    )
    assert statuses["Passer la page d'information (si elle est là)"][0] == "fait"


def test_neither_an_optional_page_nor_what_follows_stops_at_once(play_lab) -> None:  # type: ignore[no-untyped-def]
    played = play_lab(lab_flow(OPTIONAL.format(entry="/menu/settings.html")), timeout_ms=1_500)
    assert isinstance(played.result.error, StepFailed)
    assert "Page inattendue" in played.result.error.message
    assert "Page affichée : « Paramètres »" in played.result.error.message


# ------------------------------------------------------------------ one_of: branches

MENU = """\
- say: Ouvrir le tableau de bord
  goto: /menu/{kind}.html
- say: Ouvrir le menu à mon nom
  optional: true
  one_of:
    - say: un menu ARIA
      steps:
        - say: Ouvrir le menu
          click: [{{css: "header [aria-haspopup=menu]"}}]
    - say: un bouton qui déplie une liste
      steps:
        - say: Déplier la liste
          click: [{{css: "header button[aria-expanded=false]:not([aria-haspopup])"}}]
    - say: un élément details
      steps:
        - say: Déplier la liste
          click: [{{css: "header details:not([open]) > summary"}}]
- say: Aller dans « Paramètres »
  click: [{{clickable: {{known: [Paramètres]}}, exact: true}}]
- say: Vérifier la page
  expect: {{visible: [{{role: heading, name: Paramètres}}]}}
"""


@pytest.mark.parametrize(
    ("kind", "branch"),
    [
        ("aria", "un menu ARIA"),
        ("disclosure", "un bouton qui déplie une liste"),
        ("details", "un élément details"),
        ("direct", None),  # « Paramètres » already shown: nothing to open
    ],
)
def test_each_branch_of_a_one_of_is_played_when_its_page_shows(play_lab, kind, branch) -> None:  # type: ignore[no-untyped-def]
    played = play_lab(lab_flow(MENU.format(kind=kind)))
    assert played.result.ok, played.result.error
    menu = next(s for s in played.result.steps if s.say == "Ouvrir le menu à mon nom")
    if branch is None:
        assert menu.status == "saute"
    else:
        assert menu.status == "fait" and menu.note == branch


def test_two_branches_on_the_page_at_once_is_a_stop(play_lab) -> None:  # type: ignore[no-untyped-def]
    played = play_lab(lab_flow(MENU.format(kind="both")))
    assert isinstance(played.result.error, StepFailed)
    message = played.result.error.message
    assert "Ambigu" in message and "un menu ARIA" in message and "Arrêt sans deviner" in message


# ------------------------------------------------------------------ overlays

OVERLAYS = """\
overlays:
  - id: cookies
    say: Bandeau des cookies fermé sans rien accepter
    present:
      - {role: dialog, name: {guess: [cookies]}}
    dismiss:
      - {clickable: {guess: ["Tout refuser"]}}
      - {clickable: {guess: ["Continuer sans accepter"]}}
"""

PAGES_1_TO_4 = """\
- say: Page 1
  goto: /ovl/p1.html
- say: Suivant
  click: [{{clickable: Suivant}}]
- say: Page 3
  {third}
- say: Vérifier la page 3
  expect: {{visible: [{{role: heading, name: Page 3}}]}}
- say: Valider
  click: [{{role: button, name: Valider}}]
- say: Vérifier la fin
  expect: {{text: Terminé}}
"""


def pages(third: str = "p3.html") -> str:
    """Pages 1 to 4; the third (with its overlay) reached by its link, or opened directly."""
    how = "click: [{clickable: Suivant}]" if third == "p3.html" else f"goto: /ovl/{third}"
    return PAGES_1_TO_4.format(third=how)


def test_an_overlay_that_appears_on_the_third_page_is_dismissed_without_accepting(
    play_lab, lab
) -> None:  # type: ignore[no-untyped-def]
    played = play_lab(lab_flow(pages(), extra=OVERLAYS))
    assert played.result.ok, played.result.error
    assert lab.log.consents == ["refuse"]  # « Tout refuser », never « Tout accepter »
    assert played.result.overlays_dismissed == ["cookies"]
    assert "Bandeau des cookies fermé sans rien accepter : « Tout refuser »" in log_of(played)


def test_an_overlay_that_hides_the_page_during_a_wait_is_dismissed(play_lab, lab) -> None:  # type: ignore[no-untyped-def]
    """While the dialog is open the page behind is hidden from assistive technology: the
    wait for « Valider » dismisses it instead of timing out."""
    played = play_lab(lab_flow(pages("p3-modal.html"), extra=OVERLAYS), timeout_ms=8_000)
    assert played.result.ok, str(played.result.error) + log_of(played)
    assert lab.log.consents == ["refuse"]  # « Continuer sans accepter »
    assert played.seconds < 6


def test_an_overlay_drawn_in_a_shadow_root_is_dismissed(play_lab, lab) -> None:  # type: ignore[no-untyped-def]
    played = play_lab(lab_flow(pages("p3-ombre.html"), extra=OVERLAYS), timeout_ms=8_000)
    assert played.result.ok, str(played.result.error) + log_of(played)
    assert lab.log.consents == ["refuse"]
    assert played.result.overlays_dismissed == ["cookies"]


def test_an_overlay_that_can_only_accept_is_never_accepted(play_lab, lab) -> None:  # type: ignore[no-untyped-def]
    played = play_lab(lab_flow(pages("p3-accepter.html"), extra=OVERLAYS), timeout_ms=4_000)
    assert not played.result.ok
    assert lab.log.consents == []  # nothing was pressed on it
    assert "aucun de ses boutons prévus n'est là" in played.result.error.message


def test_without_overlay_the_declared_overlays_cost_nothing(play_lab) -> None:  # type: ignore[no-untyped-def]
    played = play_lab(lab_flow(OPTIONAL.format(entry="/opt/info.html"), extra=OVERLAYS))
    assert played.result.ok, played.result.error
    assert played.result.overlays_dismissed == []


def test_an_overlay_that_comes_over_a_field_while_typing_is_dismissed_and_typed_again(
    play_lab, lab
) -> None:  # type: ignore[no-untyped-def]
    """A consent dialog that opens as the field gets the focus takes the typing away: the
    value read back is not there; the dialog is dismissed and the value typed again."""
    flow = lab_flow(
        """\
        - say: Page de saisie
          goto: /ovl/saisie.html
        - say: Saisir le code
          fill: {target: {label: Code}, value: "ABC123"}
        """,
        extra=OVERLAYS,
    )
    played = play_lab(flow)
    assert played.result.ok, str(played.result.error) + log_of(played)  # read back: there
    assert lab.log.consents == ["refuse"]


def test_a_key_is_never_pressed_on_a_dialog_that_took_the_focus(play_lab, lab) -> None:  # type: ignore[no-untyped-def]
    """The same dialog opens as the field gets the focus, and takes it (on « Tout
    accepter »): Enter would accept. The key waits: the dialog is dismissed (never
    accepting), the field has the focus again, then the key is pressed."""
    flow = lab_flow(
        """\
        - say: Page de saisie
          goto: /ovl/saisie.html
        - say: Valider au clavier
          press: {key: Enter, target: {label: Code}}
        """,
        extra=OVERLAYS,
    )
    played = play_lab(flow)
    assert played.result.ok, str(played.result.error) + log_of(played)
    assert lab.log.consents == ["refuse"]  # never « accepte »


# ------------------------------------------------------------------ texts by meaning


def test_texts_are_matched_without_accents_case_or_exact_spacing(play_lab) -> None:  # type: ignore[no-untyped-def]
    steps = """\
    - say: Ouvrir la page
      goto: /txt/page.html
    - say: Vérifier que la demande est enregistrée
      expect:
        text: {known: ["votre demande est enregistree"]}
    - say: Vérifier « prise en compte » et l'apostrophe typographique
      expect:
        text: ["/prise en compte le \\\\d+/", "introuvable ici"]
    - say: Vérifier l'apostrophe
      expect: {text: "l'opposition s'applique"}
    - say: Vérifier le bouton
      expect: {visible: [{clickable: "telecharger le JUSTIFICATIF", exact: true}]}
    """
    played = play_lab(lab_flow(steps))
    assert played.result.ok, played.result.error


def test_a_text_that_must_be_absent_is_found_whatever_its_case_or_accents(play_lab) -> None:  # type: ignore[no-untyped-def]
    steps = """\
    - say: Ouvrir la page
      goto: /txt/page.html
    - say: Vérifier qu'aucun profil n'est activé
      expect: {text_absent: {guess: ["profil active"]}}
    """
    played = play_lab(lab_flow(steps), timeout_ms=1_000)
    assert isinstance(played.result.error, StepFailed)
    assert "Texte inattendu sur la page : « profil active »" in played.result.error.message


# ------------------------------------------------------------------ outcomes

OUTCOMES = """\
outcomes:
  - id: deja-oppose
    say: déjà opposé
    recognise:
      visible: [{css: "[role=status]", has_text: {guess: ["/d[ée]j[àa].{0,40}oppos/"]}}]
    result: deja_fait
    message: L'opposition est déjà enregistrée.
  - id: deja-active
    say: déjà activé
    recognise:
      visible: [{role: heading, name: {guess: ["/d[ée]j[àa] activ/"]}}]
    result: impossible
    message: Le profil est déjà activé.
  - id: session
    say: session expirée
    recognise:
      text: {guess: ["/session.{0,30}expir/"]}
    result: session_expiree
    message: La session a expiré.
"""

CODE = """\
- say: Ouvrir la page du code
  goto: /out/code.html
- say: Saisir le code
  fill: {{target: [{{label: Code}}], value: {code}}}
- say: Valider
  click: [{{role: button, name: Valider}}]
- say: Vérifier la page suivante (qui ne viendra pas)
  expect: {{text: "C'est fait"}}
"""


@pytest.mark.parametrize(
    ("code", "outcome", "exit_code", "words"),
    [
        ("oppose", "deja-oppose", EXIT_ALREADY_DONE, "déjà enregistrée"),
        ("active", "deja-active", EXIT_NOT_POSSIBLE, "déjà activé"),
        ("session", "session", EXIT_SESSION_EXPIRED, "La session a expiré"),
        ("refus", "refus", EXIT_REFUSED, "Ce code n'est pas reconnu"),  # not declared
        ("maintenance", "indisponible", EXIT_UNAVAILABLE, "3422"),  # a 503, not declared
    ],
)
def test_each_outcome_is_reported_the_moment_its_page_shows(
    play_lab, code, outcome, exit_code, words
) -> None:  # type: ignore[no-untyped-def]
    played = play_lab(lab_flow(CODE.format(code=code), extra=OUTCOMES), timeout_ms=15_000)
    error = played.result.error
    assert isinstance(error, OutcomeReached), error
    assert error.outcome_id == outcome and error.exit_code == exit_code
    assert words in error.message + (error.hint or "")
    assert played.result.outcome == ("deja_fait" if outcome == "deja-oppose" else "echec")
    # Within 2 s of the page, not after the 15 s the step could wait.
    assert played.seconds < 4, played.seconds


@pytest.mark.parametrize(
    "act",
    [
        "click: [{role: button, name: Continuer}]",  # one candidate of the flow's
        "choose: {option: Continuer}",  # the runner's own candidates
    ],
)
def test_an_outcome_that_shows_while_a_target_is_awaited_ends_the_wait(play_lab, act) -> None:  # type: ignore[no-untyped-def]
    # The page shows no target; 0.6 s later it says the session expired. The wait must
    # end on that, not mistake it for the target and wait out the step's time.
    steps = f"""\
    - say: Ouvrir la page
      goto: /out/tard.html
    - say: Continuer
      {act}
    """
    played = play_lab(lab_flow(steps, extra=OUTCOMES), timeout_ms=10_000)
    error = played.result.error
    assert isinstance(error, OutcomeReached), error
    assert error.outcome_id == "session"
    assert played.seconds < 4, played.seconds


def test_the_site_words_are_shown_with_a_declared_outcome(play_lab) -> None:  # type: ignore[no-untyped-def]
    played = play_lab(lab_flow(CODE.format(code="oppose"), extra=OUTCOMES))
    assert "Le site affiche : « Vous vous êtes DÉJÀ opposé(e)" in played.result.error.message


# ------------------------------------------------------------------ the activation guard


def test_a_button_that_says_activate_to_a_screen_reader_is_never_pressed(play_lab, lab) -> None:  # type: ignore[no-untyped-def]
    steps = """\
    - say: Ouvrir la confirmation
      goto: /act/label.html
    - say: Vérifier la page
      expect: {text: opposition}
    - say: Confirmer mon opposition
      irreversible: true
      click: [{css: "#confirmer"}]
    """
    played = play_lab(lab_flow(steps, procedure="opposition"))
    assert lab.log.acts == []
    assert isinstance(played.result.error, StepFailed)
    assert "parle d'activer (« Activer mon profil »)" in played.result.error.message


def test_a_link_named_like_the_opposition_but_titled_activate_is_never_followed(
    play_lab, lab
) -> None:  # type: ignore[no-untyped-def]
    steps = """\
    - say: Ouvrir le choix
      goto: /act/title.html
    - say: Choisir l'opposition
      choose: {option: {known: ["Je m'oppose à la création de Mon espace santé"]}}
    """
    played = play_lab(lab_flow(steps, procedure="opposition"))
    assert lab.log.acts == []
    assert "parle d'activer" in played.result.error.message


def test_a_form_with_activation_selected_is_never_submitted(play_lab, lab) -> None:  # type: ignore[no-untyped-def]
    steps = """\
    - say: Ouvrir le choix
      goto: /act/radio.html
    - say: Continuer
      click: [{role: button, name: Continuer}]
    """
    played = play_lab(lab_flow(steps, procedure="opposition"))
    assert lab.log.acts == []
    assert "un choix d'activation est sélectionné" in played.result.error.message


def test_the_same_form_goes_once_the_opposition_is_chosen(play_lab, lab) -> None:  # type: ignore[no-untyped-def]
    steps = """\
    - say: Ouvrir le choix
      goto: /act/radio.html
    - say: Choisir l'opposition
      choose: {option: {known: ["Je m'oppose à la création de Mon espace santé"]}}
    - say: Continuer
      click: [{role: button, name: Continuer}]
    - say: Vérifier
      expect: {text: "Demande reçue"}
    """
    played = play_lab(lab_flow(steps, procedure="opposition"))
    assert played.result.ok, played.result.error
    assert lab.log.acts == ["opposition"]


def test_a_choice_in_a_list_that_opens_on_demand(play_lab, lab) -> None:  # type: ignore[no-untyped-def]
    """A design system's select: no control names the option until the list is opened."""
    steps = """\
    - say: Ouvrir la page
      goto: /act/liste.html
    - say: Choisir le modèle de carte Vitale
      choose: {option: "Carte Vitale avec photo"}
    - say: Continuer
      click: [{role: button, name: Continuer}]
    - say: Vérifier
      expect: {text: "Demande reçue"}
    """
    played = play_lab(lab_flow(steps, procedure="opposition"))
    assert played.result.ok, played.result.error
    assert lab.log.acts == ["avec_photo"]
    assert "liste à ouvrir « Carte Vitale avec photo »" in log_of(played)


def test_the_person_is_shown_the_real_name_of_what_an_irreversible_step_presses(
    play_lab,
) -> None:  # type: ignore[no-untyped-def]
    steps = """\
    - say: Ouvrir la page
      goto: /opt/form.html
    - say: Vérifier le formulaire
      expect: {visible: [{label: Nom}]}
    - say: Envoyer (définitif)
      irreversible: true
      click: [{css: "form button"}]
    """
    ui = ScriptedUI()
    played = play_lab(lab_flow(steps), None, ui, confirm="irreversible")
    assert played.result.ok, played.result.error
    assert ui.elements == ["bouton « Envoyer »"]


# ------------------------------------------------------------------ confirmations

MODES = """\
- say: Ouvrir la page d'information
  goto: /opt/info.html
- say: Commencer
  optional: true
  click: [{clickable: Commencer, exact: true}]
- say: Aller au formulaire
  goto: /opt/form.html
- say: Vérifier le formulaire
  expect: {visible: [{label: Nom}]}
- say: Saisir le nom
  fill: {target: [{label: Nom}], value: Essai}
- say: Envoyer (définitif)
  irreversible: true
  consequence: le formulaire est envoyé
  click: [{role: button, name: Envoyer}]
- say: Vérifier que c'est fait
  expect: {text: "c'est fait"}
"""


@pytest.mark.parametrize(
    ("mode", "asked", "pages"),
    [
        ("page", [6], [["Commencer"], ["Saisir le nom", "Envoyer (définitif)"]]),
        ("each", [1, 2, 3, 5, 6], []),
        ("irreversible", [6], []),
        ("none", [], []),
    ],
)
def test_confirmation_modes(play_lab, mode, asked, pages) -> None:  # type: ignore[no-untyped-def]
    ui = ScriptedUI(answer=lambda n, step, can_skip: "passer" if can_skip else "continuer")
    played = play_lab(lab_flow(MODES), None, ui, confirm=mode)
    assert played.result.ok, played.result.error
    assert ui.confirmed_numbers == asked
    # One question per page, listing what will be done there; the irreversible step is
    # asked again, alone, with the name of what it presses.
    assert [[s.say for s in plan.steps] for plan in ui.pages] == pages
    assert [plan.number for plan in ui.pages] == list(range(1, len(pages) + 1))
    if 6 in asked:
        assert ui.elements == ["bouton « Envoyer »"]
    # « passer » is offered only for the optional step (never for the irreversible one).
    assert [n for n, _, can_skip in ui.confirmed if can_skip] == ([2] if mode == "each" else [])
    status = next(s.status for s in played.result.steps if s.say == "Commencer")
    assert status == ("passe" if mode == "each" else "fait")
    # Every step announced, numbered without gaps.
    assert [n for n, *_ in ui.shown] == [1, 2, 3, 4, 5, 6, 7]


def test_stopping_at_a_page_question_does_nothing_on_that_page(play_lab) -> None:  # type: ignore[no-untyped-def]
    ui = ScriptedUI(page_answer=lambda plan: "arreter" if plan.number == 2 else "continuer")
    played = play_lab(lab_flow(MODES), None, ui, confirm="page")
    assert played.result.outcome == "annule"
    assert "Arrêt demandé sur la page « Formulaire »" in played.result.error.message
    assert played.result.final_url.endswith("/opt/form.html")  # nothing was sent


# ------------------------------------------------------------------ typing
def test_a_field_that_does_not_keep_what_was_typed_stops_the_run(play_lab) -> None:  # type: ignore[no-untyped-def]
    """What the field holds is read back: a page that rewrites it stops the run, and the
    message does not repeat the value."""
    flow = lab_flow(
        """\
        - say: Ouvrir la page
          goto: /act/champs.html
        - say: Saisir la référence
          fill: {target: [{label: Référence}], value: "ABCDEF"}
        """
    )
    played = play_lab(flow, timeout_ms=3_000)
    assert isinstance(played.result.error, StepFailed)
    assert "n'a pas gardé la valeur saisie" in played.result.error.message
    assert "ABCDEF" not in played.result.error.message


def test_a_tick_does_not_wait_for_the_pages_capture_but_leaving_the_page_does(
    play_lab, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The capture of a new page runs while the run looks, types and ticks on it; it is
    finished before a step that may leave the page (here the button that submits)."""
    from ens_auto.flow.capture import Captures
    from ens_auto.flow.run import FlowRunner

    events: list[str] = []
    settle, play_step = Captures.settle, FlowRunner._play_step

    def settled(self):  # type: ignore[no-untyped-def]
        if self._pending:  # a capture under way: the run waits for it here
            events.append("capture finished")
        return settle(self)

    def step(self, step, *args, **kwargs):  # type: ignore[no-untyped-def]
        events.append(step.say)
        return play_step(self, step, *args, **kwargs)

    monkeypatch.setattr(Captures, "settle", settled)
    monkeypatch.setattr(FlowRunner, "_play_step", step)
    flow = lab_flow(
        """\
        - say: Ouvrir la page
          goto: /act/radio.html
        - say: Vérifier la page
          expect: {visible: [{role: button, name: Continuer}]}
        - say: Choisir
          choose: {option: "Je m'oppose à la création de Mon espace santé"}
        - say: Continuer
          click: [{role: button, name: Continuer}]
        """,
        procedure="opposition",
    )
    played = play_lab(flow)
    assert played.result.ok, played.result.error
    assert events[:5] == [
        "Ouvrir la page",
        "Vérifier la page",
        "Choisir",
        "Continuer",
        "capture finished",
    ]
    shots = [s.screenshot for s in played.result.steps if s.screenshot is not None]
    assert shots and shots[0].read_bytes()[:3] == b"\xff\xd8\xff"  # the page's, kept
