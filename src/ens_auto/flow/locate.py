"""Candidates -> one element, fast and without guessing.

All the candidates of a target are raced under one timeout (one combined Playwright
locator, ``a.or_(b).or_(c)``): a broken first candidate costs nothing more than the time
the page needs to show a good one. Once something is visible, every candidate is counted:
one that matches several elements, or two that match different elements, stop the run.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ens_auto.errors import EnsAutoError
from ens_auto.flow.model import Candidate

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page


@dataclass
class CandidateReport:
    candidate: Candidate
    count: int | None = None  # None: not evaluated (invalid selector or page gone)
    error: str | None = None

    def describe(self) -> str:
        if self.error:
            return f"{self.candidate.describe()} : sélecteur invalide"
        if self.count is None:
            return f"{self.candidate.describe()} : non évalué"
        if self.count == 0:
            return f"{self.candidate.describe()} : aucun élément"
        if self.count == 1:
            return f"{self.candidate.describe()} : trouvé"
        return f"{self.candidate.describe()} : {self.count} éléments"


@dataclass
class Resolution:
    locator: Locator
    candidate: Candidate
    index: int
    reports: list[CandidateReport] = field(default_factory=list)
    elapsed_ms: float = 0.0


#: How often a long wait asks whether to give up early.
INTERRUPT_EVERY_MS = 1000


class LocateError(EnsAutoError):
    """No candidate found, or an ambiguous target. Carries what each candidate gave."""

    def __init__(self, message: str, reports: Sequence[CandidateReport]) -> None:
        super().__init__(message)
        self.reports = list(reports)


def build_locator(scope: Page | Locator, cand: Candidate) -> Locator:
    """The Playwright locator for one candidate (visible elements only)."""
    exact = cand.exact
    if cand.role is not None:
        loc = scope.get_by_role(cand.role, name=cand.name, exact=exact)  # type: ignore[arg-type]
    elif cand.label is not None:
        loc = scope.get_by_label(cand.label, exact=exact)
    elif cand.placeholder is not None:
        loc = scope.get_by_placeholder(cand.placeholder, exact=exact)
    elif cand.text is not None:
        loc = scope.get_by_text(cand.text, exact=exact)
    elif cand.title is not None:
        loc = scope.get_by_title(cand.title, exact=exact)
    elif cand.alt is not None:
        loc = scope.get_by_alt_text(cand.alt, exact=exact)
    elif cand.testid is not None:
        loc = scope.get_by_test_id(cand.testid)
    else:
        loc = scope.locator(str(cand.css))
    return loc.filter(visible=True)


def _is_selector_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return (
        any(
            s in text
            for s in ("unexpected token", "is not a valid selector", "selector", "unknown engine")
        )
        and "timeout" not in text
    )


def _combined(locs: Sequence[Locator]) -> Locator:
    combined = locs[0]
    for loc in locs[1:]:
        combined = combined.or_(loc)
    return combined


def resolve(
    scope: Page | Locator,
    target: Sequence[Candidate],
    *,
    timeout_ms: float,
    what: str = "l'élément",
    interrupt: Callable[[], str | None] | None = None,
) -> Resolution:
    """Wait until one candidate is visible (all raced together), then make sure the
    target designates exactly one element. Raises :class:`LocateError` otherwise.

    ``interrupt``, called about once a second while nothing shows, may end the wait
    early with a reason (the site displayed an error: waiting longer is pointless)."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    start = time.monotonic()
    reports = [CandidateReport(c) for c in target]
    usable: list[tuple[int, Locator]] = [(i, build_locator(scope, c)) for i, c in enumerate(target)]

    def found(i: int, loc: Locator) -> Resolution:
        elapsed = (time.monotonic() - start) * 1000
        return Resolution(loc, target[i], i, reports, elapsed)

    ambiguous = False
    while True:
        remaining = timeout_ms - (time.monotonic() - start) * 1000
        wait = min(remaining, INTERRUPT_EVERY_MS) if interrupt else remaining
        try:
            # Strict: returns once exactly one element (the union of all candidates) shows.
            _combined([loc for _, loc in usable]).wait_for(state="visible", timeout=max(wait, 1))
            break
        except PlaywrightTimeout:
            reason = interrupt() if interrupt and remaining > wait else None
            if interrupt and remaining > wait and not reason:
                continue  # nothing yet, and no reason to give up: wait on
            _count_all(usable, reports)
            if reason:
                raise LocateError(
                    "Le site a affiché un message d'erreur au lieu de la page attendue : "
                    f"« {reason} ».",
                    reports,
                ) from None
            raise LocateError(
                f"Introuvable sur la page : {what} (aucun des {len(target)} repères ne "
                f"correspond, après {timeout_ms / 1000:.0f} s).",
                reports,
            ) from None
        except PlaywrightError as exc:
            if "strict mode violation" in str(exc):
                ambiguous = True  # several elements: the slow path below says which
                break
            if not _is_selector_error(exc):
                raise
            # One candidate is not a valid selector: drop it and race the others again.
            still = []
            for i, loc in usable:
                try:
                    loc.count()
                    still.append((i, loc))
                except PlaywrightError as bad:
                    reports[i].error = str(bad).splitlines()[0]
            if not still or len(still) == len(usable):
                raise LocateError(f"Repères invalides pour {what}.", reports) from None
            usable = still

    if not ambiguous:
        # Fast path: one element in all. The first candidate that finds it is the match.
        for i, loc in usable:
            reports[i].count = loc.count()
            if reports[i].count:
                return found(i, loc)

    matched = _count_all(usable, reports)
    several = [r for r in reports if r.count and r.count > 1]
    if several:
        raise LocateError(
            f"Ambigu : pour {what}, un repère désigne plusieurs éléments "
            f"({several[0].describe()}). Arrêt sans deviner.",
            reports,
        )
    if not matched:  # visible a moment ago, gone now (page changing): report as absent
        raise LocateError(f"Introuvable sur la page : {what} (la page a changé).", reports)
    first_index, first_loc = matched[0]
    if len(matched) > 1:
        handle = first_loc.element_handle(timeout=1000)
        for i, loc in matched[1:]:
            other = loc.element_handle(timeout=1000)
            same = other.evaluate("(a, b) => a === b", handle)
            if not same:
                raise LocateError(
                    f"Ambigu : pour {what}, deux repères désignent des éléments différents "
                    f"({target[first_index].describe()} / {target[i].describe()}). "
                    "Arrêt sans deviner.",
                    reports,
                )
    return found(first_index, first_loc)


def _count_all(
    usable: Sequence[tuple[int, Locator]], reports: list[CandidateReport]
) -> list[tuple[int, Locator]]:
    from playwright.sync_api import Error as PlaywrightError

    matched = []
    for i, loc in usable:
        try:
            reports[i].count = loc.count()
        except PlaywrightError as exc:
            reports[i].error = str(exc).splitlines()[0]
            continue
        if reports[i].count == 1:
            matched.append((i, loc))
    return matched


def any_visible(scope: Page | Locator, target: Sequence[Candidate]) -> bool:
    """True when some candidate shows a visible element right now (no waiting)."""
    from playwright.sync_api import Error as PlaywrightError

    for cand in target:
        try:
            if build_locator(scope, cand).count() > 0:
                return True
        except PlaywrightError:
            continue
    return False
