"""Parsers, SITE.md messages, masking and scrubbing of the person's details."""

from __future__ import annotations

import logging
from datetime import date

import pytest

from ens_auto.errors import InputError
from ens_auto.identity import (
    CARD_WITH_PHOTO,
    CARD_WITHOUT_PHOTO,
    INPUTS,
    KEYRING_FIELDS,
    Detail,
    DetailError,
    Scrubber,
    parse_detail,
    parse_details,
    scrub,
)


def make_nir(first13: str) -> str:
    """A valid NIR: key computed independently (2A -> 19, 2B -> 18)."""
    number = int(first13.upper().replace("2A", "19").replace("2B", "18"))
    return f"{first13}{97 - number % 97:02d}"


NIR = make_nir("1551255555555")  # the site's own example shape: 1 55 12 55 555 555 ..
NIR_2A = make_nir("28503" + "2A" + "123456")
NIR_2B = make_nir("19107" + "2B" + "654321")


def spaced(nir: str) -> str:
    return f"{nir[0]} {nir[1:3]} {nir[3:5]} {nir[5:7]} {nir[7:10]} {nir[10:13]} {nir[13:]}"


def message_of(name: str, raw: str, **context: Detail) -> str:
    with pytest.raises(DetailError) as info:
        parse_detail(name, raw, context=context)
    assert isinstance(info.value, InputError)
    assert info.value.exit_code == 2
    assert set(info.value.errors) == {name}
    return info.value.message


# ------------------------------------------------------------------------------- NIR


def test_nir_valid_forms_are_normalized() -> None:
    for raw in (NIR, spaced(NIR), f"  {spaced(NIR).replace(' ', '-')} "):
        detail = parse_detail("nir", raw)
        assert detail.value == NIR
        assert detail.secret
    assert parse_detail("nir", "1.55.12.55.555.555." + NIR[13:]).value == NIR


@pytest.mark.parametrize("nir", [NIR_2A, NIR_2B])
def test_nir_corsica_departments_with_keys(nir: str) -> None:
    assert parse_detail("nir", nir.lower()).value == nir  # typed 2a / 2b
    assert "A" in nir or "B" in nir


def test_nir_corsica_key_uses_19_and_18() -> None:
    # A key computed with 2A read as 20 (or ignored) must be refused.
    wrong = "285032A123456" + f"{97 - int('2850320123456') % 97:02d}"
    assert wrong != NIR_2A
    assert "Format invalide" in message_of("nir", wrong)


def test_nir_messages_from_site() -> None:
    assert message_of("nir", "") == (
        "Numéro de sécurité sociale : Saisir le numéro de sécurité sociale"
    )
    assert message_of("nir", "  ").endswith("Saisir le numéro de sécurité sociale")
    assert message_of("nir", "1551255") == (
        "Numéro de sécurité sociale : Le numéro de sécurité sociale doit contenir 15 caractères"
    )
    invalid = "Numéro de sécurité sociale : " + (
        "Format invalide, vérifier le format du numéro de sécurité sociale"
    )
    bad_key = NIR[:13] + f"{(int(NIR[13:]) % 97) + 1:02d}"
    assert message_of("nir", bad_key) == invalid
    assert message_of("nir", "3" + NIR[1:]) == invalid  # sex
    assert message_of("nir", make_nir("1551355555555")) == invalid  # month 13
    assert message_of("nir", make_nir("1550055555555")) == invalid  # month 00
    assert message_of("nir", "15512555X555555") == invalid


def test_nir_error_never_contains_the_value() -> None:
    bad = NIR[:13] + "00"
    message = message_of("nir", bad)
    assert bad not in message and bad[:7] not in message


def test_nir_mask() -> None:
    detail = parse_detail("nir", NIR)
    assert detail.masked == f"1 55 12 •• ••• ••• {NIR[13:]}"
    assert parse_detail("nir", NIR_2A).masked == f"2 85 03 •• ••• ••• {NIR_2A[13:]}"


# ------------------------------------------------------------------- code provisoire


