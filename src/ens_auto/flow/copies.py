"""Repaired copies of flows, in the person's own flows folder (``<config>/parcours/``).

When the site changed and the person showed the element a step looks for, the run goes on
and the flow is saved as a copy: the new candidates **first**, the old ones kept (the site
may come back), ``checked:`` updated. A flow looked up by name then uses this copy
(:func:`ens_auto.flow.load.lookup_flow` says so). The copy remembers which version of the
shipped flow it was made from, so that a newer shipped flow can be told apart.

Entry points: :func:`save_repaired` (write the copy), :func:`find_copy`,
:func:`copy_info` (what it was made from, stale or not), :func:`summarize` and
:func:`unified_diff` (``ens-auto flows diff``).
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ens_auto.flow.candidates import PLACEHOLDER, Candidate, Condition
from ens_auto.flow.model import (
    CheckStep,
    ChooseSpec,
    ChooseStep,
    ClickStep,
    DownloadStep,
    ExpectStep,
    FillStep,
    Flow,
    OneOfStep,
    PressStep,
    PromptStep,
    SelectStep,
    StepBase,
    UncheckStep,
    WaitForStep,
)
from ens_auto.flow.steps import walk_numbered
from ens_auto.flow.texts import Texts

if TYPE_CHECKING:
    from ens_auto.config import Settings

#: The person's flows folder, under the config folder.
FOLDER = "parcours"

_BASED_ON = re.compile(
    r"^# ens-auto : copie réparée de « (?P<name>[a-z0-9][a-z0-9_-]*) »"
    r"(?:, version fournie (?P<digest>[0-9a-f]{16}))?$",
    re.MULTILINE,
)


class RepairError(ValueError):
    """A repair that cannot be written (French message)."""


# ---------------------------------------------------------------------------- where


def user_flows_dir(settings: Settings | None = None) -> Path:
    """``<config>/parcours``: the person's repaired flows."""
    from ens_auto.config import get_settings

    return (settings or get_settings()).config_path / FOLDER


def copy_path(name: str, settings: Settings | None = None) -> Path:
    return user_flows_dir(settings) / f"{name}.yaml"


def find_copy(name: str, settings: Settings | None = None) -> Path | None:
    """The person's repaired copy of the flow ``name``, if there is one."""
    path = copy_path(name, settings)
    return path if path.is_file() else None


def shipped_path(name: str) -> Path | None:
    from ens_auto.flow.load import shipped_flows_dir

    path = shipped_flows_dir() / f"{name}.yaml"
    return path if path.is_file() else None


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


@dataclass(frozen=True)
class CopyInfo:
    """Where a repaired copy comes from."""

    path: Path
    name: str
    digest: str | None  # the shipped version it was made from (None: not a shipped flow)
    shipped: Path | None

    @property
    def stale(self) -> bool:
        """The shipped flow changed since the copy was made (a newer ens-auto)."""
        return bool(self.shipped and self.digest and _digest(self.shipped) != self.digest)


def copy_info(path: Path) -> CopyInfo:
    """What the copy at ``path`` was made from (read from its first lines)."""
    head = path.read_text(encoding="utf-8")[:2000]
    match = _BASED_ON.search(head)
    name = match.group("name") if match else path.stem
    return CopyInfo(path, name, match.group("digest") if match else None, shipped_path(name))


# ---------------------------------------------------------------------------- which step


@dataclass(frozen=True)
class StepAt:
    """A step by position: ``index`` in the flow's steps (0-based), and for a step inside
    a ``one_of``, its ``branch`` and its ``step`` in that branch (0-based)."""

    index: int
    branch: int | None = None
    step: int | None = None

    def __post_init__(self) -> None:
        if (self.branch is None) != (self.step is None):
            raise ValueError("StepAt: branch and step go together")

    @property
    def label(self) -> str:
        """As messages name it: « 12 », « 9 (branche 2, étape 1) »."""
        if self.branch is None:
            return str(self.index + 1)
        return f"{self.index + 1} (branche {self.branch + 1}, étape {(self.step or 0) + 1})"


