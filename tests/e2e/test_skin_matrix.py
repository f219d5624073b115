"""The matrix: every shipped flow on every replica skin, and every known outcome on every
skin, recognised at once. Real Chromium, real HTTP, one server that switches skins.

A skin is the same site as another front-end team would have written it from the same
SITE.md facts (``ens-auto replica skins``): a flow that passes on three skins and fails
on the fourth is not done."""

from __future__ import annotations

import time
from typing import Any

import pytest

from ens_auto.errors import (
    EXIT_ALREADY_DONE,
    EXIT_NOT_POSSIBLE,
    EXIT_REFUSED,
    EXIT_SESSION_EXPIRED,
    EXIT_UNAVAILABLE,
)
from ens_auto.flow.load import load_flow
from ens_auto.flow.run import FlowRunner, OutcomeReached
from ens_auto.identity import parse_detail
from ens_auto.proof import check_pdf
from ens_auto.replica.skins import skin_names
from tests.e2e.conftest import ScriptedUI, closure_details, opposition_details

pytestmark = pytest.mark.e2e

SKINS = skin_names()
#: Outcome runs wait at most this long per step: « recognised at once » is far below.
TIMEOUT_MS = 12_000
#: A whole run that ends on an outcome page takes less than this (its pages included):
#: the outcome was recognised as it showed, never by waiting a step's time out.
AT_ONCE_S = 6


@pytest.fixture
def on_skin(replica_skin: Any, play: Any) -> Any:
    """``on_skin(skin, flow, details, ui=None, **options)``: the run on that skin."""

    def _run(skin: str, flow: Any, details: Any, ui: ScriptedUI | None = None, **options: Any):
        replica_skin(skin)
        options.setdefault("screenshots", False)
        return play(flow, details, ui, **options)

    return _run


def _why(played: Any) -> str:
    """The error and the run log, for a failing case."""
    log = played.runner.options.run_dir / "deroulement.txt"
    said = log.read_text(encoding="utf-8") if log.exists() else ""
    return f"{played.result.error and played.result.error.message}\n{said}"


def _pdf_of(played: Any) -> bytes:
    [pdf] = [f for f in played.result.files if f.name == "telechargement.bin"]
    return pdf.read_bytes()


# ------------------------------------------------------------------ the shipped flows


@pytest.mark.parametrize("skin", SKINS)
@pytest.mark.parametrize(
    ("person", "represented"),
    [
        ("adulte_sans_photo", False),  # card without photo
        ("adulte_avec_photo_2a", False),  # card with photo, NIR of Corsica
        ("enfant_1", True),  # a child: « Représentant légal »
    ],
)
def test_opposition_on_every_skin(on_skin, replica, skin, person, represented) -> None:  # type: ignore[no-untyped-def]
    played = on_skin(skin, load_flow("opposition"), opposition_details(person))
    assert played.result.ok, _why(played)
    state = replica.control.state()
    assert [(o["person"], o["via_representant"]) for o in state["oppositions"]] == [
        (person, represented)
    ]
    assert state["activations"] == []  # never the wrong act
    check = check_pdf(_pdf_of(played), must_contain=["opposition", "Mon espace santé"])
    assert check.ok, check.reason


@pytest.mark.parametrize("skin", SKINS)
@pytest.mark.parametrize(
    ("account", "deletion"), [("compte_cloture", True), ("compte_cloture_2", False)]
)
def test_closure_on_every_skin(on_skin, replica, skin, account, deletion) -> None:  # type: ignore[no-untyped-def]
    details = closure_details(account, suppression=deletion)
    identifiant = details["identifiant"].value
    ui = ScriptedUI(reply=lambda question, secret: replica.control.otp(identifiant))
    played = on_skin(skin, load_flow("cloture"), details, ui)
    assert played.result.ok, _why(played)
    closures = replica.control.state()["closures"]
    assert [(c["account"], c["suppression_donnees"]) for c in closures] == [(account, deletion)]
    final = " ".join(played.result.final_text.split()).casefold()  # badges may be upper case
    assert "profil clôturé" in final
    assert ("demande de suppression des données en cours" in final) is deletion
    assert [secret for _, secret in ui.asked] == [True]  # the one-time code, asked once


# ------------------------------------------------------------------ known outcomes


def _outcome(played: Any) -> OutcomeReached:
    error = played.result.error
    assert isinstance(error, OutcomeReached), error and error.message
    return error


def _nothing_recorded(replica: Any) -> None:
    state = replica.control.state()
    assert state["oppositions"] == [] and state["activations"] == []


@pytest.mark.parametrize("skin", SKINS)
def test_already_opposed_is_recognised_at_once(on_skin, replica, skin) -> None:  # type: ignore[no-untyped-def]
    played = on_skin(
        skin, load_flow("opposition"), opposition_details("deja_oppose"), timeout_ms=TIMEOUT_MS
    )
    error = _outcome(played)
    assert (error.outcome_id, error.exit_code) == ("deja-oppose", EXIT_ALREADY_DONE)
    assert played.result.outcome == "deja_fait"
    assert "3422" in error.message  # how to get a justificatif
    assert played.seconds < AT_ONCE_S
    _nothing_recorded(replica)


