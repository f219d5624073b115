"""Placeholder: replaced by the module's real commands."""

import typer


def register(app: typer.Typer) -> None:
    return None
