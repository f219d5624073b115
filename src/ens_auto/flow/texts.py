"""Texts matched by meaning: several alternatives, case- and accent-insensitive.

A flow names what it looks for on a page with *texts*: a plain string, a list of
alternatives, or ``{known: [...], guess: [...]}`` where ``known`` are the words
SITE.md documents and ``guess`` the ones nobody could check. Each alternative is either
plain text (found anywhere in the element's text: « enregistree » finds « a bien été
enregistrée ») or a regular expression between slashes (``/d[ée]j[àa].{0,40}oppos/``).

Everything compiles to one regular expression that Playwright runs in the page (its
``get_by_text``, ``get_by_role(name=...)``, ``get_by_label``... accept one) and that Python
runs on a page's text: the syntax used is common to Python and JavaScript.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

#: Letters and their accented forms (French), folded both ways.
_FOLD = {
    "a": "aàâäáã",
    "c": "cç",
    "e": "eéèêë",
    "i": "iîïí",
    "o": "oôöó",
    "u": "uùûüú",
    "y": "yÿ",
    "n": "nñ",
}
_BASE = {accented: base for base, forms in _FOLD.items() for accented in forms}
_APOSTROPHES = "'’ʼ‘`´"
_DASHES = "-‐‑‒–—"
_JS_SPECIAL = set("\\^$.|?*+()[]{}/")


def fold(text: str) -> str:
    """Lower case, accents removed, apostrophes and dashes unified, spaces folded."""
    text = unicodedata.normalize("NFC", text).lower()
    out = []
    for ch in text:
        if ch in _APOSTROPHES:
            out.append("'")
        elif ch in _DASHES:
            out.append("-")
        else:
            out.append(_BASE.get(ch, ch))
    return " ".join("".join(out).split())


def _letter_class(ch: str) -> str | None:
    base = _BASE.get(ch.lower())
    return _FOLD[base] if base else None


def plain_pattern(text: str) -> str:
    """A plain text as a pattern: accents and case free, any run of spaces, any
    apostrophe, any dash."""
    parts: list[str] = []
    pending_space = False
    for ch in unicodedata.normalize("NFC", text.strip()):
        if ch.isspace():
            pending_space = True
            continue
        if pending_space:
            parts.append(r"\s+")
            pending_space = False
        forms = _letter_class(ch)
        if forms:
            parts.append(f"[{forms}]")
        elif ch in _APOSTROPHES:
            parts.append(f"[{_APOSTROPHES}]")
        elif ch in _DASHES:
            parts.append(f"[{_DASHES}]")
        elif ch in _JS_SPECIAL:
            parts.append("\\" + ch)
        else:
            parts.append(ch)
    return "".join(parts)


def fold_regex(source: str) -> str:
    """A regular expression made accent-free: each letter that has accented forms, outside
    escapes, becomes the class of its forms (inside a class, its forms are added)."""
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(source):
        ch = source[i]
        if ch == "\\" and i + 1 < len(source):
            out.append(source[i : i + 2])
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
                out.append(ch)
            else:
                forms = _letter_class(ch)
                out.append(forms if forms else ch)
        elif ch == "[":
            in_class = True
            out.append(ch)
        elif ch == " ":
            while i + 1 < len(source) and source[i + 1] == " ":
                i += 1
            out.append(r"\s+")  # any run of spaces, as in the page
        else:
            forms = _letter_class(ch)
            if forms:
                out.append(f"[{forms}]")
            elif ch in _APOSTROPHES:
                out.append(f"[{_APOSTROPHES}]")
            else:
                out.append(ch)
        i += 1
    return "".join(out)


def is_regex(item: str) -> bool:
    """Whether a text alternative is a /regular expression/."""
    return len(item) > 2 and item.startswith("/") and item.endswith("/")


def check_alternative(item: str) -> str:
    """An alternative as written in a flow: non-empty; a /regex/ must compile."""
    if not item.strip():
        raise ValueError("un texte est vide")
    if is_regex(item):
        try:
            re.compile(fold_regex(item[1:-1]))
        except re.error as exc:
            raise ValueError(f"expression régulière invalide {item} : {exc}") from None
    return item


@dataclass(frozen=True)
class Texts:
    """Alternatives, each known (from SITE.md) or guessed."""

    known: tuple[str, ...] = ()
    guess: tuple[str, ...] = ()

    @classmethod
    def parse(cls, value: Any) -> Texts:
        """From a flow: a string, a list of strings, or ``{known: [...], guess: [...]}``."""
        if isinstance(value, Texts):
            return value
        if isinstance(value, str):
            return cls(known=(), guess=(check_alternative(value),))
        if isinstance(value, list | tuple):
            return cls(guess=tuple(check_alternative(_as_str(v)) for v in value))
        if isinstance(value, dict):
            extra = set(value) - {"known", "guess"}
            if extra:
                raise ValueError(
                    "un texte est une chaîne, une liste, ou {known: [...], guess: [...]} "
                    f"(clé inconnue : {', '.join(sorted(extra))})"
                )
            known = _as_list(value.get("known"))
            guess = _as_list(value.get("guess"))
            if not known and not guess:
                raise ValueError("texte sans aucune variante (known ou guess)")
            return cls(
                known=tuple(check_alternative(v) for v in known),
                guess=tuple(check_alternative(v) for v in guess),
            )
        raise ValueError("un texte est une chaîne, une liste, ou {known: [...], guess: [...]}")

    @property
    def alternatives(self) -> tuple[str, ...]:
        return self.known + self.guess

    def sources(self, exact: bool = False) -> list[str]:
        out = []
        for item in self.alternatives:
            body = fold_regex(item[1:-1]) if is_regex(item) else plain_pattern(item)
            if exact and not is_regex(item):
                body = rf"^\s*{body}\s*$"
            out.append(body)
        return out

    def pattern(self, exact: bool = False) -> re.Pattern[str]:
        """One case-insensitive pattern for all alternatives (Python and JS compatible)."""
        return _pattern_of(self, exact)

    def source(self, exact: bool = False) -> str:
        """The source of :meth:`pattern`, not compiled (for a script in the page)."""
        return _joined(self.sources(exact))

    @cached_property
    def _search(self) -> re.Pattern[str]:
        return self.pattern()

    def found_in(self, text: str) -> str | None:
        """The first alternative found in ``text`` (None: none is)."""
        for item, source in zip(self.alternatives, self.sources(), strict=True):
            if re.search(source, text, re.IGNORECASE):
                return item
        return None

    def is_known(self, item: str) -> bool:
        return item in self.known

    def describe(self, most: int = 3) -> str:
        """« a » | « b » | « c » (+2): the first alternatives, for messages and logs."""
        shown = " | ".join(f"« {a} »" for a in self.alternatives[:most])
        more = len(self.alternatives) - most
        return shown + (f" (+{more})" if more > 0 else "")

    def dump(self) -> Any:
        """Back to the flow file's form."""
        if not self.known and len(self.guess) == 1:
            return self.guess[0]
        if not self.known:
            return list(self.guess)
        data: dict[str, Any] = {"known": list(self.known)}
        if self.guess:
            data["guess"] = list(self.guess)
        return data

    def render(self, replace: Any) -> Texts:
        """The same texts with ``replace(item)`` applied to each alternative."""
        return Texts(tuple(replace(v) for v in self.known), tuple(replace(v) for v in self.guess))


def _as_str(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("chaque variante d'un texte est une chaîne")
    return value


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [_as_str(v) for v in value]
    raise ValueError("known et guess sont des listes de chaînes")


@lru_cache(maxsize=4096)
def _pattern_of(texts: Texts, exact: bool) -> re.Pattern[str]:
    return _compile(tuple(texts.sources(exact)))


_CACHE: dict[tuple[str, ...], re.Pattern[str]] = {}


def _joined(sources: Sequence[str]) -> str:
    return sources[0] if len(sources) == 1 else "|".join(f"(?:{s})" for s in sources)


def _compile(sources: Sequence[str]) -> re.Pattern[str]:
    key = tuple(sources)
    pattern = _CACHE.get(key)
    if pattern is None:
        pattern = re.compile(_joined(sources), re.IGNORECASE)
        _CACHE[key] = pattern
    return pattern


def any_found(texts: Iterable[Texts], text: str) -> bool:
    return any(t.found_in(text) for t in texts)