def test_code_provisoire() -> None:
    detail = parse_detail("code_provisoire", "ab12 cd34-EF56")
    assert detail.value == "ab12cd34EF56"
    assert detail.masked == "ab••••••••56"
    assert message_of("code_provisoire", "ABC") == (
        "Code provisoire : Le code doit contenir 12 caractères"
    )
    assert message_of("code_provisoire", "ABCDEF12345@") == (
        "Code provisoire : Cette saisie contient un caractère non autorisé"
    )
    assert message_of("code_provisoire", "ABCDEF12345é").endswith("caractère non autorisé")
    assert "Saisir le code provisoire" in message_of("code_provisoire", "")


# ---------------------------------------------------------------- carte Vitale type


@pytest.mark.parametrize(
    ("raw", "label"),
    [
        ("sans_photo", CARD_WITHOUT_PHOTO),
        ("sans photo", CARD_WITHOUT_PHOTO),
        ("Carte Vitale sans photo", CARD_WITHOUT_PHOTO),
        ("1", CARD_WITHOUT_PHOTO),
        ("avec_photo", CARD_WITH_PHOTO),
        ("AVEC-PHOTO", CARD_WITH_PHOTO),
        ("Carte Vitale avec photo", CARD_WITH_PHOTO),
        ("2", CARD_WITH_PHOTO),
    ],
)
def test_card_type(raw: str, label: str) -> None:
    detail = parse_detail("carte_vitale_type", raw)
    assert detail.value == label == "Carte Vitale " + label.split("Vitale ")[1]
    assert not detail.secret and str(detail) == label


def test_card_type_messages() -> None:
    assert message_of("carte_vitale_type", "") == (
        "Modèle de carte Vitale : Sélectionner un modèle de carte Vitale"
    )
    assert "Sélectionner un modèle de carte Vitale" in message_of("carte_vitale_type", "bleue")


# ------------------------------------------------------------------------- serial


def card(kind: str) -> Detail:
    return parse_detail("carte_vitale_type", kind)


def test_serial_without_photo() -> None:
    ctx = {"carte_vitale_type": card("sans_photo")}
    for raw in ("12345678", "1234 5678 90123", "123456789"):
        assert parse_detail("carte_vitale_serie", raw, context=ctx).value == raw.replace(" ", "")
    detail = parse_detail("carte_vitale_serie", "12345678", context=ctx)
    assert detail.masked == "••••••78" and detail.secret
    title = "Numéro de série de la carte Vitale : "
    assert message_of("carte_vitale_serie", "", **ctx) == title + "Saisir le numéro de série"
    assert message_of("carte_vitale_serie", "1234A678", **ctx) == (
        title + "Saisir uniquement des chiffres"
    )
    too_short = title + ("Format invalide, le numéro de série doit contenir entre 8 et 13 chiffres")
    assert message_of("carte_vitale_serie", "1234567", **ctx) == too_short
    assert message_of("carte_vitale_serie", "12345678901234", **ctx) == too_short


def test_serial_with_photo() -> None:
    ctx = {"carte_vitale_type": card("avec_photo")}
    assert parse_detail("carte_vitale_serie", "12345678901", context=ctx).value == "12345678901"
    full = "8025000002" + "12345678901"
    detail = parse_detail("carte_vitale_serie", "80250 00002 123 456 789 01", context=ctx)
    assert detail.value == "12345678901"  # the page shows the prefix; only 11 are typed
    assert detail.masked == "•••••••••01"
    assert parse_detail("carte_vitale_serie", full, context=ctx).value == "12345678901"
    message = message_of("carte_vitale_serie", "12345678", **ctx)
    assert message.endswith("Le numéro de série doit contenir 11 chiffres")
    assert message_of("carte_vitale_serie", "1234567890x", **ctx).endswith(
        "Saisir uniquement des chiffres"
    )


def test_serial_depends_on_card_type_in_parse_details() -> None:
    ok = parse_details({"carte_vitale_serie": "12345678", "carte_vitale_type": "sans photo"})
    assert ok["carte_vitale_serie"].value == "12345678"
    with pytest.raises(DetailError) as info:
        parse_details({"carte_vitale_serie": "12345678", "carte_vitale_type": "avec photo"})
    assert "11 chiffres" in info.value.message