@dataclass(frozen=True)
class Repair:
    """New candidates for the step at ``at``, best first (from the element the person
    showed: :func:`ens_auto.flow.recording.candidates_for`). ``drop``: old candidates
    that now mislead (they found several elements, or another one: the step was
    ambiguous); the others are kept after the new ones (the site may come back)."""

    at: StepAt
    candidates: Sequence[Candidate]
    drop: Sequence[Candidate] = ()


@dataclass(frozen=True)
class ByHand:
    """Steps the person did by hand (« continuer à la main »), recorded by the recorder.
    ``replace``: they take the place of the step at ``at`` (it could not be played);
    otherwise they come just before it (a page the flow did not know showed first)."""

    at: StepAt
    steps: Sequence[StepBase]
    replace: bool = False


def step_at(flow: Flow, at: StepAt) -> StepBase:
    """The step at ``at`` (:class:`RepairError` when there is none)."""
    try:
        step = flow.steps[at.index]
        if at.branch is None:
            return step
        if not isinstance(step, OneOfStep):
            raise RepairError(f"l'étape {at.index + 1} n'a pas de branches")
        return step.one_of[at.branch].steps[at.step or 0]
    except IndexError:
        raise RepairError(f"pas d'étape {at.label} dans « {flow.name} »") from None


def _merged(
    new: Sequence[Candidate], old: Sequence[Candidate] | None, drop: Sequence[Candidate] = ()
) -> list[Candidate]:
    first = list(dict.fromkeys(new))
    return first + [c for c in old or () if c not in first and c not in drop]


def _texts_of(candidates: Sequence[Candidate]) -> list[str]:
    """The names the candidates give an option (role + name, label, text), in order."""
    found: list[str] = []
    for cand in candidates:
        texts = cand.name if cand.role is not None else (cand.label or cand.text)
        if texts is not None:
            found += [t for t in texts.alternatives if t not in found]
    return found


def _condition(
    cond: Condition, new: Sequence[Candidate], label: str, drop: Sequence[Candidate]
) -> Condition:
    if cond.visible is None:
        raise RepairError(
            f"étape {label} : elle reconnaît la page à son texte, pas à un élément ; "
            "elle ne se répare pas en désignant un élément"
        )
    return cond.model_copy(update={"visible": _merged(new, cond.visible, drop)})


def repair_step(
    step: StepBase, new: Sequence[Candidate], label: str = "", *, drop: Sequence[Candidate] = ()
) -> StepBase:
    """``step`` with ``new`` candidates first in the target it acts on, the old ones
    kept (but those in ``drop``). A choice gets the option's new name first among its
    guesses."""
    if not new:
        raise RepairError(f"étape {label} : aucun repère nouveau")
    update: dict[str, Any]
    if isinstance(step, ClickStep):
        update = {"click": _merged(new, step.click, drop)}
    elif isinstance(step, CheckStep):
        update = {"check": _merged(new, step.check, drop)}
    elif isinstance(step, UncheckStep):
        update = {"uncheck": _merged(new, step.uncheck, drop)}
    elif isinstance(step, FillStep | SelectStep):
        spec = step.fill if isinstance(step, FillStep) else step.select
        key = step.action
        update = {key: spec.model_copy(update={"target": _merged(new, spec.target, drop)})}
    elif isinstance(step, PromptStep | DownloadStep | PressStep):
        spec = getattr(step, step.action)
        target = _merged(new, spec.target, drop)
        update = {step.action: spec.model_copy(update={"target": target})}
    elif isinstance(step, ExpectStep):
        update = {"expect": _condition(step.expect, new, label, drop)}
    elif isinstance(step, WaitForStep):
        update = {"wait_for": _condition(step.wait_for, new, label, drop)}
    elif isinstance(step, ChooseStep):
        update = {"choose": _choice(step.choose, new, label)}
    else:
        raise RepairError(
            f"étape {label} ({step.action}) : elle ne se répare pas en désignant un élément"
        )
    return step.model_copy(update=update)


