"""« Continuer à la main », in a visible browser (Xvfb): the run meets a page it does not
know (an information page with « J'ai lu » and « Poursuivre »), the person types « m »,
does what the page asks, and the run takes back at the next page it knows. What was done
is written in the repaired copy (nothing typed freely), which then replays headless.

Playwright plays the person from the run UI's callback (same thread as the runner)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from ens_auto.flow.load import load_flow, parse_flow
from ens_auto.flow.model import CheckStep, ClickStep, ExpectStep
from ens_auto.flow.results import RepairAnswer, RepairRequest
from ens_auto.flow.run import FlowRunner, RunOptions, RunResult
from ens_auto.leaks import find_leaks
from tests.e2e.conftest import ScriptedUI

pytestmark = pytest.mark.e2e

FLOW = """\
name: essai-main
title: Essai de la reprise à la main
procedure: opposition
site: {site}
steps:
  - say: Ouvrir l'accueil
    goto: /hand/start.html
  - say: Commencer
    click: {{role: link, name: Commencer}}
{extra}  - say: Vérifier la page du formulaire
    expect:
      visible: {{role: heading, name: Formulaire}}
  - say: Saisir le nom
    fill: {{target: {{label: Nom}}, value: Martin}}
  - say: Envoyer
    click: {{role: button, name: Envoyer}}
  - say: Vérifier que la demande est reçue
    expect:
      text: Demande reçue
"""

#: An optional step the information page does not offer: the page is unknown at once.
OPTIONAL = """\
  - say: Fermer l'annonce
    optional: true
    click: {role: button, name: Fermer l'annonce}
"""

FREE_TEXT = "bonjour le monde entier"


class Person:
    """Answers « m » to the prompt, then does what the page asks (``activate``: also
    ticks « J'active mon profil »)."""

    def __init__(self, browser: Any, *, activate: bool = False) -> None:
        self.browser = browser
        self.activate = activate
        self.done = False
        self.requests: list[RepairRequest] = []

    def __call__(self, request: RepairRequest, polls: int) -> RepairAnswer | None:
        if not self.requests or self.requests[-1] is not request:
            self.requests.append(request)
        if not request.handing:
            return "main" if request.by_hand else "arreter"
        if self.done:
            return None
        page = self.browser.contexts[-1].pages[0]
        page.get_by_label("J'ai lu").check()
        if self.activate:
            page.get_by_label("J'active mon profil").check()
        page.get_by_label("Commentaire").fill(FREE_TEXT)
        page.get_by_role("button", name="Poursuivre").click()
        self.done = True
        return None


def _run(browser: Any, site: str, extra: str, person: Person, run_dir: Path) -> RunResult:
    flow = parse_flow(FLOW.format(site=site, extra=extra))
    ui = ScriptedUI(repair_reply=person, reply=lambda question, secret: "")
    opts = RunOptions(
        run_dir=run_dir, site=site, headless=False, confirm="irreversible", timeout_ms=1_500
    )
    result = FlowRunner(flow, {}, opts, ui, browser=browser).run()
    person.ui = ui  # type: ignore[attr-defined]
    return result


def _check_copy(result: RunResult, play_lab: Any, lab: Any) -> list[Any]:
    path = result.repaired_copy
    assert path is not None and path.is_file()
    text = path.read_text(encoding="utf-8")
    assert "avant l'étape 3, ce qui a été fait à la main" in text
    assert FREE_TEXT not in text and "Commentaire" not in text.split("steps:")[1]
    assert find_leaks(text) == []
    repaired = load_flow("essai-main")
    assert "à la main" in (repaired.checked or "")
    lab.log.reset()
    replayed = play_lab(repaired)  # headless, --yes: nobody to help
    assert replayed.result.ok, replayed.result.error and replayed.result.error.message
    assert lab.log.acts == ["envoi"] and replayed.ui.repairs == []
    return list(repaired.steps)


def test_an_unknown_page_is_crossed_by_hand_and_the_copy_replays_headless(
    headed_browser: Any, lab: Any, play_lab: Any, settings: Any, tmp_path: Path
) -> None:
    started = time.monotonic()
    person = Person(headed_browser)
    result = _run(headed_browser, lab.url, "", person, tmp_path / "run")
    assert result.ok, result.error and result.error.message
    ui = person.ui  # type: ignore[attr-defined]
    # The repair prompt offered « m »; then the hand-over; the run took back after.
    assert [(r.by_hand, r.handing) for r in person.requests] == [(True, False), (False, True)]
    assert lab.log.acts == ["envoi"]
    assert any("reprend la main" in i for i in ui.infos)
    assert any("Commentaire" in i and "pas gardé" in i for i in ui.infos)
    assert len(ui.asked) == 1 and "définitive" in ui.asked[0][0]  # « Poursuivre » sent a form

    steps = _check_copy(result, play_lab, lab)
    # What was done by hand comes before the page check that could not be made.
    assert isinstance(steps[2], CheckStep) and isinstance(steps[3], ClickStep)
    assert not steps[3].irreversible and steps[3].click[0].role == "button"
    assert isinstance(steps[4], ExpectStep) and steps[4].say == "Vérifier la page du formulaire"
    assert len(steps) == 8
    assert time.monotonic() - started < 20


def test_an_optional_step_whose_page_is_unknown_offers_the_hand_over(
    headed_browser: Any, lab: Any, play_lab: Any, settings: Any, tmp_path: Path
) -> None:
    person = Person(headed_browser)
    result = _run(headed_browser, lab.url, OPTIONAL, person, tmp_path / "run")
    assert result.ok, result.error and result.error.message
    assert person.requests[0].page_unknown and person.requests[0].by_hand
    assert "Page inattendue" in person.requests[0].why
    steps = _check_copy(result, play_lab, lab)
    assert isinstance(steps[2], CheckStep) and isinstance(steps[3], ClickStep)
    assert steps[4].optional and steps[4].say == "Fermer l'annonce"


def test_an_activation_ticked_by_hand_is_never_saved(
    headed_browser: Any, lab: Any, settings: Any, tmp_path: Path
) -> None:
    from ens_auto.flow.copies import find_copy

    person = Person(headed_browser, activate=True)
    result = _run(headed_browser, lab.url, "", person, tmp_path / "run")
    assert result.ok, result.error and result.error.message  # the person is in control
    ui = person.ui  # type: ignore[attr-defined]
    said = [w for w in ui.warnings if "parle d'activer" in w]
    assert said and "J'active mon profil" in said[0] and "ne sera pas gardé" in said[0]
    assert result.repaired_copy is None and find_copy("essai-main") is None
