"""The person's details as value types that validate and mask themselves.

Pure module (no I/O). Every personal value a flow needs is parsed here into a
:class:`Detail`, which carries the exact string to type into the page (``value``) and a
masked form (``masked``) that is the only thing ``str()``, ``repr()``, ``format()`` and
f-strings ever show. Masking lives here and only here; :func:`scrub` applies it to free
text (page text, error messages) before anything is printed or journaled.

Validation rules and error messages follow the official Mon espace santé app's validators
(see ``shared/SITE.md``, "Field formats"). Error messages never contain the raw value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from ens_auto.errors import InputError

BULLET = "•"

# ---------------------------------------------------------------------------- Detail


@dataclass(frozen=True, repr=False)
class Detail:
    """One validated personal value.

    ``value`` is what the flow types into the page; ``masked`` is what may be shown.
    ``str()``, ``repr()`` and ``format()`` all return ``masked`` so that an accidental
    print, log line or f-string never leaks the value.
    """

    name: str
    value: str
    masked: str
    secret: bool

    def __str__(self) -> str:
        return self.masked

    def __repr__(self) -> str:
        return self.masked

    def __format__(self, format_spec: str) -> str:
        return format(self.masked, format_spec)

    @property
    def truthy(self) -> bool:
        """For yes/no inputs: ``value`` is "oui" for yes and "" for no."""
        return bool(self.value)


class DetailError(InputError):
    """One or more details are invalid; ``errors`` maps input name to its French line."""

    def __init__(self, errors: Mapping[str, str], *, hint: str | None = None) -> None:
        self.errors = dict(errors)
        super().__init__("\n".join(self.errors.values()), hint=hint)


class _Invalid(Exception):
    """Internal: a parser's reason (French, without the field label)."""


# ---------------------------------------------------------------------------- helpers

_SEPARATORS = re.compile(r"[\s.\-]+")


def _compact(raw: str) -> str:
    """Remove what people type between groups: spaces, dots, dashes."""
    return _SEPARATORS.sub("", raw or "")


def nir_key(first13: str) -> int:
    """The NIR control key: 97 - (number mod 97), Corsica 2A read as 19 and 2B as 18."""
    digits = first13.upper().replace("2A", "19").replace("2B", "18")
    return 97 - int(digits) % 97


def mask_nir(nir: str) -> str:
    """``1 55 12 •• ••• ••• 55``: sex, year, month and key visible, place and order hidden."""
    return f"{nir[0]} {nir[1:3]} {nir[3:5]} {BULLET * 2} {BULLET * 3} {BULLET * 3} {nir[13:15]}"


# ---------------------------------------------------------------------------- parsers
# Each parser takes the raw text and the already-parsed details (context) and returns a
# Detail or raises _Invalid(reason).

_NIR_FORMAT = re.compile(r"^[12]\d{2}(0[1-9]|1[0-2])(\d{2}|2A|2B)\d{6}\d{2}$")


def _parse_nir(raw: str, context: Mapping[str, Detail]) -> Detail:
    # Month: the official app accepts 01-12 only. Real NIRs may also carry 20-42 or 50-99
    # (unknown month, provisional numbers); we keep to the site's rule so that we never
    # type a number the site would refuse.
    nir = _compact(raw).upper()
    if not nir:
        raise _Invalid("Saisir le numéro de sécurité sociale")
    if len(nir) != 15:
        raise _Invalid("Le numéro de sécurité sociale doit contenir 15 caractères")
    if not _NIR_FORMAT.match(nir) or nir_key(nir[:13]) != int(nir[13:]):
        raise _Invalid("Format invalide, vérifier le format du numéro de sécurité sociale")
    return Detail("nir", nir, mask_nir(nir), True)


_CODE_CHARS = re.compile(r"^[0-9A-Za-z]*$")


def _parse_code_provisoire(raw: str, context: Mapping[str, Detail]) -> Detail:
    code = _compact(raw)
    if not code:
        raise _Invalid("Saisir le code provisoire à 12 caractères")
    if not _CODE_CHARS.match(code):
        raise _Invalid("Cette saisie contient un caractère non autorisé")
    if len(code) != 12:
        raise _Invalid("Le code doit contenir 12 caractères")
    return Detail("code_provisoire", code, code[:2] + BULLET * 8 + code[-2:], True)


CARD_WITHOUT_PHOTO = "Carte Vitale sans photo"
CARD_WITH_PHOTO = "Carte Vitale avec photo"
#: Slugs used in profiles and environment variables, and the page labels they stand for.
CARD_TYPES = {"sans_photo": CARD_WITHOUT_PHOTO, "avec_photo": CARD_WITH_PHOTO}
CARD_PREFIX_WITH_PHOTO = "8025000002"