# ---------------------------------------------------------------------- birth date


@pytest.mark.parametrize(
    "raw", ["05/03/1985", "5/3/1985", "05-03-1985", "05.03.1985", "05031985", " 5 / 3 / 1985 "]
)
def test_birth_date_forms(raw: str) -> None:
    detail = parse_detail("date_naissance", raw)
    assert detail.value == "05/03/1985"
    assert detail.masked == "••/••/1985"
    assert detail.secret


def test_birth_date_errors() -> None:
    assert "Saisir la date de naissance" in message_of("date_naissance", "")
    assert "jj/mm/aaaa" in message_of("date_naissance", "1985-03-05x")
    assert "n'existe pas" in message_of("date_naissance", "31/02/2001")
    assert "futur" in message_of("date_naissance", f"01/01/{date.today().year + 1}")
    assert "1900" in message_of("date_naissance", "01/01/1899")


# ------------------------------------------------------------- login, password, code


def test_identifier_and_password() -> None:
    ident = parse_detail("identifiant", "  jean.dupont@example.org ")
    assert ident.value == "jean.dupont@example.org"
    assert ident.masked == "je••••••"
    assert "Saisir l'identifiant" in message_of("identifiant", "")
    assert "espace" in message_of("identifiant", "jean dupont")
    assert "trop long" in message_of("identifiant", "x" * 129)

    short = parse_detail("mot_de_passe", "a b\n")
    long = parse_detail("mot_de_passe", "x" * 40)
    assert short.value == "a b"  # spaces kept, newline dropped
    assert short.masked == long.masked == "••••••••"  # the length is never revealed
    assert "Saisir le mot de passe" in message_of("mot_de_passe", "")


def test_one_time_code() -> None:
    detail = parse_detail("code_usage_unique", "123 456")
    assert detail.value == "123456" and detail.masked == "••••••"
    for bad in ("12345", "1234567", "12345a"):
        assert message_of("code_usage_unique", bad).endswith("doit contenir 6 chiffres")
    assert "Saisir le code à usage unique" in message_of("code_usage_unique", "")


@pytest.mark.parametrize("name", ["representant_legal", "suppression_donnees"])
def test_yes_no(name: str) -> None:
    for raw in ("oui", "OUI", "o", "yes", "true", "1"):
        detail = parse_detail(name, raw)
        assert detail.value == "oui" and detail.truthy and not detail.secret
    for raw in ("non", "n", "no", "false", "0", ""):
        detail = parse_detail(name, raw)
        assert detail.value == "" and not detail.truthy and str(detail) == "non"
    assert "oui" in message_of(name, "peut-être")


# ------------------------------------------------------------------------ registry


def test_registry() -> None:
    assert set(INPUTS) == {
        "code_provisoire",
        "nir",
        "carte_vitale_type",
        "carte_vitale_serie",
        "date_naissance",
        "identifiant",
        "mot_de_passe",
        "code_usage_unique",
        "representant_legal",
        "suppression_donnees",
    }
    assert INPUTS["nir"].env == "ENS_AUTO_NIR"
    assert INPUTS["code_usage_unique"].env is None
    assert INPUTS["nir"].label == "Numéro de sécurité sociale (15 caractères, sur la carte Vitale)"
    assert set(KEYRING_FIELDS) == {
        "nir",
        "code_provisoire",
        "carte_vitale_serie",
        "date_naissance",
        "identifiant",
        "mot_de_passe",
    }
    assert not INPUTS["carte_vitale_type"].secret
    with pytest.raises(InputError):
        parse_detail("prenom", "x")


def test_parse_details_collects_all_errors_in_order() -> None:
    raw = {
        "code_provisoire": "AB",
        "nir": NIR[:14],
        "carte_vitale_type": "",
        "carte_vitale_serie": "12",
        "date_naissance": "01/01/2000",
    }
    with pytest.raises(DetailError) as info:
        parse_details(raw)
    lines = info.value.message.splitlines()
    assert list(info.value.errors) == [
        "code_provisoire",
        "nir",
        "carte_vitale_type",
        "carte_vitale_serie",
    ]
    assert lines[0] == "Code provisoire : Le code doit contenir 12 caractères"
    assert lines[1].endswith("doit contenir 15 caractères")
    assert lines[2].endswith("Sélectionner un modèle de carte Vitale")
    assert NIR[:14] not in info.value.message


