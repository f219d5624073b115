"""Conditions on a page: waiting until they hold, or telling whether they hold now."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from ens_auto.errors import EnsAutoError
from ens_auto.flow.candidates import Candidate, Condition
from ens_auto.flow.locate import (
    CandidateReport,
    LocateError,
    any_visible,
    build_locator,
    count_all,
    union,
)
from ens_auto.flow.waits import Watch, resolve, wait_any

if TYPE_CHECKING:
    from playwright.sync_api import Page


class ConditionFailed(EnsAutoError):
    """The page is not the one a condition describes (the message says what differs)."""


def page_text(page: Page, timeout_ms: float = 2000) -> str:
    try:
        return page.locator("body").inner_text(timeout=timeout_ms)
    except Exception:
        return ""


def holds_now(page: Page, cond: Condition) -> bool:
    """Whether ``cond`` holds right now (no waiting)."""
    if cond.url is not None and cond.url not in page.url:
        return False
    if cond.text is not None and not any_visible(page, [Candidate(text=cond.text)]):
        return False
    for target in (cond.visible, cond.checked):
        if target and not any_visible(page, target):
            return False
    if cond.checked and not _is_checked(page, cond.checked):
        return False
    if cond.hidden and any_visible(page, cond.hidden):
        return False
    return not (cond.text_absent is not None and cond.text_absent.found_in(page_text(page)))


def trigger(page: Page, cond: Condition) -> list[Candidate]:
    """What shows on the page when ``cond`` holds (to race it), if it can be seen."""
    out: list[Candidate] = []
    if cond.text is not None:
        out.append(Candidate(text=cond.text))
    if cond.visible:
        out.extend(cond.visible)
    return out


def _is_checked(page: Page, target: list[Candidate]) -> bool:
    for cand in target:
        loc = build_locator(page, cand)
        try:
            if loc.count() == 1 and loc.is_checked():
                return True
        except Exception:
            continue
    return False


def wait_condition(
    page: Page, cond: Condition, *, timeout_ms: float, what: str, watch: Watch | None
) -> None:
    """Wait until every key of ``cond`` holds; :class:`ConditionFailed` after the time.

    What must show (text, visible, checked) is raced with the watch; what must be gone
    (hidden, text_absent) and the address are then waited for in the time left, so that a
    page still changing (a single-page application) is given its moment."""
    deadline = time.monotonic() + timeout_ms / 1000

    def left() -> float:
        return max((deadline - time.monotonic()) * 1000, 1)

    if cond.url is not None:
        try:
            page.wait_for_url(lambda u: cond.url in u, timeout=left(), wait_until="commit")
        except Exception:
            raise ConditionFailed(
                f"La page attendue n'est pas affichée (adresse sans « {cond.url} »)."
            ) from None
    if _holds_at_once(page, cond):
        return
    if cond.text is not None:
        resolve_text(page, cond, left(), what, watch)
    if cond.visible:
        _shows_or_fail(page, cond.visible, left(), what, watch)
    if cond.checked:
        res = _resolve_or_fail(page, cond.checked, left(), what, watch)
        if not res.locator.is_checked():
            raise ConditionFailed(f"« {res.candidate.describe()} » n'est pas coché(e).")
    if cond.hidden:
        gone = union([build_locator(page, c) for c in cond.hidden])
        while gone.count() > 0:
            if time.monotonic() >= deadline:
                raise ConditionFailed(
                    "Un élément qui ne devait pas être là est affiché. Arrêt par prudence."
                )
            page.wait_for_timeout(50)
    if cond.text_absent is not None:
        while True:
            text = page_text(page)
            found = cond.text_absent.found_in(text)
            if not found:
                if text:
                    break
                raise ConditionFailed("Le texte de la page n'a pas pu être lu.")
            if time.monotonic() >= deadline:
                raise ConditionFailed(
                    f"Texte inattendu sur la page : « {found} ». Arrêt par prudence."
                )
            page.wait_for_timeout(100)


def _holds_at_once(page: Page, cond: Condition) -> bool:
    """Most often the page shows already what a condition describes: then one count says so
    (the page's root element that has what must show and not what must be gone), no wait.
    False otherwise, or for a condition with a part this cannot tell (checked, text_absent):
    then each part is waited for in turn, and the one that fails is said."""
    from playwright.sync_api import Error as PlaywrightError

    if cond.checked or cond.text_absent is not None:
        return False
    root = page.locator(":root")
    shows = [[Candidate(text=cond.text)] if cond.text is not None else [], cond.visible or []]
    for target in shows:
        if target:
            root = root.filter(has=union([build_locator(page, c) for c in target]))
    if cond.hidden:
        root = root.filter(has_not=union([build_locator(page, c) for c in cond.hidden]))
    try:
        return root.count() == 1
    except PlaywrightError:
        return False


def resolve_text(
    page: Page, cond: Condition, timeout_ms: float, what: str, watch: Watch | None
) -> None:
    """Wait for the condition's text to show (any alternative, anywhere on the page)."""

    assert cond.text is not None
    try:
        shown = wait_any(page, [[Candidate(text=cond.text)]], timeout_ms=timeout_ms, watch=watch)
    except LocateError as exc:
        raise ConditionFailed(exc.message) from None
    if not shown:
        raise ConditionFailed(f"Texte attendu absent de la page : {cond.text.describe()}.")


def _shows_or_fail(
    page: Page, target: list[Candidate], timeout_ms: float, what: str, watch: Watch | None
) -> None:
    """Wait until the target shows: one element or several (a status may be both a heading
    and a badge); looking is not acting, so several is no ambiguity here."""
    try:
        shown = wait_any(page, [target], timeout_ms=timeout_ms, watch=watch)
    except LocateError as exc:
        raise ConditionFailed(exc.message) from None
    if not shown:
        reports = [CandidateReport(c) for c in target]
        count_all([(i, build_locator(page, c)) for i, c in enumerate(target)], reports)
        raise LocateError(
            f"Introuvable sur la page : {what} (aucun des {len(target)} repères ne "
            f"correspond, après {timeout_ms / 1000:.0f} s).",
            reports,
        )


def _resolve_or_fail(
    page: Page, target: list[Candidate], timeout_ms: float, what: str, watch: Watch | None
):  # type: ignore[no-untyped-def]
    return resolve(page, target, timeout_ms=timeout_ms, what=what, watch=watch)
