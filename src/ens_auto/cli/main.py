"""The ``ens-auto`` command: builds the Typer app from the command modules."""

from __future__ import annotations

import importlib

import typer

from ens_auto import __version__

HELP = (
    "Refuser (opposition) ou clôturer votre profil Mon espace santé, pas à pas.\n\n"
    "ens-auto ouvre un navigateur sur monespacesante.fr, vous demande confirmation à chaque "
    "étape et enregistre le justificatif PDF dans vos documents, avec un journal des démarches."
)

#: Command modules, in the order their commands appear in the help.
COMMAND_MODULES = [
    "oppose",
    "profile",
    "journal",
    "replay",
    "flows",
    "record",
    "replica",
    "doctor",
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ens-auto {__version__}")
        raise typer.Exit()


def build_app() -> typer.Typer:
    app = typer.Typer(
        name="ens-auto",
        help=HELP,
        no_args_is_help=True,
        add_completion=False,
        rich_markup_mode="rich",
        context_settings={"help_option_names": ["-h", "--help"]},
        pretty_exceptions_enable=False,
    )

    @app.callback()
    def _root(
        version: bool = typer.Option(
            False, "--version", callback=_version, is_eager=True, help="Afficher la version."
        ),
    ) -> None:
        """Refuser (opposition) ou clôturer votre profil Mon espace santé."""

    for name in COMMAND_MODULES:
        module = importlib.import_module(f"ens_auto.cli.{name}")
        module.register(app)
    return app


def main() -> None:
    build_app()(prog_name="ens-auto")