def card_type_slug(label_or_slug: str) -> str | None:
    """``sans_photo`` / ``avec_photo`` for anything :func:`parse_detail` accepts, else None."""
    text = " ".join(re.split(r"[\s_\-]+", (label_or_slug or "").strip().lower()))
    if text in {"1", "sans", "sans photo", "carte vitale sans photo", "carte sans photo"}:
        return "sans_photo"
    if text in {"2", "avec", "avec photo", "carte vitale avec photo", "carte avec photo"}:
        return "avec_photo"
    return None


def _parse_card_type(raw: str, context: Mapping[str, Detail]) -> Detail:
    if not (raw or "").strip():
        raise _Invalid("Sélectionner un modèle de carte Vitale")
    slug = card_type_slug(raw)
    if slug is None:
        raise _Invalid("Sélectionner un modèle de carte Vitale (« sans photo » ou « avec photo »)")
    label = CARD_TYPES[slug]
    return Detail("carte_vitale_type", label, label, False)


def _parse_serial(raw: str, context: Mapping[str, Detail]) -> Detail:
    serial = _compact(raw)
    if not serial:
        raise _Invalid("Saisir le numéro de série")
    if not serial.isascii() or not serial.isdigit():
        raise _Invalid("Saisir uniquement des chiffres")
    card = context.get("carte_vitale_type")
    with_photo = card is not None and card.value == CARD_WITH_PHOTO
    if len(serial) == 21 and serial.startswith(CARD_PREFIX_WITH_PHOTO) and (with_photo or not card):
        serial = serial[len(CARD_PREFIX_WITH_PHOTO) :]  # the page shows the prefix itself
    if with_photo:
        if len(serial) != 11:
            raise _Invalid("Le numéro de série doit contenir 11 chiffres")
    elif not 8 <= len(serial) <= 13:
        # Without a card type (unknown yet) the "sans photo" rule is the loosest that
        # still covers the 11 digits of a card with photo.
        raise _Invalid("Format invalide, le numéro de série doit contenir entre 8 et 13 chiffres")
    return Detail("carte_vitale_serie", serial, BULLET * (len(serial) - 2) + serial[-2:], True)


_DATE_SEPARATED = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_DATE_COMPACT = re.compile(r"^(\d{2})(\d{2})(\d{4})$")


def _parse_birth_date(
    raw: str, context: Mapping[str, Detail], *, today: date | None = None
) -> Detail:
    text = (raw or "").strip()
    if not text:
        raise _Invalid("Saisir la date de naissance")
    match = _DATE_SEPARATED.match(text) or _DATE_COMPACT.match(text)
    if not match:
        raise _Invalid("Format invalide, saisir la date au format jj/mm/aaaa")
    day, month, year = (int(part) for part in match.groups())
    try:
        born = date(year, month, day)
    except ValueError:
        raise _Invalid("Cette date n'existe pas, vérifier le jour et le mois") from None
    if born > (today or date.today()):
        raise _Invalid("La date de naissance ne peut pas être dans le futur")
    if born.year < 1900:
        raise _Invalid("La date de naissance doit être postérieure à 1900")
    value = born.strftime("%d/%m/%Y")
    return Detail("date_naissance", value, f"{BULLET * 2}/{BULLET * 2}/{born.year:04d}", True)


IDENTIFIER_MAX = 128


def _parse_identifier(raw: str, context: Mapping[str, Detail]) -> Detail:
    ident = (raw or "").strip()
    if not ident:
        raise _Invalid("Saisir l'identifiant")
    if any(ch.isspace() for ch in ident):
        raise _Invalid("L'identifiant ne doit pas contenir d'espace")
    if len(ident) > IDENTIFIER_MAX:
        raise _Invalid(f"L'identifiant est trop long ({IDENTIFIER_MAX} caractères au plus)")
    # Fixed number of bullets: the mask does not reveal the length.
    return Detail("identifiant", ident, ident[:2] + BULLET * 6, True)


def _parse_password(raw: str, context: Mapping[str, Detail]) -> Detail:
    password = (raw or "").rstrip("\r\n")  # keep inner and edge spaces: they may be real
    if not password:
        raise _Invalid("Saisir le mot de passe")
    return Detail("mot_de_passe", password, BULLET * 8, True)


def _parse_one_time_code(raw: str, context: Mapping[str, Detail]) -> Detail:
    code = _compact(raw)
    if not code:
        raise _Invalid("Saisir le code à usage unique")
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        raise _Invalid("Le code à usage unique doit contenir 6 chiffres")
    return Detail("code_usage_unique", code, BULLET * 6, True)


_YES = {"oui", "o", "yes", "y", "true", "vrai", "1"}
_NO = {"non", "n", "no", "false", "faux", "0", ""}


