"""Bad details (SITE.md, « Field formats »): ``ens-auto oppose`` stops before any browser
with exit 2 and the site's own French message, never repeats the wrong value, and never
hangs waiting for an answer nobody can give.

The details come from ENS_AUTO_* variables; an empty value is left out of the environment
and sent as an empty line on standard input instead (an empty variable counts as "not
given"). The table runs in-process (fast); real subprocesses check the same path with
several errors at once, a closed stdin, and a wrong one-time code."""

from __future__ import annotations

import pytest

from tests.support.cli import (
    FAST_S,
    FAST_SUBPROCESS_S,
    account,
    account_env,
    invoke,
    journal_runs,
    person_env,
    run_cli,
    settings,
    site_args,
)

NIR = "Numéro de sécurité sociale : "
NIR_FORMAT = NIR + "Format invalide, vérifier le format du numéro de sécurité sociale"
CODE = "Code provisoire : "
CARD = "Modèle de carte Vitale : "
SERIAL = "Numéro de série de la carte Vitale : "
SERIAL_8_13 = SERIAL + "Format invalide, le numéro de série doit contenir entre 8 et 13 chiffres"
SERIAL_11 = SERIAL + "Le numéro de série doit contenir 11 chiffres"
BAD_CODE = {"code_provisoire": "K7M2Q9X4B1T"}  # 11 characters
BAD_CODE_MSG = CODE + "Le code doit contenir 12 caractères"

# (case id, values over those of « adulte_sans_photo », expected message, message absent)
CASES = [
    ("nir-empty", {"nir": ""}, NIR + "Saisir le numéro de sécurité sociale", None),
    (
        "nir-too-short",
        {"nir": "28503751123454"},
        NIR + "Le numéro de sécurité sociale doit contenir 15 caractères",
        None,
    ),
    ("nir-bad-key", {"nir": "285037511234545"}, NIR_FORMAT, None),
    ("nir-month-13", {"nir": "285137511234510"}, NIR_FORMAT, None),
    ("nir-sex-3", {"nir": "385037511234591"}, NIR_FORMAT, None),
    ("nir-2a-key-without-19", {"nir": "178112A00412380"}, NIR_FORMAT, None),
    ("nir-2b-key-read-as-19", {"nir": "178112B00412310"}, NIR_FORMAT, None),
    # Valid Corsican NIRs (2A read as 19, 2B as 18), spaced like on the card: accepted,
    # only the (bad) code is reported.
    ("nir-2a-valid", {"nir": "1 78 11 2A 004 123 10", **BAD_CODE}, BAD_CODE_MSG, NIR),
    ("nir-2b-valid", {"nir": "1 78 11 2B 004 123 37", **BAD_CODE}, BAD_CODE_MSG, NIR),
    (
        "code-empty",
        {"code_provisoire": ""},
        CODE + "Saisir le code provisoire à 12 caractères",
        None,
    ),
    ("code-11", BAD_CODE, BAD_CODE_MSG, None),
    ("code-13", {"code_provisoire": "K7M2Q9X4B1T8Z"}, BAD_CODE_MSG, None),
    (
        "code-bad-character",
        {"code_provisoire": "K7M2Q9X4B1T!"},
        CODE + "Cette saisie contient un caractère non autorisé",
        None,
    ),
    (
        "card-empty",
        {"carte_vitale_type": ""},
        CARD + "Sélectionner un modèle de carte Vitale",
        None,
    ),
    (
        "card-unknown",
        {"carte_vitale_type": "carte dorée"},
        CARD + "Sélectionner un modèle de carte Vitale (« sans photo » ou « avec photo »)",
        None,
    ),
    ("serial-empty", {"carte_vitale_serie": ""}, SERIAL + "Saisir le numéro de série", None),
    (
        "serial-not-digits",
        {"carte_vitale_serie": "47382910A6"},
        SERIAL + "Saisir uniquement des chiffres",
        None,
    ),
    ("serial-without-photo-7", {"carte_vitale_serie": "4738291"}, SERIAL_8_13, None),
    ("serial-without-photo-14", {"carte_vitale_serie": "47382910564738"}, SERIAL_8_13, None),
    (
        "serial-with-photo-10",
        {"carte_vitale_type": "avec_photo", "carte_vitale_serie": "3141592653"},
        SERIAL_11,
        None,
    ),
    (
        "serial-with-photo-13",
        {"carte_vitale_type": "avec_photo", "carte_vitale_serie": "3141592653589"},
        SERIAL_11,
        None,
    ),
    (
        "serial-with-photo-wrong-prefix",
        {"carte_vitale_type": "avec_photo", "carte_vitale_serie": "802500000331415926535"},
        SERIAL_11,
        None,
    ),
]


