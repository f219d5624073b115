"""What every command shares: the consoles, and turning errors into exit codes."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer

from ens_auto.errors import EXIT_CANCELLED, EnsAutoError

if TYPE_CHECKING:
    from rich.console import Console


_out: Console | None = None
_err: Console | None = None


def out() -> Console:
    """Console for results (stdout)."""
    global _out
    if _out is None:
        from rich.console import Console

        _out = Console(highlight=False)
    return _out


def err() -> Console:
    """Console for progress, questions and errors (stderr)."""
    global _err
    if _err is None:
        from rich.console import Console

        _err = Console(stderr=True, highlight=False)
    return _err


def reset_consoles() -> None:
    """Forget the consoles (tests swap sys.stdout / sys.stderr)."""
    global _out, _err
    _out = _err = None


def print_error(exc: EnsAutoError) -> None:
    from rich.markup import escape

    err().print(f"[bold red]Erreur :[/] {escape(exc.message)}")
    if exc.hint:
        err().print(escape(exc.hint))


@contextmanager
def handle_errors() -> Iterator[None]:
    """Turn the project's errors and Ctrl-C into a French message and an exit code."""
    try:
        yield
    except EnsAutoError as exc:
        print_error(exc)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        err().print("\n[yellow]Arrêt demandé (Ctrl-C).[/]")
        raise typer.Exit(EXIT_CANCELLED) from None


def stdin_is_tty() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()
