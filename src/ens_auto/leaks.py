"""Personal data where there should be none: the one leak check of the tests (journal,
run folders, proofs, output) and of ``ens-auto flows export`` (a flow a person sends).

Two searches:
- :func:`find_secrets`: given values (a NIR, a code, a serial, a password...) in every
  spelling a person or a page may give them (spaced like the card, dotted, lower case),
  in bytes as UTF-8 and as UTF-16 (a PDF, a SQLite file, a trace);
- :func:`find_shapes`: what has the shape of personal data even when nobody said which:
  a NIR with a valid key, a code provisoire, a long run of digits (serial, card number),
  an e-mail address, a phone number, a birth date, a person's name from the replica's
  fixtures (or any names given).

A :class:`Leak` says what kind of data and where (a line), never the value itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache

from ens_auto.flow.texts import fold
from ens_auto.identity import NIR_SHAPE, nir_key

#: Kinds of personal data, as a person reads them.
NIR = "numéro de sécurité sociale"
CODE = "code provisoire"
DIGITS = "longue suite de chiffres (numéro de série, de carte...)"
EMAIL = "adresse e-mail"
PHONE = "numéro de téléphone"
BIRTH_DATE = "date de naissance"
NAME = "nom d'une personne"


@dataclass(frozen=True)
class Leak:
    """Personal data found: its kind (French), where (« ligne 12 »), and for a given value
    the name it was given (« NIR »)."""

    kind: str
    where: str
    what: str = ""

    def __str__(self) -> str:
        named = f" ({self.what})" if self.what and self.what != self.kind else ""
        return f"{self.kind}{named}, {self.where}"


# ---------------------------------------------------------------------------- given values


def spellings(value: str) -> set[str]:
    """``value`` as typed, lower case, and as it is often written: a NIR grouped like
    the card (``1 78 11 2A 004 123 10``, with spaces, dots or dashes), a code by groups of
    four, every character spaced."""
    forms = {value, value.lower(), value.upper()}
    packed = re.sub(r"[\s.\-]", "", value)
    forms.add(packed)
    if re.fullmatch(r"[12]\d{4}(\d{2}|2[AB])\d{8}", packed.upper()):
        v = packed.upper()
        groups = [v[0], v[1:3], v[3:5], v[5:7], v[7:10], v[10:13], v[13:15]]
        forms |= {sep.join(groups) for sep in (" ", ".", "-")}
    if len(packed) == 12 and packed.isalnum():
        groups = [packed[0:4], packed[4:8], packed[8:12]]
        forms |= {sep.join(groups) for sep in (" ", "-")}
    if len(packed) >= 6:
        forms.add(" ".join(packed))
    return {f for f in forms if f}


def _line_of(text: str, index: int) -> str:
    return f"ligne {text.count(chr(10), 0, index) + 1}"


def find_secrets(data: str | bytes, secrets: Mapping[str, str]) -> list[Leak]:
    """Each given value (name -> value) found in ``data`` in any of its spellings; in
    bytes, as UTF-8 (or ASCII) and as UTF-16."""
    found: list[Leak] = []
    for what, secret in secrets.items():
        if not secret:
            continue
        for form in sorted(spellings(secret)):
            if isinstance(data, str):
                at = data.lower().find(form.lower())  # a text: case ignored
                if at >= 0:
                    found.append(Leak(what, _line_of(data, at), what))
                continue
            for encoding in ("utf-8", "utf-16-le"):
                at = data.find(form.encode(encoding))
                if at >= 0:
                    where = f"octet {at}" + (" (UTF-16)" if encoding != "utf-8" else "")
                    found.append(Leak(what, where, what))
    return _unique(found)


# ---------------------------------------------------------------------------- shapes

_EDGE_L = r"(?<![0-9A-Za-z])"
_EDGE_R = r"(?![0-9A-Za-z])"
_CODE_PACKED = re.compile(_EDGE_L + r"(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z0-9]{12}" + _EDGE_R)
_CODE_GROUPED = re.compile(_EDGE_L + r"([A-Za-z0-9]{4})[ \-]([A-Za-z0-9]{4})[ \-]([A-Za-z0-9]{4})")
_DIGIT_RUN = re.compile(_EDGE_L + r"\d(?: ?\d){7,}" + _EDGE_R)
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_PHONE = re.compile(_EDGE_L + r"(?:\+33[ .]?|0)[1-9](?:[ .\-]?\d{2}){4}" + _EDGE_R)
_DATE = re.compile(_EDGE_L + r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})" + _EDGE_R)


def _mixed(text: str) -> bool:
    return any(c.isdigit() for c in text) and any(c.isalpha() for c in text)


def _is_nir(candidate: str) -> bool:
    packed = re.sub(r"[\s.\-]", "", candidate).upper()
    try:
        return len(packed) == 15 and nir_key(packed[:13]) == int(packed[13:])
    except ValueError:
        return False


def _is_birth_date(day: str, month: str, year: str) -> bool:
    try:
        when = date(int(year), int(month), int(day))
    except ValueError:
        return False
    return 1900 <= when.year <= date.today().year


@cache
def replica_names() -> tuple[str, ...]:
    """The full names of the replica's fake persons and accounts."""
    from ens_auto.replica.identities import load_identities

    people = load_identities()
    return tuple(p.nom_complet for p in [*people.persons, *people.accounts])


