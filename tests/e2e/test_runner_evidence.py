"""The runner's own log of a run, its notice when a fallback candidate is used, and the
manual step (a person's turn in the browser), on the replica."""

from __future__ import annotations

import textwrap
from typing import Any

import pytest

from ens_auto.errors import EXIT_REFUSED
from ens_auto.flow.load import parse_flow
from ens_auto.flow.model import Flow
from ens_auto.flow.run import OutcomeReached, StepFailed
from tests.e2e.conftest import ScriptedUI, opposition_details

CODE_PAGE = """
name: code
title: Page du code provisoire
site: http://127.0.0.1:1
inputs: [code_provisoire]
steps:
  - say: Ouvrir la page du code provisoire
    goto: /enrolement/code-provisoire?parcours=opposition
  - say: Saisir le code provisoire
    fill:
      target:
        - {label: "Un libellé qui n'existe plus"}
        - {label: "Saisir le code provisoire à 12 caractères"}
      value: "{{ code_provisoire }}"
"""


def flow_of(text: str) -> Flow:
    return parse_flow(textwrap.dedent(text), source="<test>")


def test_a_fallback_candidate_is_reported_and_the_run_is_logged(play) -> None:  # type: ignore[no-untyped-def]
    code = opposition_details("adulte_sans_photo")["code_provisoire"]
    ui = ScriptedUI()
    played = play(flow_of(CODE_PAGE), {"code_provisoire": code}, ui)

    assert played.result.ok, played.result.error
    # The person (or the volunteer) is told which candidate was used.
    assert any("Repère n° 2 utilisé" in m for m in ui.infos)
    log = (played.result.run_dir / "deroulement.txt").read_text(encoding="utf-8")
    lines = log.splitlines()
    assert len(lines) == 2 and lines[0].split()[:2] == ["1", "fait"]
    assert "label « Saisir le code provisoire à 12 caractères »" in lines[1]
    # The log names what was typed only masked.
    assert code.value not in log


MANUAL = """
name: manuel
title: Étape à la main
site: http://127.0.0.1:1
steps:
  - say: Ouvrir la page de connexion
    goto: /connexion
  - say: Se connecter soi-même
    manual:
      instructions: Connectez-vous dans la fenêtre du navigateur.
      until: {text: "{until}"}
      timeout_s: 5
"""


def test_a_manual_step_already_done_goes_on(play) -> None:  # type: ignore[no-untyped-def]
    played = play(flow_of(MANUAL.replace("{until}", "Connexion à Mon espace santé")))
    assert played.result.ok, played.result.error


def test_a_manual_step_cannot_be_done_without_a_window(play) -> None:  # type: ignore[no-untyped-def]
    played = play(flow_of(MANUAL.replace("{until}", "Bonjour")), headless=True)
    assert played.result.outcome == "echec"
    assert isinstance(played.result.error, StepFailed)
    assert "--headed" in played.result.error.message
    assert "Page affichée : « Connexion à Mon espace santé »" in played.result.error.message


