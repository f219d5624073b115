"""Where a run's details come from: fixed > profile (keyring) > environment > prompt."""

from __future__ import annotations

import io

import pytest

from ens_auto.details import (
    MissingInput,
    TerminalPrompter,
    ask_one,
    resolve_details,
)
from ens_auto.errors import InputError
from ens_auto.identity import DetailError, InputSpec
from ens_auto.profiles import Profile, ProfileStore
from tests.unit.test_identity import make_nir

NIR_PROFILE = make_nir("1800175000001")
NIR_ENV = make_nir("2900175000002")
NIR_PROMPT = make_nir("1700175000003")
OPPOSITION = ["code_provisoire", "nir", "carte_vitale_type", "carte_vitale_serie"]


class ScriptedPrompter:
    """A person answering from a script; records what was asked."""

    def __init__(self, answers: dict[str, list[str]], interactive: bool = True) -> None:
        self.answers = {k: list(v) for k, v in answers.items()}
        self.interactive = interactive
        self.asked: list[tuple[str, bool]] = []
        self.warnings: list[str] = []

    def ask(self, spec: InputSpec, *, secret: bool) -> str:
        self.asked.append((spec.name, secret))
        queue = self.answers.get(spec.name)
        if not queue:
            raise MissingInput(f"Valeur manquante : {spec.title}")
        return queue.pop(0)

    def warn(self, message: str) -> None:
        self.warnings.append(message)


def saved_profile() -> tuple[Profile, ProfileStore]:
    store = ProfileStore()
    profile = Profile.new("lea", "enfant", "sans_photo")
    store.add(profile, {"nir": NIR_PROFILE, "code_provisoire": "PROFIL123456"})
    return store.get("lea"), store


def test_order_fixed_then_profile_then_env_then_prompt() -> None:
    profile, store = saved_profile()
    environ = {
        "ENS_AUTO_NIR": NIR_ENV,
        "ENS_AUTO_CODE_PROVISOIRE": "ENVENV123456",
        "ENS_AUTO_CARTE_VITALE_TYPE": "avec_photo",
    }
    prompter = ScriptedPrompter({"carte_vitale_serie": ["12345678"]})
    details = resolve_details(
        [*OPPOSITION, "representant_legal"],
        profile=profile,
        store=store,
        prompter=prompter,
        environ=environ,
        fixed={"code_provisoire": "FIXED1234567"},
    )
    assert details["code_provisoire"].value == "FIXED1234567"  # fixed wins
    assert details["nir"].value == NIR_PROFILE  # profile's keyring beats env
    assert details["carte_vitale_type"].value == "Carte Vitale sans photo"  # profile
    assert details["carte_vitale_serie"].value == "12345678"  # asked
    assert details["representant_legal"].value == "oui"  # a child's profile
    assert prompter.asked == [("carte_vitale_serie", True)]
    assert list(details) == [*OPPOSITION, "representant_legal"]


def test_environment_used_without_profile() -> None:
    environ = {
        "ENS_AUTO_NIR": NIR_ENV,
        "ENS_AUTO_CODE_PROVISOIRE": "ENVENV123456",
        "ENS_AUTO_CARTE_VITALE_TYPE": "avec photo",
        "ENS_AUTO_CARTE_VITALE_SERIE": "8025000002 12345678901",
    }
    details = resolve_details(OPPOSITION, profile=None, store=None, prompter=None, environ=environ)
    assert details["nir"].value == NIR_ENV
    assert details["carte_vitale_serie"].value == "12345678901"


def test_representant_legal_for_oneself_and_fixed_override() -> None:
    store = ProfileStore()
    store.add(Profile.new("moi", "moi"))
    me = store.get("moi")
    details = resolve_details(["representant_legal"], profile=me, store=store, environ={})
    assert details["representant_legal"].value == ""
    details = resolve_details(
        ["representant_legal", "suppression_donnees"],
        profile=me,
        store=store,
        environ={},
        fixed={"representant_legal": "oui", "suppression_donnees": "oui"},
    )
    assert details["representant_legal"].truthy and details["suppression_donnees"].truthy


def test_all_problems_at_once_without_prompter() -> None:
    environ = {"ENS_AUTO_NIR": "1234", "ENS_AUTO_CARTE_VITALE_TYPE": "bleue"}
    with pytest.raises(DetailError) as info:
        resolve_details(OPPOSITION, profile=None, store=None, prompter=None, environ=environ)
    errors = info.value.errors
    assert list(errors) == OPPOSITION
    assert "ENS_AUTO_CODE_PROVISOIRE" in errors["code_provisoire"]
    assert errors["nir"].endswith("doit contenir 15 caractères")
    assert "Sélectionner un modèle de carte Vitale" in errors["carte_vitale_type"]
    assert "valeur manquante" in errors["carte_vitale_serie"]
    assert "1234" not in info.value.message
    assert info.value.exit_code == 2


