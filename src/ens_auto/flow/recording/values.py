"""What a typed value is: the placeholder it becomes (``{{ nir }}``...), or free text; and
whether a text or an address may carry a personal value (then it is never written)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import parse_qsl, urlencode, urlsplit

from ens_auto.identity import INPUTS, Detail, DetailError, Scrubber, parse_detail

_SEPARATORS = re.compile(r"[\s.\-/]+")
_CODE_SHAPE = re.compile(r"^(?=.*[A-Za-z])(?=.*\d)[A-Za-z0-9]{12}$")
_SERIAL_SHAPE = re.compile(r"^\d{8,13}$")
_OTP_SHAPE = re.compile(r"^\d{6}$")
_DATE_SHAPE = re.compile(r"^\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4}$")

#: The one-time code is asked during each run (a ``prompt`` step), never kept.
ONE_TIME_CODE = "code_usage_unique"
ONE_TIME_QUESTION = "Code à usage unique (6 chiffres, reçu par SMS ou e-mail)"


def compact(value: str) -> str:
    """``value`` without the separators people type between groups, upper case."""
    return _SEPARATORS.sub("", value or "").upper()


def _parses(name: str, value: str) -> bool:
    try:
        parse_detail(name, value)
    except DetailError:
        return False
    return True


def classify_value(
    value: str,
    *,
    input_type: str = "",
    autocomplete: str = "",
    known: Mapping[str, Detail] | None = None,
) -> str | None:
    """The placeholder a typed value becomes (``nir``, ``code_provisoire``,
    ``carte_vitale_serie``, ``date_naissance``, ``mot_de_passe``, a known detail's name,
    or ``code_usage_unique`` for a one-time code), or None for other text."""
    if input_type.lower() == "password":
        return "mot_de_passe"
    text = (value or "").strip()
    if "one-time-code" in autocomplete.lower():
        return ONE_TIME_CODE
    if not text:
        return None
    packed = compact(text)
    for name, detail in (known or {}).items():
        spec = INPUTS.get(name)
        if (spec is not None and spec.yes_no) or len(detail.value) < 2:
            continue
        if packed == compact(detail.value):
            return name
    if _OTP_SHAPE.match(packed):
        return ONE_TIME_CODE
    if len(packed) == 15 and _parses("nir", text):
        return "nir"
    if _CODE_SHAPE.match(packed):
        return "code_provisoire"
    if _DATE_SHAPE.match(text):
        return "date_naissance" if _parses("date_naissance", text) else None
    if _SERIAL_SHAPE.match(packed):
        return "carte_vitale_serie"
    return None


def looks_personal(text: str, known: Mapping[str, Detail] | None = None) -> bool:
    """Whether a piece of page text or address may carry a personal value."""
    if not text:
        return False
    secret = {k: d for k, d in (known or {}).items() if d.secret}
    if classify_value(text, known=secret) is not None:
        return True
    if "@" in text or re.search(r"\d{4,}", text):
        return True
    secrets = [d for d in (known or {}).values() if d.secret]
    return Scrubber(secrets)(text) != text


def safe_path(url: str, known: Mapping[str, Detail] | None = None) -> str:
    """The path of ``url`` with its query, minus the parameters whose value may be
    personal; no fragment."""
    parts = urlsplit(url)
    kept = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not looks_personal(v, known) and len(v) <= 40
    ]
    path = parts.path or "/"
    return path + (f"?{urlencode(kept)}" if kept else "")
