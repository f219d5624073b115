"""How a run is shown to the person: steps grouped by page, numbered without gaps.

A page is the run of steps up to (and including) the next one that may change the page
(a click, a choice, a download...). In ``--confirm page`` mode the person is asked once per
page, shown what will be typed (masked) and pressed; irreversible steps are asked again,
alone. Numbers count what the person is shown, so they never skip; the total is what is
left to show, and shrinks when a page the flow allows for does not appear.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ens_auto.flow.model import (
    ChooseStep,
    FillStep,
    OneOfStep,
    PromptStep,
    SelectStep,
    StepBase,
)
from ens_auto.flow.results import PlannedStep, render
from ens_auto.flow.texts import is_regex
from ens_auto.flow.watch import applies
from ens_auto.identity import Detail


def ends_page(step: StepBase) -> bool:
    if isinstance(step, OneOfStep):
        return any(s.changes_page for b in step.one_of for s in b.steps)
    return step.changes_page


def acts(step: StepBase) -> bool:
    if isinstance(step, OneOfStep):
        return any(s.acts for b in step.one_of for s in b.steps)
    return step.acts


def shown_value(step: StepBase, details: Mapping[str, Detail]) -> str | None:
    """The value a step types or picks, masked as the person may see it."""
    value: str | None = None
    if isinstance(step, FillStep):
        value = step.fill.value
    elif isinstance(step, SelectStep):
        value = step.select.value
    elif isinstance(step, ChooseStep):
        # A choice matched by meaning (/regex/ guesses) has no one wording to show.
        plain = [a for a in step.choose.option.alternatives if not is_regex(a)]
        value = plain[0] if plain else None
    elif isinstance(step, PromptStep):
        return None
    if value is None:
        return None
    try:
        return render(value, details)[1]
    except KeyError:
        return None


def page_plan(
    steps: Sequence[StepBase], start: int, details: Mapping[str, Detail]
) -> list[PlannedStep]:
    """The acting steps from ``start`` to the end of the page, as the person is told."""
    planned: list[PlannedStep] = []
    for step in steps[start:]:
        if applies(step, details) and acts(step) and step.action != "goto":
            planned.append(
                PlannedStep(
                    say=step.say,
                    shown_value=shown_value(step, details),
                    optional=step.optional,
                    irreversible=step.irreversible,
                )
            )
        if ends_page(step):
            break
    return planned


def count_left(
    steps: Sequence[StepBase],
    start: int,
    details: Mapping[str, Detail],
    *,
    counts: Callable[[StepBase], bool],
) -> int:
    """How many of ``steps[start:]`` would be shown (a one_of counts as its shortest
    branch)."""
    total = 0
    for step in steps[start:]:
        if not applies(step, details):
            continue
        if isinstance(step, OneOfStep):
            total += min(count_left(b.steps, 0, details, counts=counts) for b in step.one_of)
        elif counts(step):
            total += 1
    return total


def pages_left(steps: Sequence[StepBase], start: int, details: Mapping[str, Detail]) -> int:
    """How many pages are left to confirm from ``start`` (pages with something to do)."""
    pages = 0
    acting = False
    for step in steps[start:]:
        if not applies(step, details):
            continue
        acting = acting or (acts(step) and step.action != "goto")
        if ends_page(step):
            pages += 1 if acting else 0
            acting = False
    return pages + (1 if acting else 0)


def heading_of(page: Any, scrub: Callable[[str], str]) -> str:
    """The page's main heading (what the person reads first), scrubbed."""
    try:
        text = page.evaluate(
            "() => (document.querySelector('h1')?.innerText || document.title || '')"
        )
    except Exception:
        return ""
    return scrub(" ".join(str(text).split()))[:160]
