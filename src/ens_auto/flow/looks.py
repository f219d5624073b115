"""What the runner reads on an element just before acting on it, in one search.

The element a target found is read (what it says of itself, what kind of control it is,
who would receive a click on it, the page's error messages) by a selector engine that
Playwright runs in its own isolated world (``engines.py``): ``<target> >> ens-look=describe
kind``; the act goes back to that very element (``ens-mark``). The act is guarded by
``ens-safe=press``, which finds the element only if nothing it says
speaks of activating: the act's own search checks again, at the moment of the act.

Why not an element handle and an evaluation on it: either has Playwright install its
script (a third of a megabyte) in the page's own world, on every new page; on two cores
that cost a run about a tenth of its time. Where the engines are not registered (a
Playwright that did not go through :data:`~ens_auto.flow.driver.PLAYWRIGHT`), the element
is held and read the former way, with the same scripts.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from ens_auto.flow.engines import LOOK, MARK, MARK_GONE, PARTS, TAG, unknown_engine
from ens_auto.flow.js import script

if TYPE_CHECKING:
    from playwright.sync_api import Locator

    from ens_auto.flow.locate import Resolution


@dataclass
class Look:
    """What was read on the element (None: not asked for)."""

    describe: dict[str, Any] | None = None
    kind: str | None = None
    hit: str | None = None
    errors: list[str] | None = None
    focused: bool | None = None
    #: Read by the engines: the element is remembered under this number (``ens-mark``),
    #: and the act can be guarded by ``ens-safe`` too.
    mark: int | None = None
    #: Which of the target's candidates found it (:func:`read_first`).
    tag: int | None = None
    by_engine: bool = False

    def lacks(self, parts: Iterable[str]) -> list[str]:
        return [p for p in PARTS if p in parts and getattr(self, p) is None]

    def merged(self, other: Look) -> Look:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        for name in PARTS:
            if getattr(other, name) is not None:
                values[name] = getattr(other, name)
        values["by_engine"] = self.by_engine or other.by_engine
        values["mark"] = other.mark if other.mark is not None else self.mark
        return Look(**values)


def read(res: Resolution, parts: Iterable[str], *, timeout: float) -> Look:
    """Read ``parts`` on the element ``res`` found (exactly one: else Playwright's strict
    mode error)."""
    from playwright.sync_api import Error as PlaywrightError

    wanted = [p for p in PARTS if p in set(parts)]
    if not wanted:
        return Look()
    if res.handle is None:
        base = res.locator
        if res.mark is not None:  # the element read last: again, without a search
            base = base.page.locator(f"{MARK}={res.mark}")
        try:
            text = base.locator(f"{LOOK}={' '.join(wanted)}").text_content(timeout=timeout)
        except PlaywrightError as exc:
            if MARK_GONE in str(exc):
                res.mark = None  # the page replaced it: the search finds it again
                return read(res, wanted, timeout=timeout)
            if not unknown_engine(exc):
                raise
        else:
            look = Look(**json.loads(text or "{}"), by_engine=True)
            res.mark = look.mark  # the act goes to this very element (ens-mark)
            return look
    return _read_held(res, wanted, timeout=timeout)


def read_first(
    candidates: Sequence[Locator], parts: Iterable[str], *, identify: bool, timeout: float
) -> tuple[int | None, Look]:
    """Find and read in one search: waits up to ``timeout`` for exactly one element among
    what ``candidates`` find, reads ``parts`` on it as :func:`read` does, and says which
    candidate (its position, with ``identify``; else 0; None if the search did not say)
    found it first. Playwright's errors come out as they are: a timeout, several elements
    (strict mode), engines unknown."""
    from ens_auto.flow.locate import union

    wanted = [p for p in PARTS if p in set(parts)]
    tagged = identify and len(candidates) > 1
    if tagged:
        candidates = [loc.locator(f"{TAG}={k}") for k, loc in enumerate(candidates)]
        wanted.append("tag")
    body = " ".join(wanted)
    text = union(candidates).locator(f"{LOOK}={body}").text_content(timeout=timeout)
    look = Look(**json.loads(text or "{}"), by_engine=True)
    return (look.tag if tagged else 0), look


def _read_held(res: Resolution, wanted: list[str], *, timeout: float) -> Look:
    """The former way: the element held, each part an evaluation on it."""
    from ens_auto.flow.watch import page_errors

    if res.handle is None:
        res.handle = res.locator.element_handle(timeout=timeout)
    handle = res.handle
    values: dict[str, Any] = {}
    for part in wanted:
        if part == "errors":
            values[part] = page_errors(res.locator.page)
        else:
            values[part] = handle.evaluate(script(PARTS[part]))
    return Look(**values)