def test_invalid_environment_value_is_reported_before_any_question() -> None:
    prompter = ScriptedPrompter({"code_provisoire": ["ABCDEF123456"]})
    with pytest.raises(DetailError) as info:
        resolve_details(
            ["nir", "code_provisoire"], prompter=prompter, environ={"ENS_AUTO_NIR": "1"}
        )
    assert "nir" in info.value.errors
    assert prompter.asked == []


def test_interactive_retries_three_times_then_fails() -> None:
    prompter = ScriptedPrompter({"nir": ["123", "abc", NIR_PROMPT]})
    details = resolve_details(["nir"], prompter=prompter, environ={})
    assert details["nir"].value == NIR_PROMPT
    assert len(prompter.warnings) == 2
    assert "15 caractères" in prompter.warnings[0] and "essai 1 sur 3" in prompter.warnings[0]

    prompter = ScriptedPrompter({"nir": ["1", "2", "3", NIR_PROMPT]})
    with pytest.raises(DetailError):
        resolve_details(["nir"], prompter=prompter, environ={})
    assert len(prompter.asked) == 3


def test_serial_asked_in_context_of_card_type() -> None:
    prompter = ScriptedPrompter(
        {"carte_vitale_serie": ["12345678", "12345678901"], "carte_vitale_type": ["avec"]}
    )
    details = resolve_details(
        ["carte_vitale_serie", "carte_vitale_type"], prompter=prompter, environ={}
    )
    assert [name for name, _ in prompter.asked] == [
        "carte_vitale_type",
        "carte_vitale_serie",
        "carte_vitale_serie",
    ]
    assert details["carte_vitale_serie"].value == "12345678901"
    assert "11 chiffres" in prompter.warnings[0]


def test_non_interactive_stdin_one_line_per_question_and_all_errors() -> None:
    stdin = io.StringIO(f"ABCDEF123456\n{NIR_PROMPT}\n")
    stderr = io.StringIO()
    prompter = TerminalPrompter(stdin=stdin, stderr=stderr)
    assert not prompter.interactive
    details = resolve_details(["code_provisoire", "nir"], prompter=prompter, environ={})
    assert details["nir"].value == NIR_PROMPT
    assert "Numéro de sécurité sociale" in stderr.getvalue()
    assert NIR_PROMPT not in stderr.getvalue()

    prompter = TerminalPrompter(stdin=io.StringIO("ABC\n"), stderr=io.StringIO())
    with pytest.raises(DetailError) as info:
        resolve_details(["code_provisoire", "nir", "date_naissance"], prompter=prompter, environ={})
    lines = info.value.message.splitlines()
    assert lines[0] == "Code provisoire : Le code doit contenir 12 caractères"
    assert lines[1] == (
        "Valeur manquante : Numéro de sécurité sociale ; "
        "aucune saisie possible (entrée standard fermée)."
    )
    assert lines[2].startswith("Valeur manquante : Date de naissance")


def test_ask_one_reads_piped_code_and_eof_is_an_error_not_a_hang() -> None:
    prompter = TerminalPrompter(stdin=io.StringIO("123 456\n"), stderr=io.StringIO())
    code = ask_one("code_usage_unique", prompter)
    assert code.value == "123456" and str(code) == "••••••"
    with pytest.raises(MissingInput) as info:
        ask_one("code_usage_unique", prompter)  # nothing left on stdin
    assert info.value.message == (
        "Valeur manquante : Code à usage unique ; aucune saisie possible (entrée standard fermée)."
    )
    assert info.value.exit_code == 2


def test_terminal_prompter_interactive_hides_secrets() -> None:
    hidden_prompts: list[str] = []

    def hidden(prompt: str) -> str:
        hidden_prompts.append(prompt)
        return "654321"

    stderr = io.StringIO()
    prompter = TerminalPrompter(
        stdin=io.StringIO("avec photo\n"), stderr=stderr, interactive=True, hidden_input=hidden
    )
    details = resolve_details(["carte_vitale_type"], prompter=prompter, environ={})
    assert details["carte_vitale_type"].value == "Carte Vitale avec photo"
    assert ask_one("code_usage_unique", prompter).value == "654321"
    assert hidden_prompts and hidden_prompts[0].startswith("Code à usage unique")
    assert "654321" not in stderr.getvalue()


def test_terminal_prompter_interactive_eof() -> None:
    prompter = TerminalPrompter(stdin=io.StringIO(""), stderr=io.StringIO(), interactive=True)
    with pytest.raises(MissingInput):
        resolve_details(["carte_vitale_type"], prompter=prompter, environ={})


def test_unknown_input_name() -> None:
    with pytest.raises(InputError) as info:
        resolve_details(["prenom"], environ={})
    assert "Information inconnue" in info.value.message
