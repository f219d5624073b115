"""Candidate generation for one element, shared by the recorder and the repair.

From what an element says of itself (``describe.js``: role and accessible name, label,
placeholder, text, title, alt, test id, CSS ingredients) come candidates, best first
(Playwright's own priority). None holds a personal value: a text that may carry one drops
its candidate, and a label that ends with a person's name is cut before the name. Each
candidate (as recorded, part of the text, and its exact form) is then counted on the live
page: it is kept only if it finds one element, and that very element.

Entry point: :func:`candidates_for` (an element on a live page -> the checked candidates
to write, best first). The recorder uses the parts: :func:`raw_candidates`,
:func:`check_element` and :func:`select_checks`.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ens_auto.flow.candidates import CANDIDATE_KINDS, Candidate
from ens_auto.flow.locate import build_locator
from ens_auto.flow.recording.scripts import describe_script
from ens_auto.flow.recording.values import looks_personal
from ens_auto.identity import Detail

if TYPE_CHECKING:
    from playwright.sync_api import ElementHandle, Frame, Page


@dataclass
class CandidateCheck:
    """What one candidate gave on the live page."""

    candidate: Candidate
    count: int
    same_element: bool
    base: int = 0  # index of the raw candidate it is a variant of

    @property
    def ok(self) -> bool:
        """It finds one element, and that element is the one described."""
        return self.count == 1 and self.same_element


# ---------------------------------------------------------------------------- from a description


def order_candidates(candidates: Sequence[Candidate]) -> list[Candidate]:
    """Best first: role, label, placeholder, text, title, alt, testid, css (stable)."""
    return sorted(candidates, key=lambda c: CANDIDATE_KINDS.index(c.kind))


_GENERATED_PREFIX = re.compile(
    r"^(ember|yui|ext-gen|mui-|react-|radix-|headlessui-|ng-|j_id|gwt-|__)", re.IGNORECASE
)


def is_stable_id(value: str) -> bool:
    """An id worth writing down: not generated (no run of digits, no hash, no framework
    counter such as ``:r1:`` or ``ember123``)."""
    if not value or len(value) > 40 or not value[0].isalpha():
        return False
    if re.search(r"\d{2,}", value) or re.search(r"[:{}\s]", value):
        return False
    if _GENERATED_PREFIX.match(value):
        return False
    for part in re.split(r"[-_.]", value):
        digits = sum(ch.isdigit() for ch in part)
        if re.search(r"[A-Za-z]\d[A-Za-z]", part) or (digits >= 2 and len(part) >= 6):
            return False  # a hash-like part: a1b2c3, f7a9c2e
    return True


_CSS_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def _css_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _id_selector(value: str) -> str:
    return f"#{value}" if _CSS_IDENT.match(value) else f"[id={_css_string(value)}]"


def css_candidates(parts: Mapping[str, Any]) -> list[str]:
    """Stable CSS selectors for an element described by the page: its id (if stable), its
    ``name`` attribute (with the value of a radio or checkbox), a short nth-of-type path."""
    tag = str(parts.get("tag") or "*")
    found: list[str] = []
    if is_stable_id(str(parts.get("id") or "")):
        found.append(_id_selector(str(parts["id"])))
    name = str(parts.get("name") or "")
    if name and len(name) <= 40:
        selector = f"{tag}[name={_css_string(name)}]"
        value = str(parts.get("value") or "")
        if value and len(value) <= 40:
            selector += f"[value={_css_string(value)}]"
        found.append(selector)
    segments: list[str] = []
    for level, node in enumerate(parts.get("path") or []):
        node_tag, node_id, nth = str(node.get("tag")), str(node.get("id") or ""), node.get("nth")
        if level > 0 and is_stable_id(node_id):
            segments.append(_id_selector(node_id))
            break
        if node_tag in ("body", "html"):
            segments.append(node_tag)
            break
        segments.append(f"{node_tag}:nth-of-type({int(nth or 1)})")
        if len(segments) >= 4:
            break
    if len(segments) > 1:
        found.append(" > ".join(reversed(segments)))
    return found


#: Words after which the site writes a person's name (« Je certifie être le représentant
#: légal de Camille Martin. »): the name is cut off, the rest still matches (a part of it).
_BEFORE_A_NAME = re.compile(
    r"^(.*?\b(?:représentant légal de|représentante légale de|Bonjour|profil Mon espace "
    r"santé de))\s+\S.*$",
    re.IGNORECASE | re.DOTALL,
)


def short_name(text: str) -> str:
    """A long accessible name cut to its first words (candidates match a part of it), and
    never with the person's name that some labels end with."""
    named = _BEFORE_A_NAME.match(text)
    if named:
        text = named.group(1)
    if len(text) <= 80:
        return text
    return text[:60].rsplit(" ", 1)[0]


