"""Field rules of the site (from the official app's validators, see SITE.md).

Each ``check_*`` function returns ``None`` when the value is fine, else the French message
the site shows. The same rules are mirrored in ``static/replica.js`` for in-page checks.
"""

from __future__ import annotations

import re

CODE_RE = re.compile(r"^[0-9A-Za-z]*$")
NIR_RE = re.compile(r"^[12]\d{2}(0[1-9]|1[0-2])(\d{2}|2[AB])\d{6}\d{2}$")
DATE_RE = re.compile(r"^(0[1-9]|[12]\d|3[01])/(0[1-9]|1[0-2])/(19|20)\d{2}$")
OTP_RE = re.compile(r"^\d{6}$")

#: Printed prefix of the serial number of a carte Vitale with photo.
SERIE_PREFIX_AVEC_PHOTO = "8025000002"

MSG_CODE_EMPTY = "Saisir le code provisoire"
MSG_CODE_LENGTH = "Le code doit contenir 12 caractères"
MSG_CODE_CHARS = "Cette saisie contient un caractère non autorisé"
MSG_NIR_EMPTY = "Saisir le numéro de sécurité sociale"
MSG_NIR_LENGTH = "Le numéro de sécurité sociale doit contenir 15 caractères"
MSG_NIR_FORMAT = "Format invalide, vérifier le format du numéro de sécurité sociale"
MSG_CARD_TYPE = "Sélectionner un modèle de carte Vitale"
MSG_SERIE_EMPTY = "Saisir le numéro de série"
MSG_SERIE_DIGITS = "Saisir uniquement des chiffres"
MSG_SERIE_SANS_PHOTO = "Format invalide, le numéro de série doit contenir entre 8 et 13 chiffres"
MSG_SERIE_AVEC_PHOTO = "Le numéro de série doit contenir 11 chiffres"
MSG_DATE_EMPTY = "Saisir la date de naissance"
MSG_DATE_FORMAT = "Format invalide, la date doit être au format jj/mm/aaaa"
MSG_CHANNEL = "Sélectionner un mode d'envoi"
MSG_OTP_FORMAT = "Le code doit contenir 6 chiffres"

CARD_TYPES = ("sans_photo", "avec_photo")


def normalize_code(value: str) -> str:
    return value.strip().upper()


def check_code(value: str) -> str | None:
    value = value.strip()
    if not value:
        return MSG_CODE_EMPTY
    if not CODE_RE.match(value):
        return MSG_CODE_CHARS
    if len(value) != 12:
        return MSG_CODE_LENGTH
    return None


def normalize_nir(value: str) -> str:
    """Spaces (any whitespace) removed, letters upper-cased."""
    return re.sub(r"\s+", "", value).upper()


def nir_key(first13: str) -> int:
    """The control key of a NIR, 2A read as 19 and 2B as 18 (department at 5-6)."""
    dept = first13[5:7]
    digits = first13[:5] + {"2A": "19", "2B": "18"}.get(dept, dept) + first13[7:13]
    return 97 - int(digits) % 97


def check_nir(value: str) -> str | None:
    nir = normalize_nir(value)
    if not nir:
        return MSG_NIR_EMPTY
    if len(nir) != 15:
        return MSG_NIR_LENGTH
    if not NIR_RE.match(nir) or nir_key(nir[:13]) != int(nir[13:]):
        return MSG_NIR_FORMAT
    return None


def mask_nir(nir: str) -> str:
    """``1 55 12 ** *** *** 55``: sex, year, month and key only (latin-1 safe)."""
    n = normalize_nir(nir)
    if len(n) != 15:
        return "* ** ** ** *** *** **"
    return f"{n[0]} {n[1:3]} {n[3:5]} ** *** *** {n[13:]}"


def normalize_serie(value: str) -> str:
    return re.sub(r"\s+", "", value)


def check_serie(value: str, card_type: str | None) -> str | None:
    serie = normalize_serie(value)
    if not serie:
        return MSG_SERIE_EMPTY
    if not serie.isdigit() or not serie.isascii():
        return MSG_SERIE_DIGITS
    if card_type == "avec_photo":
        return None if len(serie) == 11 else MSG_SERIE_AVEC_PHOTO
    if card_type == "sans_photo":
        return None if 8 <= len(serie) <= 13 else MSG_SERIE_SANS_PHOTO
    return None


def check_card_type(value: str | None) -> str | None:
    return None if value in CARD_TYPES else MSG_CARD_TYPE


def check_date(value: str) -> str | None:
    value = value.strip()
    if not value:
        return MSG_DATE_EMPTY
    return None if DATE_RE.match(value) else MSG_DATE_FORMAT


def check_otp(value: str) -> str | None:
    return None if OTP_RE.match(value.strip()) else MSG_OTP_FORMAT