def test_a_browser_that_dies_gives_a_french_report_not_a_traceback(
    playwright_instance, replica, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from ens_auto.flow.run import FlowRunner, RunOptions
    from tests.conftest import CHROMIUM_ARGS, chromium_path

    dead = playwright_instance.chromium.launch(
        executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
    )
    dead.close()
    flow = flow_of(MANUAL.replace("{until}", "Connexion"))
    result = FlowRunner(
        flow, {}, RunOptions(run_dir=tmp_path / "run", site=replica.url), ScriptedUI(), browser=dead
    ).run()
    assert result.outcome == "echec"
    assert result.error is not None
    assert result.error.message.startswith("Le navigateur s'est arrêté de façon inattendue")
    assert "ens-auto doctor" in (result.error.hint or "")


IDENTITY = """
name: identite
title: Page d'identité
site: http://127.0.0.1:1
inputs: [code_provisoire, nir]
steps:
  - say: Ouvrir la page du code provisoire
    goto: /enrolement/code-provisoire?parcours=opposition
  - say: Saisir le code provisoire
    fill:
      target: {label: "Saisir le code provisoire à 12 caractères"}
      value: "{{ code_provisoire }}"
  - say: Valider
    click: {role: button, name: "Valider", exact: true}
  - say: Saisir le numéro de sécurité sociale
    fill:
      target: {label: "Mon numéro de sécurité sociale"}
      value: "{{ nir }}"
"""


def on_identity_page(play, details):  # type: ignore[no-untyped-def]
    """The identity page reached with the code, the NIR typed, the page left open."""
    return play(
        flow_of(IDENTITY), {k: details[k] for k in ("code_provisoire", "nir")}, keep_open=True
    )


def test_step_captures_mask_typed_values_and_give_the_page_back(play) -> None:  # type: ignore[no-untyped-def]
    details = opposition_details("adulte_sans_photo")
    played = on_identity_page(play, details)
    assert played.result.ok, played.result.error
    runner = played.runner
    page = runner.page
    field = "document.querySelector('input[name=nir]')"
    assert page.evaluate(f"{field}.value").replace(" ", "") == details["nir"].value

    masked = runner.captures.now()
    clear = page.screenshot(type="jpeg", quality=55)
    assert masked[:3] == b"\xff\xd8\xff"
    assert masked != clear  # the typed NIR is not what the capture shows
    # The person's page is given back as it was: the value shows again, unchanged.
    assert page.evaluate(f"getComputedStyle({field}).webkitTextSecurity") == "none"
    assert page.evaluate(f"{field}.value").replace(" ", "") == details["nir"].value


def test_a_refusal_by_the_site_is_reported_without_waiting_the_whole_timeout(play) -> None:  # type: ignore[no-untyped-def]
    """An identity that does not match the code: the site says so at once; the run stops
    within seconds with the site's own words, not after the step's whole timeout."""
    details = opposition_details("adulte_sans_photo")
    wrong = dict(details)
    from ens_auto.identity import parse_detail

    wrong["carte_vitale_serie"] = parse_detail(
        "carte_vitale_serie",
        "123456789",
        context={"carte_vitale_type": details["carte_vitale_type"]},
    )
    from ens_auto.flow.load import load_flow

    played = play(load_flow("opposition"), wrong, timeout_ms=20_000, screenshots=False)
    error = played.result.error
    assert isinstance(error, OutcomeReached), error
    assert error.outcome_id == "identite-refusee" and error.exit_code == EXIT_REFUSED
    assert "n'a pas accepté les informations saisies" in error.message  # the flow's words
    assert "ne correspondent pas à ce code provisoire" in error.message  # the site's words
    assert played.seconds < 8  # far less than the 20 s the step could have waited


def test_a_capture_in_the_background_masks_fields_typed_or_drawn_meanwhile(play) -> None:  # type: ignore[no-untyped-def]
    """A step's capture may overlap the next steps (typing the NIR on the new page): the
    mask covers the fields there, those typed into and those drawn meanwhile; the page is
    given back as it was, and a capture whose page changed meanwhile is not kept."""
    from ens_auto.flow.capture import TEXT_FIELDS
    from ens_auto.flow.js import script

    details = opposition_details("adulte_sans_photo")
    played = on_identity_page(play, details)
    assert played.result.ok, played.result.error
    runner = played.runner
    page = runner.page
    shots = [r.screenshot for r in played.result.steps if r.screenshot is not None]
    assert shots and all(p.exists() and p.read_bytes()[:3] == b"\xff\xd8\xff" for p in shots)

    assert page.evaluate(script("mask_on"), TEXT_FIELDS) >= 1
    # A field drawn after the mask went on (a framework re-rendering the form), typed into.
    page.evaluate(
        "() => { const i = document.createElement('input'); i.id = 'nouveau';"
        " document.querySelector('form').append(i); }"
    )
    page.locator("#nouveau").fill("1 84 12 75 123 456 78")
    security = "s => getComputedStyle(document.querySelector(s)).webkitTextSecurity"
    assert page.evaluate(security, "#nouveau") == "disc"
    assert page.evaluate(security, "input[name=nir]") == "disc"
    assert page.evaluate(script("mask_off")) is True  # the same page: the capture is kept
    assert page.evaluate(security, "#nouveau") == "none"
    assert page.evaluate(security, "input[name=nir]") == "none"
    # On a page that replaced the masked one, nothing to undo: a capture would be dropped.
    page.evaluate(script("mask_on"), TEXT_FIELDS)
    page.reload()
    assert page.evaluate(script("mask_off")) is False


def test_captures_fall_back_to_playwrights_masked_screenshot(play, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The background way relies on the Playwright client's loop (not public): if it is
    not there, captures are taken at once, masked by Playwright, and the run goes on."""
    from ens_auto.flow.capture import Captures

    details = opposition_details("adulte_sans_photo")
    played = on_identity_page(play, details)
    runner = played.runner

    class WithoutClientLoop:  # the page as a Playwright without those internals shows it
        def __init__(self, page: object) -> None:
            self._page = page

        def __getattr__(self, name: str) -> object:
            if name in ("_loop", "_sync", "_impl_obj"):
                raise AttributeError(name)
            return getattr(self._page, name)

    captures = Captures(runner.context, WithoutClientLoop(runner.page), background=True)  # type: ignore[arg-type]
    kept: list[object] = []
    captures.start(tmp_path / "a.jpg", done=kept.append)
    assert captures.background is False
    assert kept == [tmp_path / "a.jpg"]
    assert (tmp_path / "a.jpg").read_bytes()[:3] == b"\xff\xd8\xff"
    assert captures.now()[:3] == b"\xff\xd8\xff"


def test_each_new_page_is_captured_once(play) -> None:  # type: ignore[no-untyped-def]
    from ens_auto.flow.load import load_flow

    played = play(load_flow("opposition"), opposition_details("adulte_sans_photo"))
    assert played.result.ok, played.result.error
    records = [r for r in played.result.steps if r.status == "fait"]
    led_on = [r for r in records if r.screenshot is not None]
    # Every page reached has its capture (the entry, code, identity, choice, confirmation
    # pages), each a JPEG written in the run's folder...
    assert len(led_on) >= 5
    for record in led_on:
        assert record.screenshot.read_bytes()[:3] == b"\xff\xd8\xff"
    # ...but the page saying the opposition is recorded is captured by its proof step
    # only, not a second time as the confirming step's capture.
    confirm = next(r for r in records if r.say == "Confirmer mon opposition")
    assert confirm.screenshot is None
    assert any(f.name.startswith("confirmation") for f in played.result.files)


def test_a_capture_not_kept_is_taken_again_before_the_run_acts(  # type: ignore[no-untyped-def]
    play, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page's capture taken in the background can be lost (it began as the page was
    still being replaced): it is taken again before the run leaves the page, masked, so
    every page still has its capture."""
    from ens_auto.flow.capture import Captures
    from ens_auto.flow.load import load_flow

    original = Captures._masked_cdp

    async def lost(self, *, keep_only_same_page: bool = False):  # type: ignore[no-untyped-def]
        if keep_only_same_page:  # every capture in the background: as if the page changed
            await original(self, keep_only_same_page=True)
            return None
        return await original(self)

    monkeypatch.setattr(Captures, "_masked_cdp", lost)
    _every_page_captured(play(load_flow("opposition"), opposition_details("adulte_sans_photo")))


def _every_page_captured(played: Any) -> None:
    """The opposition went through, and each of its five pages has its capture, a JPEG."""
    assert played.result.ok, played.result.error
    shots = [r.screenshot for r in played.result.steps if r.screenshot is not None]
    assert len(shots) >= 5
    for shot in shots:
        assert shot.read_bytes()[:3] == b"\xff\xd8\xff"


def test_a_capture_chromium_does_not_give_is_given_up(  # type: ignore[no-untyped-def]
    play, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A capture through DevTools that does not come is given up (never an endless wait):
    the run goes on, the page's capture is taken Playwright's way, the masks are taken off."""
    from ens_auto.flow import capture
    from ens_auto.flow.load import load_flow

    monkeypatch.setattr(capture, "CAPTURE_TIMEOUT_S", 0.000_001)
    _every_page_captured(play(load_flow("opposition"), opposition_details("adulte_sans_photo")))