def raw_candidates(
    info: Mapping[str, Any], known: Mapping[str, Detail] | None = None
) -> list[Candidate]:
    """The candidates the page described for an element, ordered best first, without any
    that would write personal text down."""
    found: list[Candidate] = []

    def add(**kwargs: Any) -> None:
        texts = [v for k, v in kwargs.items() if isinstance(v, str) and k not in ("role", "css")]
        if any(looks_personal(t, known) for t in texts):
            return
        with contextlib.suppress(ValueError):
            found.append(Candidate(**kwargs))

    def short(value: str) -> str:  # personal text drops the candidate, before any cut
        return value if looks_personal(value, known) else short_name(value)

    role, name = str(info.get("role") or ""), str(info.get("name") or "")
    if role and name:
        add(role=role, name=short(name))
    for kind in ("label", "placeholder", "text", "title", "alt"):
        value = str(info.get(kind) or "")
        if value:
            add(**{kind: short(value)})
    if info.get("testid"):
        add(testid=str(info["testid"]))
    for selector in css_candidates(info.get("css") or {}):
        add(css=selector)
    return order_candidates(found)


def variants(candidate: Candidate) -> list[Candidate]:
    """A candidate as recorded (part of the name, case ignored) and its exact form."""
    if candidate.kind in ("testid", "css") or (candidate.kind == "role" and not candidate.name):
        return [candidate]
    return [candidate, candidate.model_copy(update={"exact": True})]


# ---------------------------------------------------------------------------- on the live page


def describe_element(element: ElementHandle) -> dict[str, Any]:
    """What the element says of itself (``describe.js``)."""
    return dict(element.evaluate(describe_script()))


def check_candidate(
    scope: Page | Frame, candidate: Candidate, element: ElementHandle, base: int = 0
) -> CandidateCheck:
    """Count ``candidate`` on the page and tell whether its one match is ``element``."""
    from playwright.sync_api import Error as PlaywrightError

    locator = build_locator(scope, candidate)  # type: ignore[arg-type]
    try:
        count = locator.count()
    except PlaywrightError:
        return CandidateCheck(candidate, 0, False, base)
    same = False
    if count == 1:
        try:
            same = bool(locator.evaluate("(el, t) => el === t", element, timeout=2000))
        except PlaywrightError:
            same = False
    return CandidateCheck(candidate, count, same, base)


def check_element(
    scope: Page | Frame,
    element: ElementHandle,
    info: Mapping[str, Any],
    known: Mapping[str, Detail] | None = None,
) -> list[CandidateCheck]:
    """Every candidate of the described element, in both forms, counted on the page."""
    checks: list[CandidateCheck] = []
    for base, candidate in enumerate(raw_candidates(info, known)):
        for variant in variants(candidate):
            checks.append(check_candidate(scope, variant, element, base))
    return checks


#: At most this many candidates by name, then one CSS selector.
MOST_NAMED = 3


def select_checks(
    checks: Sequence[CandidateCheck], *, exact_only: bool = False
) -> list[CandidateCheck]:
    """The candidates worth writing, best first: of each raw candidate, the form that
    found the element alone (part of the text if it does, else the exact text; only the
    exact text with ``exact_only``, for an irreversible step); at most three by name and
    one CSS selector."""
    chosen: list[CandidateCheck] = []
    by_base: dict[int, list[CandidateCheck]] = {}
    for check in checks:
        by_base.setdefault(check.base, []).append(check)
    for forms in by_base.values():
        loose = [c for c in forms if c.candidate.exact is None and c.ok]
        strict = [c for c in forms if c.candidate.exact and c.ok]
        kind = forms[0].candidate.kind
        if kind in ("css", "testid"):
            chosen += loose[:1]
        elif exact_only or not loose:
            chosen += strict[:1]
        else:
            chosen += loose[:1]
    named = [c for c in chosen if c.candidate.kind != "css"][:MOST_NAMED]
    css = [c for c in chosen if c.candidate.kind == "css"][:1]
    return named + css


def candidates_for(
    page: Page,
    element: ElementHandle,
    known: Mapping[str, Detail] | None = None,
    *,
    exact_only: bool = False,
    info: Mapping[str, Any] | None = None,
) -> list[CandidateCheck]:
    """The candidates to write for ``element`` on ``page``, best first, each checked to
    find exactly that element (``check.ok``), none holding a personal value (``known``: the
    person's details, never written). Empty when nothing finds it alone. ``exact_only``
    for an irreversible step; ``info``: the element's description if already made."""
    described = dict(info) if info is not None else describe_element(element)
    return select_checks(check_element(page, element, described, known), exact_only=exact_only)