def _choice(spec: ChooseSpec, new: Sequence[Candidate], label: str) -> ChooseSpec:
    option = spec.option
    if any(PLACEHOLDER.search(a) for a in option.alternatives):
        raise RepairError(
            f"étape {label} : le choix dépend de vos données ; il ne se répare pas en "
            "désignant un élément"
        )
    names = [n for n in _texts_of(new) if n not in option.alternatives]
    if not names:
        return spec
    return spec.model_copy(update={"option": Texts(option.known, (*names, *option.guess))})


def _by_hand(steps: list[StepBase], made: ByHand) -> list[StepBase]:
    """``steps`` with the steps done by hand put in (or in place of) the step at ``at``."""
    at = made.at
    if at.index >= len(steps):
        raise RepairError(f"pas d'étape {at.label}")
    if at.branch is None:
        end = at.index + 1 if made.replace else at.index
        return [*steps[: at.index], *made.steps, *steps[end:]]
    holder = steps[at.index]
    if not isinstance(holder, OneOfStep):
        raise RepairError(f"l'étape {at.index + 1} n'a pas de branches")
    branches = list(holder.one_of)
    branch = branches[at.branch]
    inner = _by_hand(list(branch.steps), ByHand(StepAt(at.step or 0), made.steps, made.replace))
    branches[at.branch] = branch.model_copy(update={"steps": inner})
    holder = holder.model_copy(update={"one_of": branches})
    return [*steps[: at.index], holder, *steps[at.index + 1 :]]


def apply_repairs(
    flow: Flow, repairs: Sequence[Repair | ByHand], *, site: str | None = None
) -> Flow:
    """``flow`` with each repair made, and ``checked:`` saying when and where. The steps
    done by hand go in last, from the end of the flow backwards (positions stay right)."""
    steps = list(flow.steps)
    by_hand = [r for r in repairs if isinstance(r, ByHand)]
    for repair in repairs:
        if isinstance(repair, ByHand):
            continue
        at = repair.at
        if at.branch is None:
            step_at(flow, at)
            steps[at.index] = repair_step(
                steps[at.index], repair.candidates, at.label, drop=repair.drop
            )
            continue
        holder = steps[at.index]
        current = step_at(flow.model_copy(update={"steps": steps}), at)
        assert isinstance(holder, OneOfStep)
        branches = list(holder.one_of)
        branch = branches[at.branch]
        inner = list(branch.steps)
        inner[at.step or 0] = repair_step(current, repair.candidates, at.label, drop=repair.drop)
        branches[at.branch] = branch.model_copy(update={"steps": inner})
        steps[at.index] = holder.model_copy(update={"one_of": branches})
    inputs = list(flow.inputs)
    for made in sorted(by_hand, key=lambda m: (m.at.index, m.at.branch or 0, m.at.step or 0)):
        for step in made.steps:
            inputs += [n for n in sorted(step.placeholders()) if n not in inputs]
    for made in sorted(
        by_hand, key=lambda m: (m.at.index, m.at.branch or 0, m.at.step or 0), reverse=True
    ):
        steps = _by_hand(steps, made)
    how = "en désignant les éléments"
    if by_hand:
        how = "à la main" if len(by_hand) == len(repairs) else how + " et à la main"
    checked = f"{date.today().isoformat()}, réparé sur {site or flow.site} {how}"
    return flow.model_copy(update={"steps": steps, "checked": checked, "inputs": inputs})