@pytest.mark.parametrize("skin", SKINS)
def test_already_activated_points_to_the_closure(on_skin, replica, skin) -> None:  # type: ignore[no-untyped-def]
    played = on_skin(
        skin, load_flow("opposition"), opposition_details("deja_active"), timeout_ms=TIMEOUT_MS
    )
    error = _outcome(played)
    assert (error.outcome_id, error.exit_code) == ("deja-active", EXIT_NOT_POSSIBLE)
    assert "ens-auto close" in error.message
    assert played.seconds < AT_ONCE_S
    _nothing_recorded(replica)


@pytest.mark.parametrize("skin", SKINS)
def test_a_wrong_code_is_reported_with_the_sites_words(on_skin, replica, skin) -> None:  # type: ignore[no-untyped-def]
    details = opposition_details("adulte_sans_photo")
    details["code_provisoire"] = parse_detail("code_provisoire", "ZZZZ9999ZZZZ")
    played = on_skin(skin, load_flow("opposition"), details, timeout_ms=TIMEOUT_MS)
    error = _outcome(played)
    assert error.exit_code == EXIT_REFUSED, error.message
    assert "ZZZZ9999ZZZZ" not in error.message  # the code is never shown in clear
    assert played.seconds < AT_ONCE_S
    _nothing_recorded(replica)


@pytest.mark.parametrize("skin", SKINS)
def test_an_expired_session_is_recognised(on_skin, replica, skin) -> None:  # type: ignore[no-untyped-def]
    def linger(runner: FlowRunner, number: int, say: str) -> None:
        if say == "Saisir le numéro de sécurité sociale":
            replica.control.set_faults(session_ttl_s=0.5)
            runner.page.wait_for_timeout(900)  # the person leaves the page open too long

    played = on_skin(
        skin,
        load_flow("opposition"),
        opposition_details("adulte_sans_photo"),
        hook=linger,
        timeout_ms=TIMEOUT_MS,
    )
    error = _outcome(played)
    assert (error.outcome_id, error.exit_code) == ("session-expiree", EXIT_SESSION_EXPIRED)
    assert played.seconds < AT_ONCE_S + 1  # the person's 0.9 s away included
    _nothing_recorded(replica)


@pytest.mark.parametrize("skin", SKINS)
def test_maintenance_points_to_the_phone(on_skin, replica, skin) -> None:  # type: ignore[no-untyped-def]
    def maintenance(runner: FlowRunner, number: int, say: str) -> None:
        if say == "Saisir le code provisoire":  # the site goes down during the procedure
            replica.control.set_faults(maintenance=True)

    played = on_skin(
        skin,
        load_flow("opposition"),
        opposition_details("adulte_sans_photo"),
        hook=maintenance,
        timeout_ms=TIMEOUT_MS,
    )
    error = _outcome(played)
    assert error.exit_code == EXIT_UNAVAILABLE
    assert "3422" in f"{error.message}\n{error.hint}"
    assert played.seconds < AT_ONCE_S
    _nothing_recorded(replica)


# ------------------------------------------------------------------ the fault switches


@pytest.mark.parametrize("skin", SKINS)
def test_a_slow_site_that_renders_late_is_waited_for(on_skin, replica, skin) -> None:  # type: ignore[no-untyped-def]
    replica.control.set_faults(latency_ms=80, late_render_ms=600)
    played = on_skin(skin, load_flow("opposition"), opposition_details("adulte_sans_photo"))
    assert played.result.ok, _why(played)
    check = check_pdf(_pdf_of(played), must_contain=["opposition", "Mon espace santé"])
    assert check.ok, check.reason


@pytest.mark.parametrize("skin", SKINS)
@pytest.mark.parametrize("mode", ["attachment", "inline"])
def test_every_way_of_delivering_the_justificatif(on_skin, replica, skin, mode) -> None:  # type: ignore[no-untyped-def]
    """Each skin has its own way (script, attachment, new tab); the others are tried too."""
    replica.control.set_faults(download_mode=mode)
    played = on_skin(skin, load_flow("opposition"), opposition_details("adulte_sans_photo"))
    assert played.result.ok, _why(played)
    check = check_pdf(_pdf_of(played), must_contain=["opposition", "Mon espace santé"])
    assert check.ok, check.reason


@pytest.mark.parametrize("skin", SKINS)
@pytest.mark.parametrize("fault", ["error", "corrupt"])
def test_a_failing_justificatif_is_never_kept_as_proof(
    replica_skin, run_exec, replica, skin, fault
) -> None:  # type: ignore[no-untyped-def]
    """The site fails to give the PDF, or gives a broken one: the run says so at once (not
    after the step's whole time; and the 3422 for the justificatif: the opposition itself
    went through), keeps no PDF."""
    replica_skin(skin)
    replica.control.set_faults(pdf=fault)
    started = time.monotonic()
    ran = run_exec(
        load_flow("opposition"), opposition_details("adulte_sans_photo"), timeout_ms=10_000
    )
    assert time.monotonic() - started < 8  # the whole run, well within one step's time
    error = ran.result.error
    assert error is not None and not ran.result.ok
    assert ran.report.justificatif is None
    assert not list(ran.settings.download_dir.glob("*.pdf"))
    assert "3422" in f"{error.message}\n{error.hint}"
    assert ran.row.outcome == "echec"
    assert [o["person"] for o in replica.control.state()["oppositions"]] == ["adulte_sans_photo"]
