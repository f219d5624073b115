"""The runner's own selector engines (``js/engines.js``), registered once per Playwright
(:func:`register`, by :data:`~ens_auto.flow.driver.PLAYWRIGHT`). Playwright runs them in its
isolated world, never in the page's: what they read cannot be changed by the site's
scripts, and reading costs nothing in the page's own world.

- ``ens-look``, ``ens-mark``, ``ens-safe``: read an element before acting, act on that very
  element, check it again as the act searches (``looks.py``).
- ``ens-bit``, ``ens-upto``: which of several targets show, how many elements up to a cap,
  in one count (``locate.py``).
- ``ens-tag``: which of a target's candidates found the element ``ens-look`` reads
  (``looks.py``).
- ``ens-overlays-<key>``, one per set of declared overlays (:func:`overlay_engine`): the
  check Playwright makes before every action and every poll of a wait, in one short
  search (``js/overlay_engine.js``, ``overlays.py``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from ens_auto.flow.js import script

if TYPE_CHECKING:
    from ens_auto.flow.model import Overlay

LOOK = "ens-look"
MARK = "ens-mark"
SAFE = "ens-safe"
BIT = "ens-bit"
UPTO = "ens-upto"
TAG = "ens-tag"
#: Targets told apart by one count of ``ens-bit`` (2^k elements for the k-th).
BITS_PER_COUNT = 8
#: What ``ens-mark`` says when the page removed the element (``js/engines.js``).
MARK_GONE = "ens-mark: element gone"

#: What ``ens-look`` can read, and the script (``js/``) that reads it.
PARTS = {
    "describe": "describe_element",
    "kind": "choice_kind",
    "hit": "hit_by_click",
    "errors": "page_errors",
    "focused": "has_focus",
}

#: The scripts each engine needs.
_NEEDS = {
    LOOK: tuple(PARTS),
    MARK: (),
    SAFE: ("describe",),
    BIT: (),
    UPTO: (),
    TAG: (),
}
_COMMENT_LINE = re.compile(r"^\s*//.*\n", re.MULTILINE)


@cache
def source(name: str) -> str:
    """The engine's script: the factory of ``js/engines.js`` given the readers it needs
    (comment lines left out: every new page compiles it)."""
    from ens_auto.flow.watch import SITE_ERRORS

    readers = ",\n".join(f"{part}: {_code(PARTS[part])}" for part in _NEEDS[name])
    which = name.removeprefix("ens-")
    return f"({_code('engines')})({{\n{readers}\n}}, {json.dumps(SITE_ERRORS)}).{which}"


def _code(file: str) -> str:
    """A script of ``js/`` without its comment lines."""
    return _COMMENT_LINE.sub("", script(file)).strip()


def _register(playwright: Any, name: str, code: str) -> None:
    """Register one engine (once: registered already is fine)."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        playwright.selectors.register(name, code, content_script=True)
    except PlaywrightError as exc:
        if "already registered" not in str(exc):
            raise


def register(playwright: Any) -> None:
    """Make the engines known to ``playwright`` (for the contexts opened afterwards)."""
    for name in _NEEDS:
        _register(playwright, name, source(name))


def unknown_engine(exc: Exception) -> bool:
    """The error of a Playwright where the engines are not registered."""
    text = str(exc)
    return any(name in text for name in _NEEDS) and "nknown engine" in text


def overlay_spec(overlays: Sequence[Overlay]) -> list[dict[str, str]] | None:
    """What ``js/overlay_engine.js`` looks for: each ``present`` candidate as a CSS selector
    or a role, with its name and its text as regular expressions (never anchored: the
    engine answers for more, never less). None when a candidate is of another kind (a
    label, a text...): the overlays are then checked with their own locators."""
    spec: list[dict[str, str]] = []
    for overlay in overlays:
        for cand in overlay.present:
            if cand.css is not None and cand.role is None:
                item = {"css": str(cand.css)}
            elif cand.role is not None:
                item = {"role": cand.role}
                if cand.name is not None:
                    item["name"] = cand.name.source(False)
            else:
                return None
            if cand.has_text is not None:
                item["has_text"] = cand.has_text.source()
            spec.append(item)
    return spec


def overlay_engine(playwright: Any, overlays: Sequence[Overlay]) -> str | None:
    """Register (once) the engine made for these overlays; its name, or None where they
    cannot be checked that way."""
    spec = overlay_spec(overlays)
    if not spec:
        return None
    data = json.dumps(spec, ensure_ascii=False, sort_keys=True)
    name = "ens-overlays-" + hashlib.sha1(data.encode()).hexdigest()[:12]
    _register(playwright, name, f"({_code('overlay_engine')})({data})")
    return name