@pytest.fixture
def no_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tripwire: starting a run (journal row, browser) fails the test."""
    import ens_auto.execute

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("a run was started despite bad details")

    monkeypatch.setattr(ens_auto.execute, "execute", forbidden)


@pytest.mark.parametrize(
    ("values", "message", "absent"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_detail_stops_before_any_browser(
    replica: object,
    monkeypatch: pytest.MonkeyPatch,
    no_run: None,
    values: dict[str, str],
    message: str,
    absent: str | None,
) -> None:
    """In-process (fast, and the tripwire proves that no run started); real subprocesses
    go the same way in the tests below."""
    env = person_env("adulte_sans_photo")
    lines = []
    for name, value in values.items():
        if value == "":
            del env[f"ENS_AUTO_{name.upper()}"]  # asked instead: an empty answer
            lines.append("")
        else:
            env[f"ENS_AUTO_{name.upper()}"] = value
    for key, value in env.items():
        monkeypatch.setenv(key, value)

    result = invoke(
        ["oppose", "--yes", *site_args(replica)],
        input="\n".join(lines) + "\n" if lines else "",
    )

    assert result.code == 2, result
    assert f"Erreur : {message}\n" in result.stderr or f"\n{message}\n" in result.stderr
    if absent:
        assert absent not in result.stderr, result
    for value in values.values():
        if value:
            assert value not in result.output, "the wrong value must not be repeated"
    assert result.elapsed < FAST_S, "checked before any browser starts"
    assert not settings().journal_path.exists()  # no run was started
    assert replica.control.state()["oppositions"] == []  # type: ignore[attr-defined]


def test_all_problems_reported_at_once(replica: object) -> None:
    env = person_env(
        "adulte_sans_photo",
        nir="285037511234545",
        code_provisoire="K7M2Q9X4B1T!",
        carte_vitale_serie="4738291",
    )
    result = run_cli("oppose", "--yes", *site_args(replica), env=env, timeout=20)

    assert result.code == 2, result
    for message in (
        NIR_FORMAT,
        CODE + "Cette saisie contient un caractère non autorisé",
        SERIAL_8_13,
    ):
        assert message in result.stderr
    assert "285037511234545" not in result.output
    assert result.elapsed < FAST_SUBPROCESS_S
    assert not settings().journal_path.exists()
    assert not settings().runs_path.exists()


def test_missing_value_with_stdin_closed_does_not_hang(replica: object) -> None:
    env = person_env("adulte_sans_photo")
    del env["ENS_AUTO_NIR"]

    result = run_cli("oppose", "--yes", *site_args(replica), env=env, input=None, timeout=20)

    assert result.code == 2, result
    assert (
        "Valeur manquante : Numéro de sécurité sociale ; aucune saisie possible "
        "(entrée standard fermée)."
    ) in result.stderr
    assert result.elapsed < FAST_SUBPROCESS_S
    assert not settings().journal_path.exists()


def test_bad_one_time_code(replica: object) -> None:
    """The one-time code is asked during the run (after login): a wrong one is refused with
    the French message, without being repeated, and nothing is closed."""
    who = account("compte_cloture")
    result = run_cli(
        "close",
        "--conserver-donnees",
        "--yes",
        *site_args(replica),
        env=account_env("compte_cloture"),
        input="98a765\n",  # then end of input: no second try possible
        timeout=60,
    )

    assert result.code == 2, result
    assert "Code à usage unique : Le code à usage unique doit contenir 6 chiffres" in result.stderr
    assert "l'entrée standard est fermée" in result.stderr
    assert "98a765" not in result.output
    assert replica.control.state()["closures"] == []  # type: ignore[attr-defined]
    runs = journal_runs()
    assert [(r.flow, r.outcome) for r in runs] == [("cloture", "echec")]
    assert who.mot_de_passe not in result.output