def _name_patterns(names: Iterable[str]) -> list[re.Pattern[str]]:
    """A full name in either order (« Camille Martin », « MARTIN Camille »), folded."""
    patterns = []
    for name in names:
        words = fold(name).replace("-", " ").split()
        if len(words) < 2:
            continue
        for order in (words, [*words[-1:], *words[:-1]]):
            body = r"[\s\-]+".join(re.escape(w) for w in order)
            patterns.append(re.compile(rf"(?<!\w){body}(?!\w)"))
    return patterns


def find_shapes(text: str, *, names: Iterable[str] | None = None) -> list[Leak]:
    """What has the shape of personal data in ``text`` (see the module's docstring).
    ``names``: full names to look for (default: the replica's fake persons)."""
    found: list[Leak] = []
    for match in NIR_SHAPE.finditer(text):
        if _is_nir(match.group(0)):
            found.append(Leak(NIR, _line_of(text, match.start())))
    for match in _CODE_PACKED.finditer(text):
        found.append(Leak(CODE, _line_of(text, match.start())))
    for match in _CODE_GROUPED.finditer(text):
        groups = match.groups()
        digits = sum(c.isdigit() for c in "".join(groups))
        if any(_mixed(g) for g in groups) and 3 <= digits <= 9:
            found.append(Leak(CODE, _line_of(text, match.start())))
    for match in _DIGIT_RUN.finditer(text):
        if not _is_nir(match.group(0)):
            found.append(Leak(DIGITS, _line_of(text, match.start())))
    for pattern, kind in ((_EMAIL, EMAIL), (_PHONE, PHONE)):
        found += [Leak(kind, _line_of(text, m.start())) for m in pattern.finditer(text)]
    for match in _DATE.finditer(text):
        if _is_birth_date(*match.groups()):
            found.append(Leak(BIRTH_DATE, _line_of(text, match.start())))
    patterns = _name_patterns(replica_names() if names is None else names)
    if patterns:
        for number, line in enumerate(text.splitlines(), 1):
            folded = fold(line)
            if any(p.search(folded) for p in patterns):
                found.append(Leak(NAME, f"ligne {number}"))
    return _unique(found)


def find_leaks(
    data: str | bytes,
    secrets: Mapping[str, str] | None = None,
    *,
    shapes: bool = True,
    names: Iterable[str] | None = None,
) -> list[Leak]:
    """Everything :func:`find_secrets` and (with ``shapes``, on text) :func:`find_shapes`
    find in ``data``."""
    found = find_secrets(data, secrets or {})
    if shapes:
        text = data if isinstance(data, str) else data.decode("utf-8", errors="replace")
        found += find_shapes(text, names=names)
    return _unique(found)


def _unique(leaks: list[Leak]) -> list[Leak]:
    return list(dict.fromkeys(leaks))


def describe(leaks: Iterable[Leak]) -> str:
    """« numéro de sécurité sociale (ligne 12) ; adresse e-mail (ligne 40) »."""
    return " ; ".join(str(leak) for leak in leaks)
