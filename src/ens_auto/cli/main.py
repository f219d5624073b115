"""The ``ens-auto`` command: builds the Typer app from the command modules."""

from __future__ import annotations

import gettext
import importlib
import re
import sys

_FRENCH = {
    "Commands": "Commandes",
    "[default: {}]": "[par défaut : {}]",
    "default: {default}": "par défaut : {default}",
    "[required]": "[obligatoire]",
    "required": "obligatoire",
    "env var: {var}": "variable : {var}",
    "[env var: {}]": "[variable : {}]",
    "Aborted!": "Arrêt demandé.",
    "Aborted.": "Arrêt demandé.",
    "Missing command.": "Commande manquante.",
    "No such command {name!r}.": "Commande inconnue : {name!r}.",
}
_english = gettext.gettext


def _french(message: str) -> str:
    return _FRENCH.get(message) or _english(message)


# Typer reads its help words through gettext when first imported: say them in French.
# (Typer itself is imported when needed: a run starts its browser driver first, main.)
gettext.gettext = _french

from typing import TYPE_CHECKING  # noqa: E402

from ens_auto import __version__  # noqa: E402

if TYPE_CHECKING:
    import typer

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
    import typer

    if value:
        typer.echo(f"ens-auto {__version__}")
        raise typer.Exit()


def build_app() -> typer.Typer:
    import typer

    app = typer.Typer(
        name="ens-auto",
        help=HELP,
        no_args_is_help=True,
        add_completion=False,
        rich_markup_mode=None,
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


_USAGE_FR = [
    (
        re.compile(r"^No such option: (\S+) \(Possible options: (.+)\)$"),
        r"Option inconnue : \1 (options proches : \2).",
    ),
    (
        re.compile(r"^No such option: (\S+) Did you mean (.+)\?$"),
        r"Option inconnue : \1 (vouliez-vous dire \2 ?).",
    ),
    (re.compile(r"^No such option: (.+)$"), r"Option inconnue : \1."),
    (re.compile(r"^No such command '?(.+?)'?\.$"), r"Commande inconnue : \1."),
    (re.compile(r"^Missing option '?(.+?)'?\.?$"), r"Option obligatoire manquante : \1."),
    (re.compile(r"^Missing argument '?(.+?)'?\.?$"), r"Argument obligatoire manquant : \1."),
    (re.compile(r"^Invalid value for '?(.+?)'?: (.+)$"), r"Valeur refusée pour \1 : \2"),
    (re.compile(r"^Got unexpected extra arguments? \((.+)\)$"), r"Argument(s) en trop : \1."),
    (re.compile(r"^Option '?(.+?)'? requires an argument\.?$"), r"L'option \1 attend une valeur."),
]


def french_usage(message: str) -> str:
    """Click's usage errors are English: say them in French for the person."""
    for pattern, replacement in _USAGE_FR:
        if pattern.match(message):
            message = pattern.sub(replacement, message)
            break
    message = message.replace("Value error, ", "")
    return message.replace(" is not one of ", " n'est pas parmi ")


def _french_help_option() -> None:
    """The automatic --help option says what it does in French (typer's bundled click)."""
    try:
        from typer._click import decorators
    except ImportError:  # another typer layout: keep its English help line
        return

    original = decorators.help_option

    def help_option(param_decls: list[str]):  # type: ignore[no-untyped-def]
        decorate = original(param_decls)

        def apply(command):  # type: ignore[no-untyped-def]
            command = decorate(command)
            command.params[-1].help = "Afficher cette aide et quitter."
            return command

        return apply

    decorators.help_option = help_option  # type: ignore[assignment]


def main() -> None:
    from ens_auto.cli.warm import warm_for

    # A run's browser driver starts first thing, while the command line's modules load.
    warm_for(sys.argv[1:], tuple(f"ens_auto.cli.{name}" for name in COMMAND_MODULES))
    import typer

    _french_help_option()
    try:
        code = build_app()(prog_name="ens-auto", standalone_mode=False)
    except typer.Abort:
        sys.stderr.write("\nArrêt demandé.\n")
        code = 130
    except Exception as exc:
        if getattr(exc, "exit_code", None) != 2 or not hasattr(exc, "format_message"):
            raise
        if type(exc).__name__ == "NoArgsIsHelpError":  # a bare group: its help
            exc.show()  # type: ignore[attr-defined]
            sys.exit(0)
        ctx = getattr(exc, "ctx", None)
        hint = f"\nAide : {ctx.command_path} --help" if ctx is not None else ""
        sys.stderr.write(f"Erreur : {french_usage(exc.format_message())}{hint}\n")
        code = 2
    _before_exit()
    sys.exit(code if isinstance(code, int) else 0)


def _before_exit() -> None:
    """The command is done: spare the person Python's last garbage collection. As the
    interpreter ends it collects every object it ever made (after a run: the browser
    driver's client, the flow's models, the libraries), about 0.15 s on 2 cores, for
    memory the system takes back anyway. Frozen objects are left out of it; the exit
    handlers still run and what was printed is still flushed."""
    import gc

    gc.freeze()