def _yes_no(name: str) -> Callable[[str, Mapping[str, Detail]], Detail]:
    def parse(raw: str, context: Mapping[str, Detail]) -> Detail:
        text = (raw or "").strip().lower()
        if text in _YES:
            return Detail(name, "oui", "oui", False)
        if text in _NO:
            return Detail(name, "", "non", False)
        raise _Invalid("Répondre par « oui » ou « non »")

    return parse


# ---------------------------------------------------------------------------- registry


@dataclass(frozen=True)
class InputSpec:
    """Everything known about one input a flow may need."""

    name: str
    title: str  # short French name, prefixes error messages
    label: str  # French prompt
    parser: Callable[[str, Mapping[str, Detail]], Detail] = field(repr=False)
    secret: bool = True
    env: str | None = None  # environment variable, None when never read from there
    keyring: bool = False  # saved in the keyring for a profile
    yes_no: bool = False
    depends_on: tuple[str, ...] = ()


INPUTS: dict[str, InputSpec] = {
    spec.name: spec
    for spec in (
        InputSpec(
            "code_provisoire",
            "Code provisoire",
            "Code provisoire (12 caractères, reçu par courrier ou e-mail)",
            _parse_code_provisoire,
            env="ENS_AUTO_CODE_PROVISOIRE",
            keyring=True,
        ),
        InputSpec(
            "nir",
            "Numéro de sécurité sociale",
            "Numéro de sécurité sociale (15 caractères, sur la carte Vitale)",
            _parse_nir,
            env="ENS_AUTO_NIR",
            keyring=True,
        ),
        InputSpec(
            "carte_vitale_type",
            "Modèle de carte Vitale",
            "Modèle de carte Vitale (« sans photo » ou « avec photo »)",
            _parse_card_type,
            secret=False,
            env="ENS_AUTO_CARTE_VITALE_TYPE",
        ),
        InputSpec(
            "carte_vitale_serie",
            "Numéro de série de la carte Vitale",
            "Numéro de série de la carte Vitale (au dos de la carte ; avec photo : "
            "les 11 derniers chiffres)",
            _parse_serial,
            env="ENS_AUTO_CARTE_VITALE_SERIE",
            keyring=True,
            depends_on=("carte_vitale_type",),
        ),
        InputSpec(
            "date_naissance",
            "Date de naissance",
            "Date de naissance (jj/mm/aaaa ; pour un enfant, la sienne)",
            _parse_birth_date,
            env="ENS_AUTO_DATE_NAISSANCE",
            keyring=True,
        ),
        InputSpec(
            "identifiant",
            "Identifiant",
            "Identifiant de connexion à Mon espace santé",
            _parse_identifier,
            env="ENS_AUTO_IDENTIFIANT",
            keyring=True,
        ),
        InputSpec(
            "mot_de_passe",
            "Mot de passe",
            "Mot de passe de Mon espace santé",
            _parse_password,
            env="ENS_AUTO_MOT_DE_PASSE",
            keyring=True,
        ),
        InputSpec(
            "code_usage_unique",
            "Code à usage unique",
            "Code à usage unique (6 chiffres, reçu par SMS ou e-mail)",
            _parse_one_time_code,
        ),
        InputSpec(
            "representant_legal",
            "Représentant légal",
            "Êtes-vous le représentant légal de la personne concernée ? (oui/non)",
            _yes_no("representant_legal"),
            secret=False,
            yes_no=True,
        ),
        InputSpec(
            "suppression_donnees",
            "Suppression des données",
            "Demander aussi la suppression des données ? (oui/non)",
            _yes_no("suppression_donnees"),
            secret=False,
            yes_no=True,
        ),
    )
}

#: The inputs a profile may keep in the keyring, in the order they are asked.
KEYRING_FIELDS: tuple[str, ...] = tuple(name for name, spec in INPUTS.items() if spec.keyring)


def get_spec(name: str) -> InputSpec:
    try:
        return INPUTS[name]
    except KeyError:
        known = ", ".join(INPUTS)
        raise InputError(f"Information inconnue : « {name} » (connues : {known}).") from None


def parse_detail(name: str, raw: str, *, context: Mapping[str, Detail] | None = None) -> Detail:
    """Validate one raw value; raises :class:`DetailError` (an ``InputError``) in French."""
    spec = get_spec(name)
    try:
        return spec.parser(raw if raw is not None else "", context or {})
    except _Invalid as exc:
        raise DetailError({name: f"{spec.title} : {exc}"}) from None


def dependency_order(names: Iterable[str]) -> list[str]:
    """``names`` with each input after those it depends on (card type before serial)."""
    names = list(dict.fromkeys(names))
    ordered: list[str] = []
    for name in names:
        spec = INPUTS.get(name)
        for dep in spec.depends_on if spec else ():
            if dep in names and dep not in ordered:
                ordered.append(dep)
        if name not in ordered:
            ordered.append(name)
    return ordered