def test_parse_details_ok() -> None:
    details = parse_details({"nir": spaced(NIR), "code_provisoire": "ABCDEF123456"})
    assert details["nir"].value == NIR
    assert list(details) == ["nir", "code_provisoire"]


# ------------------------------------------------------------------------- masking


def test_detail_never_shows_its_value(caplog: pytest.LogCaptureFixture) -> None:
    details = [
        parse_detail("nir", NIR),
        parse_detail("code_provisoire", "ABCDEF123456"),
        parse_detail("mot_de_passe", "s3cret-Passw0rd"),
        parse_detail("date_naissance", "05/03/1985"),
        parse_detail("code_usage_unique", "654321"),
    ]
    logger = logging.getLogger("ens_auto.test")
    with caplog.at_level(logging.DEBUG, logger="ens_auto.test"):
        for d in details:
            logger.info("detail %s %r", d, d)
            logger.info(f"f-string {d} {d!r} {d:>40}")
            logger.info("format {} {!r}".format(d, d))  # noqa: UP032
    shown = "\n".join(
        [caplog.text]
        + [str(d) for d in details]
        + [repr(d) for d in details]
        + [f"{d}" for d in details]
        + [repr(details), str(details)]
    )
    for d in details:
        assert d.value not in shown
        assert d.masked in shown
    assert "1985" in shown  # the year stays visible for the birth date


# ------------------------------------------------------------------------ scrubbing


def test_scrub_known_values_in_all_forms() -> None:
    nir = parse_detail("nir", NIR)
    code = parse_detail("code_provisoire", "AbCdEf123456")
    pwd = parse_detail("mot_de_passe", "Tr3s$ecret!")
    dob = parse_detail("date_naissance", "05/03/1985")
    text = (
        f"NIR {NIR}, espacé {spaced(NIR)}, code abcdef123456 ou ABCD-EF12-3456, "
        f"mdp Tr3s$ecret!, né le 05/03/1985 (1985-03-05), label public"
    )
    result = scrub(text, {"nir": nir, "code_provisoire": code, "x": pwd, "d": dob})
    for secret in (NIR, spaced(NIR), "abcdef123456", "ABCD-EF12-3456", "Tr3s$ecret!"):
        assert secret not in result
    assert "05/03/1985" not in result and "1985-03-05" not in result
    assert result.count(nir.masked) == 2
    assert code.masked in result and "••••••••" in result
    assert "label public" in result


def test_scrub_unknown_nir_shapes() -> None:
    other = make_nir("2990475123456")
    text = f"Dossier {other} / {spaced(other)} / {NIR_2B.lower()} / tel 0612345678"
    result = Scrubber().scrub(text)
    assert other not in result and spaced(other) not in result
    assert NIR_2B.lower() not in result
    assert f"2 99 04 •• ••• ••• {other[13:]}" in result
    assert "0612345678" in result  # a phone number is not a NIR
    assert "1234567890123456789" in scrub("ref 1234567890123456789")  # too long: not a NIR


def test_scrubber_add_later_and_non_secrets_untouched() -> None:
    scrubber = Scrubber([parse_detail("carte_vitale_type", "avec photo")])
    assert scrubber("Carte Vitale avec photo") == "Carte Vitale avec photo"
    otp = parse_detail("code_usage_unique", "482913")
    scrubber.add(otp)
    assert scrubber("code 482913 reçu") == "code •••••• reçu"
    assert scrubber("") == ""


def test_scrub_skips_very_short_secrets_but_not_real_passwords() -> None:
    tiny = parse_detail("mot_de_passe", "ab")
    real = parse_detail("mot_de_passe", "hunter22")
    assert scrub("about tabs", [tiny]) == "about tabs"  # a page stays readable
    assert scrub("pwd=hunter22;", [real]) == "pwd=••••••••;"
