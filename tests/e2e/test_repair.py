"""The building blocks of a repair, together: a step's element is no longer found; the
person shows it (Playwright plays the click on the real element); its candidates are
checked; the repaired copy is saved, used by name, and replays headless without help."""

from __future__ import annotations

from typing import Any

import pytest

from ens_auto.flow.copies import Repair, StepAt, save_repaired
from ens_auto.flow.load import load_flow, lookup_flow, parse_flow
from ens_auto.flow.model import ClickStep
from ens_auto.flow.pick import Picker, check_picked
from ens_auto.flow.recording import candidates_for
from ens_auto.leaks import find_leaks

pytestmark = pytest.mark.e2e

FLOW = """\
name: essai-reparation
title: Essai de réparation
site: {site}
steps:
  - say: Ouvrir la demande
    goto: /pick/page.html
  - say: Vérifier la page de la demande
    expect:
      visible: {{role: heading, name: Votre demande}}
  - say: Confirmer la demande
    click: {{role: button, name: Confirmer, exact: true}}
  - say: Vérifier que la demande est reçue
    expect:
      text: Demande reçue
"""


def test_a_step_repaired_by_pointing_replays_without_help(
    page: Any, lab: Any, play_lab: Any
) -> None:
    flow = parse_flow(FLOW.format(site=lab.url))
    broken = play_lab(flow, timeout_ms=1500)
    assert not broken.result.ok and lab.log.acts == []

    page.goto(f"{lab.url}/pick/page.html")
    step = flow.steps[2]
    assert isinstance(step, ClickStep)
    picker = Picker(page, what="le bouton qui confirme la demande")
    picker.start()
    box = page.locator("#valider").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    picked = picker.poll(3000)
    assert picked is not None
    assert check_picked(page, picked, step.action, flow.site) is None
    checks = candidates_for(page, picked.element, exact_only=step.irreversible)
    picker.stop()
    assert checks and all(c.ok for c in checks)
    assert lab.log.acts == []  # showing the element did not press it

    path = save_repaired(flow, [Repair(StepAt(2), [c.candidate for c in checks])], site=lab.url)
    found = lookup_flow("essai-reparation")
    assert found.repaired and found.path == path
    assert find_leaks(path.read_text(encoding="utf-8")) == []
    repaired = load_flow("essai-reparation")
    fixed = repaired.steps[2]
    assert isinstance(fixed, ClickStep)
    assert fixed.click[0].role == "button" and fixed.click[-1] == step.click[0]

    replayed = play_lab(repaired)
    assert replayed.result.ok, replayed.result.error
    assert lab.log.acts == ["opposition"]
