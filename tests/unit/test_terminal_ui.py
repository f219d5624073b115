"""The terminal side of a run: what the person reads and how answers are understood."""

from __future__ import annotations

import io

import pytest

from ens_auto.cli.common import reset_consoles
from ens_auto.cli.ui import TerminalUI
from ens_auto.errors import InputError
from ens_auto.flow.model import ClickStep


def _step(*, irreversible: bool = False, optional: bool = False) -> ClickStep:
    return ClickStep(
        say="Confirmer mon opposition",
        click=[{"role": "button", "name": "Confirmer"}],
        irreversible=irreversible,
        consequence="l'opposition est enregistrée." if irreversible else None,
        optional=optional,
    )


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    def answer(text: str) -> TerminalUI:
        monkeypatch.setattr("sys.stdin", io.StringIO(text))
        reset_consoles()
        return TerminalUI()

    yield answer
    reset_consoles()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("\n", "continuer"), ("c\n", "continuer"), ("a\n", "arreter"), ("non\n", "arreter")],
)
def test_answers_are_understood(terminal, capsys, typed: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert terminal(typed).confirm(3, _step(irreversible=True), can_skip=False) == expected
    shown = capsys.readouterr().err
    # The choices are shown as typed, brackets included (not eaten as markup).
    assert "[C]ontinuer / [a]rrêter ?" in shown
    assert "[p]asser" not in shown  # never offered for an irreversible step
    assert "Attention : l'opposition est enregistrée." in shown


def test_skip_is_offered_only_when_allowed(terminal, capsys) -> None:  # type: ignore[no-untyped-def]
    assert terminal("p\n").confirm(2, _step(optional=True), can_skip=True) == "passer"
    assert "[C]ontinuer / [p]asser / [a]rrêter ?" in capsys.readouterr().err


def test_a_closed_input_is_an_error_not_a_hang(terminal) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="entrée standard est fermée"):
        terminal("").confirm(1, _step(), can_skip=False)