def save_repaired(
    flow: Flow,
    repairs: Sequence[Repair | ByHand],
    *,
    site: str | None = None,
    settings: Settings | None = None,
) -> Path:
    """Write the repaired copy of ``flow`` in the person's flows folder and return its
    path. ``site``: where the elements were shown (default: the flow's site). The file is
    checked to load back as a valid flow before it replaces any earlier copy."""
    from ens_auto.flow.load import parse_flow
    from ens_auto.flow.recording.dump import dump_flow

    repaired = apply_repairs(flow, repairs, site=site)
    path = copy_path(flow.name, settings)
    earlier = copy_info(path) if path.is_file() else None
    shipped = shipped_path(flow.name)
    digest = earlier.digest if earlier else (_digest(shipped) if shipped else None)
    based = f"ens-auto : copie réparée de « {flow.name} »"
    if digest:
        based += f", version fournie {digest}"
    steps = ", ".join(r.at.label for r in repairs)
    said = []
    if any(isinstance(r, Repair) for r in repairs):
        said.append("les nouveaux repères viennent en premier, les anciens sont gardés")
    said += [
        f"{'à la place de' if r.replace else 'avant'} l'étape {r.at.label}, ce qui a été "
        "fait à la main"
        for r in repairs
        if isinstance(r, ByHand)
    ]
    done = " ; ".join(said)
    comment = (
        f"{based}\nRéparé le {date.today().isoformat()} (étapes {steps}) : {done}.\n"
        f"Comparer au parcours fourni : ens-auto flows diff {flow.name}"
    )
    text = dump_flow(repaired, comment)
    parse_flow(text, source=path)  # what is written must load
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_suffix(".yaml.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
    return path


# ---------------------------------------------------------------------------- diff


def unified_diff(shipped: Flow, copy: Flow) -> str:
    """The changes, line by line, between the two flows written the same way."""
    from ens_auto.flow.recording.dump import dump_flow

    before = dump_flow(shipped, "").splitlines(keepends=True)
    after = dump_flow(copy, "").splitlines(keepends=True)
    return "".join(difflib.unified_diff(before, after, "parcours fourni", "copie réparée", n=2))


def _step_changes(label: str, old: StepBase, new: StepBase) -> list[str]:
    head = f"Étape {label} « {new.say} »"
    if type(old) is not type(new) or old.say != new.say:
        return [f"{head} : étape différente (était « {old.say} »)"]
    if isinstance(new, OneOfStep):
        return []  # its branches' steps say what changed
    lines: list[str] = []
    before = [c for target in old.targets() for c in target]
    after = [c for target in new.targets() for c in target]
    added = [c for c in after if c not in before]
    removed = [c for c in before if c not in after]
    if added:
        lines.append(f"{head} : repères ajoutés : " + " ; ".join(c.describe() for c in added))
    if removed:
        lines.append(f"{head} : repères retirés : " + " ; ".join(c.describe() for c in removed))
    if isinstance(old, ChooseStep) and isinstance(new, ChooseStep):
        extra = [
            a for a in new.choose.option.alternatives if a not in old.choose.option.alternatives
        ]
        if extra:
            lines.append(
                f"{head} : noms du choix ajoutés : " + " ; ".join(f"« {a} »" for a in extra)
            )
    if not lines:
        lines.append(f"{head} : modifiée")
    return lines


def summarize(shipped: Flow, copy: Flow) -> list[str]:
    """What changed, in French, one line per step (empty: nothing)."""
    lines: list[str] = []
    old_steps = walk_numbered(shipped.steps)
    new_steps = walk_numbered(copy.steps)
    if [label for label, _, _ in old_steps] != [label for label, _, _ in new_steps]:
        lines.append("Les étapes ne sont plus les mêmes (ajoutées, retirées ou déplacées).")
    old_by_label = {label: step for label, _, step in old_steps}
    for label, _, step in new_steps:
        old = old_by_label.get(label)
        if old is not None and old != step:
            lines += _step_changes(label, old, step)
    for key, what in (("overlays", "Fenêtres à fermer"), ("outcomes", "Issues")):
        if getattr(shipped, key) != getattr(copy, key):
            lines.append(f"{what} (« {key} ») modifiées.")
    for key in ("title", "site", "inputs", "procedure"):
        if getattr(shipped, key) != getattr(copy, key):
            lines.append(f"« {key} » modifié.")
    return lines