def parse_details(raw: Mapping[str, str]) -> dict[str, Detail]:
    """Validate every value; all errors at once in one :class:`DetailError`, a line each."""
    details: dict[str, Detail] = {}
    errors: dict[str, str] = {}
    for name in dependency_order(raw):
        try:
            details[name] = parse_detail(name, raw[name], context=details)
        except DetailError as exc:
            errors.update(exc.errors)
        except InputError as exc:
            errors[name] = exc.message
    if errors:
        raise DetailError({name: errors[name] for name in raw if name in errors})
    return {name: details[name] for name in raw}


# ---------------------------------------------------------------------------- scrubbing

_SEP = r"[\s.\-/]*"
# Any NIR-shaped sequence, spaced or not, even one we were never given.
#: Anything shaped like a NIR, in free text: sex (1, 2, or 3/4/7/8 for temporary numbers),
#: year, month, department (2 digits or 2A/2B), commune, order, key; 15 characters, possibly
#: split by spaces, dots or dashes. The one pattern every mask of free text uses.
_NIR_SEP = r"[\s.\-]?"
NIR_SHAPE = re.compile(
    r"(?<![0-9A-Za-z])"
    rf"[1-478](?:{_NIR_SEP}\d){{4}}{_NIR_SEP}(?:\d{_NIR_SEP}\d|2{_NIR_SEP}[ABab])"
    rf"(?:{_NIR_SEP}\d){{8}}"
    r"(?![0-9A-Za-z])"
)
_NIR_SHAPE = NIR_SHAPE
#: Secret values shorter than this are replaced only when typed exactly (e.g. a password).
_MIN_FLEXIBLE = 6
#: Shorter secrets are not searched at all: masking every "ab" of a page would make it
#: unreadable, and a page does not echo a password back.
_MIN_SCRUBBED = 4


def _flexible(value: str) -> str:
    """A pattern that matches ``value`` with separators between its characters."""
    return _SEP.join(re.escape(ch) for ch in value)


def _patterns_for(detail: Detail) -> list[str]:
    value = detail.value
    if len(value) < _MIN_SCRUBBED:
        return []
    if detail.name == "date_naissance":
        dd, mm, yyyy = value.split("/")
        return [
            _SEP.join((dd, mm, yyyy)),
            _SEP.join((yyyy, mm, dd)),
            _SEP.join((dd.lstrip("0") or "0", mm.lstrip("0") or "0", yyyy)),
        ]
    if detail.name in {"mot_de_passe", "identifiant"} or len(value) < _MIN_FLEXIBLE:
        return [re.escape(value)]
    if value.isalnum():
        return [_flexible(value)]
    return [re.escape(value)]


class Scrubber:
    """Replaces secret values (and any NIR-shaped number) in free text by masked forms."""

    def __init__(self, details: Mapping[str, Detail] | Iterable[Detail] = ()) -> None:
        self._details: list[Detail] = []
        self._pattern: re.Pattern[str] | None = None
        self._lookup: list[Detail] = []
        self.add(*(details.values() if isinstance(details, Mapping) else details))

    def add(self, *details: Detail) -> None:
        """Also mask these details (e.g. a one-time code asked during a run)."""
        self._details.extend(d for d in details if d.secret and d.value)
        self._compile()

    def _compile(self) -> None:
        parts: list[tuple[int, str, Detail]] = []
        for detail in self._details:
            parts.extend((len(detail.value), p, detail) for p in _patterns_for(detail))
        parts.sort(key=lambda item: -item[0])  # longest first: no partial replacement
        self._lookup = [detail for _, _, detail in parts]
        if parts:
            alternation = "|".join(f"(?P<g{i}>{p})" for i, (_, p, _) in enumerate(parts))
            self._pattern = re.compile(alternation, re.IGNORECASE)
        else:
            self._pattern = None

    def _replace_known(self, match: re.Match[str]) -> str:
        index = int(match.lastgroup[1:]) if match.lastgroup else 0
        return self._lookup[index].masked

    def __call__(self, text: str) -> str:
        return self.scrub(text)

    def scrub(self, text: str) -> str:
        if not text:
            return text
        if self._pattern is not None:
            text = self._pattern.sub(self._replace_known, text)
        return _NIR_SHAPE.sub(lambda m: mask_nir(_compact(m.group(0)).upper()), text)


def scrub(text: str, details: Mapping[str, Detail] | Iterable[Detail] = ()) -> str:
    """Mask in ``text`` every secret value of ``details`` and any NIR-shaped number."""
    return Scrubber(details).scrub(text)
