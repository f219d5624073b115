"""Candidates -> Playwright locators, and what they find right now (one search, no
wait): which of several targets show (:func:`present`), the one element a target designates
and the candidate that finds it first (:func:`resolve_now`), that element read as it is
found. Each is one search of the page, however many candidates: counts of the runner's
selector engines (``ens-bit``, ``ens-upto``, ``ens-tag``: ``engines.py``).

Waiting for a target (raced with what ends the procedure) is ``waits.py``, on top of this.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from ens_auto.errors import EnsAutoError
from ens_auto.flow.candidates import CLICKABLE_ROLES, Candidate

if TYPE_CHECKING:
    from playwright.sync_api import ElementHandle, Locator, Page

    from ens_auto.flow.looks import Look

T = TypeVar("T")


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
    #: The element itself, when it had to be held to be read (``looks.py``: a Playwright
    #: without the runner's engines). If the page replaced it meanwhile, the locator
    #: finds it again.
    handle: ElementHandle | None = None
    #: The element read just before acting (``looks.py``): the act goes to it again
    #: without a search (``ens-mark``, ``engines.py``); if the page replaced it, the
    #: locator finds it.
    mark: int | None = None
    #: « press » or « submit »: the act's own search keeps the element only if it is
    #: still safe to press (``ens-safe``, ``engines.py``), checked as it acts.
    guard: str | None = None
    #: What was read on the element as it was found (``resolve(read=...)``).
    seen: Look | None = None

    def act(self, action: Callable[[Any], T]) -> T:
        """``action(element)`` on the element read (held or marked), else (or if it is
        gone) on what the locator finds; guarded if the element was checked."""
        from playwright.sync_api import Error as PlaywrightError

        from ens_auto.flow.engines import MARK_GONE

        if self.handle is not None:
            try:
                return action(self.handle)
            except PlaywrightError as exc:
                if "not attached" not in str(exc) and "detached" not in str(exc):
                    raise
                self.handle = None
        if self.mark is not None:
            try:
                return action(self.acting())
            except PlaywrightError as exc:
                if MARK_GONE not in str(exc):
                    raise
                self.mark = None
        return action(self.acting())

    def acting(self) -> Locator:
        """The locator an act goes through: the element read, else the search; guarded."""
        from ens_auto.flow.engines import MARK, SAFE

        loc = self.locator
        if self.mark is not None:
            loc = loc.page.locator(f"{MARK}={self.mark}")
        return loc if self.guard is None else loc.locator(f"{SAFE}={self.guard}")


#: What a fill or a prompt can type into.
TYPABLE = (
    "input:not([type=radio], [type=checkbox], [type=button], [type=submit], [type=reset], "
    "[type=image], [type=file], [type=hidden]), textarea, [contenteditable=''], "
    "[contenteditable=true], [role=textbox], [role=searchbox], [role=combobox], "
    "[role=spinbutton]"
)

#: A choice or an irreversible act is in the page's content, never in the site's
#: header, menus or footer (whose links may say « m'opposer » or « clôturer » too): not
#: inside a nav, a navigation, banner or content-info landmark, or a header or footer
#: of the page (one inside main, article or section is content). Checked from each element
#: found up through its ancestors (XPath): a CSS ``:not(nav *, ...)`` matched against
#: every element of the page cost 10 ms and more per look.
_IN_CONTENT = "ancestor::*[local-name()='main' or local-name()='article' or local-name()='section']"
OUTSIDE_SITE_MENUS = (
    "xpath=self::*[not(ancestor::*[local-name()='nav'"
    " or @role='navigation' or @role='banner' or @role='contentinfo'"
    f" or (local-name()='header' and not({_IN_CONTENT}))"
    f" or (local-name()='footer' and not({_IN_CONTENT}))])]"
)


def outside_site_menus(loc: Locator) -> Locator:
    """``loc``'s elements that are not in the site's header, menus or footer."""
    return loc.locator(OUTSIDE_SITE_MENUS)


class LocateError(EnsAutoError):
    """No candidate found, or an ambiguous target. Carries what each candidate gave."""

    def __init__(self, message: str, reports: Sequence[CandidateReport]) -> None:
        super().__init__(message)
        self.reports = list(reports)


def build_locator(scope: Page | Locator, cand: Candidate) -> Locator:
    """The Playwright locator for one candidate (visible elements only)."""
    exact = bool(cand.exact)
    if cand.role is not None:
        name = cand.name.pattern(exact) if cand.name is not None else None
        loc = scope.get_by_role(cand.role, name=name)  # type: ignore[arg-type]
    elif cand.clickable is not None:
        pattern = cand.clickable.pattern(exact)
        loc = None
        for role in CLICKABLE_ROLES:
            one = scope.get_by_role(role, name=pattern)  # type: ignore[arg-type]
            loc = one if loc is None else loc.or_(one)
        assert loc is not None
    elif cand.label is not None:
        loc = scope.get_by_label(cand.label.pattern(exact))
    elif cand.placeholder is not None:
        loc = scope.get_by_placeholder(cand.placeholder.pattern(exact))
    elif cand.text is not None:
        loc = scope.get_by_text(cand.text.pattern(exact))
    elif cand.title is not None:
        loc = scope.get_by_title(cand.title.pattern(exact))
    elif cand.alt is not None:
        loc = scope.get_by_alt_text(cand.alt.pattern(exact))
    elif cand.testid is not None:
        loc = scope.get_by_test_id(cand.testid)
    else:
        loc = scope.locator(str(cand.css))
    if cand.has_text is not None:
        loc = loc.filter(has_text=cand.has_text.pattern())
    if cand._typable:
        loc = loc.and_(scope.locator(TYPABLE))
    return loc.filter(visible=True)


def union(locs: Sequence[Locator]) -> Locator:
    combined = locs[0]
    for loc in locs[1:]:
        combined = combined.or_(loc)
    return combined


def resolve_now(
    scope: Page | Locator,
    target: Sequence[Candidate],
    *,
    extra: Sequence[tuple[Candidate, Locator]] = (),
    narrow: Callable[[Locator], Locator] | None = None,
    identify: bool = True,
    read: Sequence[str] = (),
    wait_ms: float = 100,
) -> Resolution | None:
    """What :func:`resolve` finds when the page shows exactly one element of the target
    right now (one count, no wait; with ``read``, one search that reads it too, waiting
    ``wait_ms`` at most); None otherwise (then :func:`resolve` waits and says)."""
    from playwright.sync_api import Error as PlaywrightError

    usable, target, reports = candidates_of(scope, target, extra, narrow)
    if read:
        try:
            (i, loc), look = found_and_read(usable, reports, read, identify, timeout=wait_ms)
        except (PlaywrightError, LookupError):
            return None
        return Resolution(loc, target[i], i, reports, mark=look.mark, seen=look)
    now = at_once(usable, reports, identify=identify)
    if now is None:
        return None
    if not identify:
        return Resolution(union([loc for _, loc in usable]), target[0], 0, reports)
    return Resolution(now[1], target[now[0]], now[0], reports)


def found_and_read(
    usable: Sequence[tuple[int, Locator]],
    reports: list[CandidateReport],
    read: Sequence[str],
    identify: bool,
    *,
    timeout: float,
) -> tuple[tuple[int, Locator], Look]:
    """The one element the candidates find (waiting up to ``timeout``), read (``read``),
    with the candidate that finds it first (``looks.read_first``); without ``identify``,
    the candidates' union. Playwright's errors come out as they are; LookupError if the
    element was gone before it could be traced to a candidate."""
    from ens_auto.flow.looks import read_first

    k, look = read_first([loc for _, loc in usable], read, identify=identify, timeout=timeout)
    if not identify:
        return (0, union([loc for _, loc in usable])), look
    if k is None:  # not said by the search: counted apart, as when there are many
        hit = first_finding(usable, reports)
        if hit is None:  # gone meanwhile: the usual way waits and says
            raise LookupError("l'élément lu n'est plus là")
        return hit, look
    return _found_by(usable, reports, k), look


def _found_by(
    usable: Sequence[tuple[int, Locator]], reports: list[CandidateReport], k: int
) -> tuple[int, Locator]:
    """The k-th candidate found the one element shown; those before it, nothing."""
    for j in range(k):
        reports[usable[j][0]].count = 0
    reports[usable[k][0]].count = 1
    return usable[k]


def candidates_of(
    scope: Page | Locator,
    target: Sequence[Candidate],
    extra: Sequence[tuple[Candidate, Locator]],
    narrow: Callable[[Locator], Locator] | None,
) -> tuple[list[tuple[int, Locator]], list[Candidate], list[CandidateReport]]:
    """Each candidate's locator (narrowed), the extra ones after; all the candidates; their
    reports."""
    usable = [(i, build_locator(scope, c)) for i, c in enumerate(target)]
    if narrow is not None:
        usable = [(i, narrow(loc)) for i, loc in usable]
    usable += [(len(target) + k, loc) for k, (_, loc) in enumerate(extra)]
    everything = [*target, *(c for c, _ in extra)]
    return usable, everything, [CandidateReport(c) for c in everything]


#: Candidates whose findings one count also tells apart (2^(k+2) elements of ``ens-bit``
#: for the k-th: a few hundred at most); with more, the first that finds is counted apart.
AT_ONCE_CANDIDATES = 6


def at_once(
    usable: Sequence[tuple[int, Locator]], reports: list[CandidateReport], *, identify: bool
) -> tuple[int, Locator] | None:
    """The one element the candidates designate right now, and the first candidate that
    finds it, in one count and no wait: how many elements their union finds, up to two
    (``ens-upto``: more than one is for the slow path to report), plus, for the k-th
    candidate that finds something, 2^(k+2) elements of ``ens-bit`` (``engines.py``).
    None: nothing shows yet, several elements do, or the count failed (the usual way
    waits, reports and says why)."""
    from playwright.sync_api import Error as PlaywrightError

    from ens_auto.flow.engines import BIT, UPTO

    parts = [union([loc for _, loc in usable]).locator(f"{UPTO}=2")]
    tells = identify and 1 < len(usable) <= AT_ONCE_CANDIDATES
    if tells:
        parts += [loc.locator(f"{BIT}={k + 2}") for k, (_, loc) in enumerate(usable)]
    try:
        total = union(parts).count()
    except PlaywrightError:
        return None
    if total & 3 != 1:
        return None
    if not identify:
        return usable[0]
    if len(usable) == 1:
        reports[usable[0][0]].count = 1
        return usable[0]
    if not tells:
        return first_finding(usable, reports)
    finds = total >> 2
    k = (finds & -finds).bit_length() - 1  # the lowest bit: the first that finds it
    return _found_by(usable, reports, k) if k >= 0 else None


def first_finding(
    usable: Sequence[tuple[int, Locator]], reports: list[CandidateReport]
) -> tuple[int, Locator] | None:
    """The first candidate that finds the one element shown (None: gone meanwhile)."""
    rest = list(usable)
    while rest:
        i, loc = rest[0]
        reports[i].count = loc.count()
        if reports[i].count:
            return i, loc
        rest = rest[1:]
        while len(rest) > 2:  # which half holds it?
            half = rest[: len(rest) // 2]
            rest = half if union([loc for _, loc in half]).count() else rest[len(half) :]
    return None


def count_all(
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


def present(scope: Page | Locator, targets: Sequence[Sequence[Candidate]]) -> list[int]:
    """Which of ``targets`` show a visible element right now (indexes, no waiting)."""
    return showing([union([build_locator(scope, c) for c in target]) for target in targets])


def showing(locs: Sequence[Locator]) -> list[int]:
    """Which of ``locs`` find an element: one count for up to eight of them (``ens-bit``,
    ``engines.py``), else (a Playwright without the runner's engines, a selector the page
    refuses) one count each, an invalid one counting as absent."""
    from playwright.sync_api import Error as PlaywrightError

    from ens_auto.flow.engines import BIT, BITS_PER_COUNT

    shown = []
    for start in range(0, len(locs), BITS_PER_COUNT):
        chunk = locs[start : start + BITS_PER_COUNT]
        if len(chunk) > 1:
            try:
                total = union([loc.locator(f"{BIT}={k}") for k, loc in enumerate(chunk)]).count()
            except PlaywrightError:
                total = None
            if total is not None:
                shown += [start + k for k in range(len(chunk)) if total >> k & 1]
                continue
        for k, loc in enumerate(chunk):
            try:
                if loc.count() > 0:
                    shown.append(start + k)
            except PlaywrightError:
                continue
    return shown


def any_visible(scope: Page | Locator, target: Sequence[Candidate]) -> bool:
    """True when some candidate shows a visible element right now (no waiting)."""
    return bool(present(scope, [target]))


def first_of(
    scope: Page | Locator, target: Sequence[Candidate]
) -> tuple[Locator, Candidate] | None:
    """The first candidate, in the flow's order, that shows exactly one visible element
    now (preference order, not a race: for what to press on an overlay, or where to look)."""
    from playwright.sync_api import Error as PlaywrightError

    for cand in target:
        loc = build_locator(scope, cand)
        try:
            if loc.count() == 1:
                return loc, cand
        except PlaywrightError:
            continue
    return None
