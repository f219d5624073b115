"""Where a run's details come from: fixed values, saved profile, environment, then prompts.

Order for each needed input: ``fixed`` (values the command decides: demo identities,
``suppression_donnees`` from a flag...), then the saved profile (card model and
legal-representative answer from the profile, secrets from the keyring), then the
environment (``ENS_AUTO_*``, see :data:`ens_auto.identity.INPUTS`), then a question.
Never from command-line flags: they end up in shell history and process lists.

Everything is validated before any browser starts. When nobody can answer (no prompter,
or standard input is not a terminal), all problems are reported at once.
"""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol, TextIO, runtime_checkable

from ens_auto.errors import InputError
from ens_auto.identity import (
    INPUTS,
    Detail,
    DetailError,
    InputSpec,
    dependency_order,
    get_spec,
    parse_detail,
)

if TYPE_CHECKING:
    from ens_auto.profiles import Profile, ProfileStore

MAX_TRIES = 3


class MissingInput(InputError):
    """A value was needed but nobody could give it (standard input closed)."""


def missing_message(spec: InputSpec) -> str:
    return f"Valeur manquante : {spec.title} ; aucune saisie possible (entrée standard fermée)."


@runtime_checkable
class Prompter(Protocol):
    """Asks the person for one raw value.

    Optional members used when present: ``interactive: bool`` (a person answers: wrong
    answers are asked again, up to ``max_tries``), ``warn(message)`` (show a problem).
    """

    def ask(self, spec: InputSpec, *, secret: bool) -> str: ...


class TerminalPrompter:
    """Questions on the terminal; hidden typing for secrets.

    When standard input is not a terminal, one line is read per question (so a one-time
    code can be piped in) and end of input raises :class:`MissingInput`, never a hang.
    """

    max_tries = MAX_TRIES

    def __init__(
        self,
        *,
        stdin: TextIO | None = None,
        stderr: TextIO | None = None,
        interactive: bool | None = None,
        hidden_input: Callable[[str], str] | None = None,
    ) -> None:
        self._stdin = stdin
        self._stderr = stderr
        self._interactive = interactive
        self._hidden_input = hidden_input

    @property
    def stdin(self) -> TextIO:
        return self._stdin or sys.stdin

    @property
    def stderr(self) -> TextIO:
        return self._stderr or sys.stderr

    @property
    def interactive(self) -> bool:
        if self._interactive is not None:
            return self._interactive
        try:
            return bool(self.stdin) and self.stdin.isatty()
        except (ValueError, AttributeError):  # closed or odd stream
            return False

    def warn(self, message: str) -> None:
        self.stderr.write(f"{message}\n")
        self.stderr.flush()

    def ask(self, spec: InputSpec, *, secret: bool) -> str:
        question = f"{spec.label} : "
        if not self.interactive:
            self.stderr.write(question + "\n")
            self.stderr.flush()
            try:
                line = self.stdin.readline()
            except (OSError, ValueError):
                line = ""
            if not line:
                raise MissingInput(missing_message(spec))
            return line.rstrip("\r\n")
        try:
            if secret:
                hidden = self._hidden_input or (
                    lambda prompt: getpass.getpass(prompt, stream=self.stderr)
                )
                return hidden(question)
            self.stderr.write(question)
            self.stderr.flush()
            line = self.stdin.readline()
            if not line:
                raise EOFError
            return line.rstrip("\r\n")
        except EOFError:
            raise MissingInput(missing_message(spec)) from None


def _is_interactive(prompter: Prompter) -> bool:
    return bool(getattr(prompter, "interactive", False))


def ask_valid(
    name: str, prompter: Prompter, *, context: Mapping[str, Detail] | None = None
) -> Detail:
    """Ask for ``name`` until valid (a person: up to 3 tries; a pipe: once)."""
    spec = get_spec(name)
    tries = int(getattr(prompter, "max_tries", MAX_TRIES)) if _is_interactive(prompter) else 1
    for attempt in range(1, max(tries, 1) + 1):
        raw = prompter.ask(spec, secret=spec.secret)
        try:
            return parse_detail(name, raw, context=context)
        except DetailError as exc:
            if attempt >= tries:
                raise
            warn = getattr(prompter, "warn", None)
            if callable(warn):
                warn(f"{exc.message} (essai {attempt} sur {tries})")
    raise AssertionError("unreachable")  # pragma: no cover


def ask_one(
    name: str,
    prompter: Prompter | None = None,
    *,
    context: Mapping[str, Detail] | None = None,
) -> Detail:
    """A value asked during a run (the one-time code), validated."""
    return ask_valid(name, prompter or TerminalPrompter(), context=context)


def _source_hint(spec: InputSpec) -> str:
    where = ["un profil enregistré"] if spec.keyring else []
    if spec.env:
        where.append(f"la variable {spec.env}")
    where.append("une saisie au clavier")
    return f"{spec.title} : valeur manquante (à fournir par {' ou '.join(where)})."


def resolve_details(
    needed: Sequence[str],
    *,
    profile: Profile | None = None,
    store: ProfileStore | None = None,
    prompter: Prompter | None = None,
    environ: Mapping[str, str] | None = None,
    fixed: Mapping[str, str | Detail] | None = None,
) -> dict[str, Detail]:
    """Collect and validate every needed detail; raises one :class:`DetailError` listing all
    problems (French, a line per field) when they cannot be fixed by asking the person."""
    environ = os.environ if environ is None else environ
    fixed = fixed or {}
    order = dependency_order(needed)
    for name in order:
        get_spec(name)  # unknown names are a programming error: say so clearly

    raw: dict[str, str] = {}
    for name, value in fixed.items():
        if name in INPUTS:
            raw[name] = value.value if isinstance(value, Detail) else value
    if profile is not None:
        if "carte_vitale_type" not in raw and profile.carte_vitale_type:
            raw["carte_vitale_type"] = profile.carte_vitale_type
        if "representant_legal" not in raw:
            raw["representant_legal"] = "oui" if profile.needs_representative else "non"
        wants_secret = any(INPUTS[n].keyring and n not in raw for n in order)
        if store is not None and wants_secret:
            for name, value in store.secrets(profile.label).items():
                raw.setdefault(name, value)
    for name in order:
        env = INPUTS[name].env
        if name not in raw and env and environ.get(env, "").strip():
            raw[name] = environ[env]

    details: dict[str, Detail] = {}
    errors: dict[str, str] = {}
    missing: list[str] = []
    for name in order:
        if name not in raw:
            missing.append(name)
            continue
        try:
            details[name] = parse_detail(name, raw[name], context=details)
        except DetailError as exc:
            errors.update(exc.errors)

    if missing and prompter is None:
        errors.update({name: _source_hint(INPUTS[name]) for name in missing})
        missing = []
    if errors:
        _raise_in_order(errors, order)

    interactive = prompter is not None and _is_interactive(prompter)
    for name in missing:
        assert prompter is not None
        try:
            details[name] = ask_valid(name, prompter, context=details)
        except MissingInput as exc:
            if interactive:
                raise
            errors[name] = exc.message
        except DetailError as exc:
            if interactive:
                raise
            errors.update(exc.errors)
    if errors:
        _raise_in_order(errors, order)
    return {name: details[name] for name in dict.fromkeys(needed)}


def _raise_in_order(errors: Mapping[str, str], order: Sequence[str]) -> None:
    ordered = {name: errors[name] for name in order if name in errors}
    ordered.update({k: v for k, v in errors.items() if k not in ordered})
    raise DetailError(ordered)
