"""Repaired copies of flows: written in the person's flows folder with the new candidates
first and the old ones kept, used when the flow is looked up by name (and said so),
compared to the shipped flow (``flows diff``) and exported only free of personal data
(``flows export``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ens_auto.flow.candidates import Candidate
from ens_auto.flow.copies import (
    Repair,
    RepairError,
    StepAt,
    copy_info,
    save_repaired,
    summarize,
    user_flows_dir,
)
from ens_auto.flow.load import load_flow, lookup_flow, parse_flow
from ens_auto.flow.model import ChooseStep, ClickStep, ExpectStep, OneOfStep
from tests.support.cli import invoke

REPLICA = "http://127.0.0.1:8765"
NEW = Candidate(role="button", name="Valider ma décision", exact=True)


def _repair_confirm() -> tuple[int, Path]:
    flow = load_flow("opposition")
    index = flow.index_of("confirmer")
    return index, save_repaired(flow, [Repair(StepAt(index), [NEW])], site=REPLICA)


def test_the_copy_has_the_new_candidates_first_and_keeps_the_old(
    isolated_env: dict[str, Path],
) -> None:
    shipped = load_flow("opposition")
    index, path = _repair_confirm()
    assert path == isolated_env["config"] / "parcours" / "opposition.yaml"
    assert path.parent == user_flows_dir()
    copy = parse_flow(path.read_text(encoding="utf-8"))
    step, old = copy.steps[index], shipped.steps[index]
    assert isinstance(step, ClickStep) and isinstance(old, ClickStep)
    assert step.click == [NEW, *old.click]
    assert step.irreversible and step.consequence == old.consequence
    assert copy.checked == (
        f"{date.today().isoformat()}, réparé sur {REPLICA} en désignant les éléments"
    )
    others = [s for i, s in enumerate(copy.steps) if i != index]
    assert others == [s for i, s in enumerate(shipped.steps) if i != index]
    assert (copy.overlays, copy.outcomes, copy.site) == (
        shipped.overlays,
        shipped.outcomes,
        shipped.site,
    )
    text = path.read_text(encoding="utf-8")
    assert "# ens-auto : copie réparée de « opposition », version fournie " in text
    assert f"étapes {index + 1})" in text


def test_a_flow_by_name_is_the_copy_and_the_caller_can_tell() -> None:
    assert lookup_flow("opposition").repaired is False
    _, path = _repair_confirm()
    found = lookup_flow("opposition")
    assert found.repaired and found.path == path and not found.stale
    assert load_flow("opposition") == parse_flow(path.read_text(encoding="utf-8"))
    assert lookup_flow("opposition", shipped_only=True).repaired is False
    assert lookup_flow("cloture").repaired is False
    # A newer shipped flow: the copy says it was made from another version.
    text = path.read_text(encoding="utf-8")
    digest = copy_info(path).digest
    assert digest is not None
    path.write_text(text.replace(digest, "0" * 16), encoding="utf-8")
    assert lookup_flow("opposition").stale


def test_repairing_the_copy_again_keeps_both_repairs_newest_first() -> None:
    index, path = _repair_confirm()
    digest = copy_info(path).digest
    newer = Candidate(text="Oui, je confirme", exact=True)
    save_repaired(load_flow("opposition"), [Repair(StepAt(index), [newer])], site=REPLICA)
    step = load_flow("opposition").steps[index]
    assert isinstance(step, ClickStep)
    assert step.click[:2] == [newer, NEW]
    assert copy_info(path).digest == digest


def test_a_step_inside_a_branch_and_a_choice() -> None:
    flow = load_flow("cloture")
    menu = flow.index_of("menu")
    new = Candidate(css="#mon-compte")
    option = Candidate(role="radio", name="Effacer mes données")
    choose = next(i for i, s in enumerate(flow.steps) if s.say.startswith("Demander la supp"))
    save_repaired(
        flow,
        [Repair(StepAt(menu, 1, 0), [new]), Repair(StepAt(choose), [option])],
    )
    copy = load_flow("cloture")
    one_of = copy.steps[menu]
    assert isinstance(one_of, OneOfStep)
    inner = one_of.one_of[1].steps[0]
    assert isinstance(inner, ClickStep) and inner.click[0] == new
    assert one_of.one_of[0] == flow.steps[menu].one_of[0]  # type: ignore[attr-defined]
    chosen = copy.steps[choose]
    assert isinstance(chosen, ChooseStep)
    assert "Effacer mes données" in chosen.choose.option.guess
    assert chosen.choose.option.guess[0] == "Effacer mes données"
    assert copy.checked is not None and "réparé sur https://www.monespacesante.fr" in copy.checked
    assert StepAt(menu, 1, 0).label == f"{menu + 1} (branche 2, étape 1)"


def test_steps_that_cannot_be_repaired_by_pointing() -> None:
    flow = load_flow("cloture")
    check_all = next(i for i, s in enumerate(flow.steps) if s.action == "check_all")
    text_only = next(
        i
        for i, s in enumerate(flow.steps)
        if isinstance(s, ExpectStep) and s.expect.visible is None
    )
    opposition = load_flow("opposition")
    card = next(
        i for i, s in enumerate(opposition.steps) if s.say == "Choisir le modèle de carte Vitale"
    )
    for target, at in ((flow, check_all), (flow, text_only), (opposition, card), (flow, 0)):
        with pytest.raises(RepairError):
            save_repaired(target, [Repair(StepAt(at), [NEW])])
    with pytest.raises(RepairError):
        save_repaired(flow, [Repair(StepAt(0, 0, 0), [NEW])])  # not a one_of
    with pytest.raises(RepairError):
        save_repaired(flow, [Repair(StepAt(99), [NEW])])
    assert not (user_flows_dir() / "cloture.yaml").exists()


def test_summary_says_what_changed() -> None:
    index, _ = _repair_confirm()
    lines = summarize(load_flow("opposition"), load_flow("opposition"))
    assert lines == []
    shipped = load_flow(lookup_flow("opposition", shipped_only=True).path)
    lines = summarize(shipped, load_flow("opposition"))
    assert lines == [
        f"Étape {index + 1} « Confirmer mon opposition » : repères ajoutés : "
        "role=button « Valider ma décision »"
    ]


def test_flows_diff() -> None:
    result = invoke(["flows", "diff", "opposition"])
    assert result.code == 0, result
    assert "Aucune copie réparée de « opposition »" in result.stdout
    index, path = _repair_confirm()
    result = invoke(["flows", "diff", "opposition"])
    assert result.code == 0, result
    assert f"Copie réparée : {path}" in result.stdout
    assert f"Étape {index + 1} « Confirmer mon opposition » : repères ajoutés" in result.stdout
    assert "+      - {role: button, name: Valider ma décision, exact: true}" in result.stdout
    assert "-checked:" in result.stdout and "+checked:" in result.stdout
    assert invoke(["flows", "diff", "inconnu"]).code == 2


def test_flows_export_checks_for_personal_data(tmp_path: Path) -> None:
    out = tmp_path / "envoi.yaml"
    result = invoke(["flows", "export", "opposition", str(out)])
    assert result.code == 2 and "Aucune copie réparée" in result.stderr, result

    _, path = _repair_confirm()
    result = invoke(["flows", "export", "opposition", str(out)])
    assert result.code == 0, result
    assert out.read_text(encoding="utf-8") == path.read_text(encoding="utf-8")
    assert "aucune donnée personnelle" in result.stdout
    assert invoke(["flows", "export", "opposition", str(out)]).code == 2  # not overwritten

    text = path.read_text(encoding="utf-8")
    leaky = text.replace(
        "- {role: button, name: Valider ma décision, exact: true}",
        "- {role: button, name: Valider pour Camille Martin 2 85 03 75 112 345 44}",
    )
    assert leaky != text
    path.write_text(leaky, encoding="utf-8")
    line = leaky[: leaky.index("Camille Martin")].count("\n") + 1
    refused = tmp_path / "refuse.yaml"
    result = invoke(["flows", "export", "opposition", str(refused)])
    assert result.code == 1, result
    assert "Export refusé" in result.stderr
    assert f"numéro de sécurité sociale, ligne {line}" in result.stderr
    assert f"nom d'une personne, ligne {line}" in result.stderr
    assert "112 345" not in result.output and "Camille" not in result.output
    assert not refused.exists()
