"""Repaired copies with steps done by hand (« continuer à la main »): they replace the
step that could not be played, or come before the step that met an unknown page (also in
a ``one_of`` branch), after the element repairs; their placeholders become inputs."""

from __future__ import annotations

from pathlib import Path

from ens_auto.flow.candidates import Candidate
from ens_auto.flow.copies import ByHand, Repair, StepAt, apply_repairs, save_repaired
from ens_auto.flow.load import load_flow
from ens_auto.flow.model import CheckStep, ClickStep, FillStep, OneOfStep, TargetValue

TICK = CheckStep(say="Cocher « J'ai lu »", check=[Candidate(role="checkbox", name="J'ai lu")])
GO = ClickStep(
    say="Cliquer sur « Poursuivre »", click=[Candidate(role="button", name="Poursuivre")]
)


def test_replaced_inserted_and_element_repairs_together(isolated_env: dict[str, Path]) -> None:
    flow = load_flow("opposition")
    confirm = flow.index_of("confirmer")
    new = Candidate(role="button", name="Valider ma décision", exact=True)
    repaired = apply_repairs(
        flow,
        [
            ByHand(StepAt(1), [TICK, GO], replace=True),
            Repair(StepAt(confirm), [new]),
            ByHand(StepAt(3), [TICK]),
        ],
    )
    steps = repaired.steps
    assert len(steps) == len(flow.steps) + 2
    assert steps[:4] == [flow.steps[0], TICK, GO, flow.steps[2]]
    assert steps[4] == TICK and steps[5] == flow.steps[3]
    assert steps[confirm + 2].click[0] == new  # type: ignore[attr-defined]
    assert "à la main" in (repaired.checked or "")
    path = save_repaired(flow, [ByHand(StepAt(3), [TICK])])
    text = path.read_text(encoding="utf-8")
    assert "avant l'étape 4, ce qui a été fait à la main" in text
    assert load_flow("opposition").steps[3] == TICK


def test_inside_a_branch_and_placeholders_become_inputs() -> None:
    flow = load_flow("cloture")
    menu = flow.index_of("menu")
    typed = FillStep(
        say="Saisir le NIR", fill=TargetValue(target=[Candidate(label="NIR")], value="{{ nir }}")
    )
    repaired = apply_repairs(flow, [ByHand(StepAt(menu, 1, 0), [typed])])
    one_of = repaired.steps[menu]
    assert isinstance(one_of, OneOfStep)
    assert one_of.one_of[1].steps[0] == typed
    assert one_of.one_of[1].steps[1:] == flow.steps[menu].one_of[1].steps  # type: ignore[attr-defined]
    assert "nir" in repaired.inputs and "nir" not in flow.inputs
