"""YAML -> :class:`Flow`, with errors that name the file, the line and what is wrong."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from ens_auto.errors import InputError
from ens_auto.flow.model import STEP_TYPES, Flow

_PACKAGE_FLOWS = Path(__file__).resolve().parent.parent / "flows_shipped"
_CHECKOUT_FLOWS = Path(__file__).resolve().parents[3] / "flows"


def shipped_flows_dir() -> Path:
    """The flows shipped with ens-auto: inside the installed package, or the checkout's
    ``flows/`` folder for an editable install."""
    if _PACKAGE_FLOWS.is_dir():
        return _PACKAGE_FLOWS
    return _CHECKOUT_FLOWS


def shipped_flows() -> list[Path]:
    return sorted(shipped_flows_dir().glob("*.yaml"))


@dataclass(frozen=True)
class FlowProblem:
    line: int | None
    where: str
    message: str

    def __str__(self) -> str:
        at = f"ligne {self.line}" if self.line else "fichier"
        return f"{at} ({self.where}) : {self.message}" if self.where else f"{at} : {self.message}"


class FlowError(InputError):
    """A flow file that cannot be used; the message lists each problem with its line."""

    def __init__(self, path: Path | str, problems: Sequence[FlowProblem]) -> None:
        self.path = str(path)
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"Parcours invalide : {self.path}\n{lines}")


_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True)
class FlowLookup:
    """Where a flow was found: ``repaired`` when it is the person's repaired copy (in
    ``<config>/parcours/``, see :mod:`ens_auto.flow.copies`), then ``stale`` when the
    shipped flow changed since the copy was made."""

    path: Path
    repaired: bool = False
    stale: bool = False


def lookup_flow(ref: str | Path, *, shipped_only: bool = False) -> FlowLookup:
    """A flow given by path, or by name: the person's repaired copy when there is one
    (unless ``shipped_only``), else the shipped flow (``opposition``)."""
    path = Path(ref)
    if path.is_file():
        return FlowLookup(path)
    name = str(ref)
    if _NAME.match(name):
        if not shipped_only:
            from ens_auto.flow.copies import copy_info, find_copy

            copy = find_copy(name)
            if copy is not None:
                return FlowLookup(copy, repaired=True, stale=copy_info(copy).stale)
        shipped = shipped_flows_dir() / f"{name}.yaml"
        if shipped.is_file():
            return FlowLookup(shipped)
    names = ", ".join(p.stem for p in shipped_flows()) or "aucun"
    raise InputError(f"Parcours introuvable : « {ref} ». Parcours fournis : {names}.")


def resolve_flow_path(ref: str | Path, *, shipped_only: bool = False) -> Path:
    """A flow given by path, or by name (the repaired copy first: :func:`lookup_flow`)."""
    return lookup_flow(ref, shipped_only=shipped_only).path


def load_flow(ref: str | Path) -> Flow:
    path = resolve_flow_path(ref)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FlowError(path, [FlowProblem(None, "", f"lecture impossible ({exc})")]) from None
    return parse_flow(text, source=path)


#: libyaml's loader when PyYAML has it (several times faster than the pure-Python one).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_flow(text: str, *, source: Path | str = "<texte>") -> Flow:
    try:
        data = yaml.load(text, Loader=_LOADER)  # a safe loader (C or Python)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise FlowError(source, [FlowProblem(line, "", f"YAML invalide : {problem}")]) from None
    if not isinstance(data, dict):
        raise FlowError(source, [FlowProblem(1, "", "un parcours est un dictionnaire YAML")])
    try:
        return Flow.model_validate(data)
    except ValidationError as exc:
        root = yaml.compose(text, Loader=yaml.SafeLoader)  # for the lines of the errors
        problems = []
        for error in exc.errors(include_url=False):
            loc = _strip_tags(list(error["loc"]))
            if not loc:
                loc = _loc_from_message(str(error.get("msg", "")))
            node_line = _line_of(root, loc)
            problems.append(FlowProblem(node_line, _where(loc), _message(error)))
        raise FlowError(source, problems) from None


_STEP_REF = re.compile(r"étape (\d+)((?: \(branche \d+, étape \d+\))*)")
_BRANCH_REF = re.compile(r"\(branche (\d+), étape (\d+)\)")


def _strip_tags(loc: list) -> list:
    """A pydantic location without the union tags (the action names that pydantic puts
    after each step's index, which are not keys of the file)."""
    out: list = []
    for i, item in enumerate(loc):
        tag = (
            i >= 2
            and loc[i - 2] == "steps"
            and isinstance(loc[i - 1], int)
            and isinstance(item, str)
            and item in STEP_TYPES
        )
        if not tag:
            out.append(item)
    return out


def _loc_from_message(message: str) -> list:
    """A whole-flow error names its step (« étape 9 (branche 2, étape 1) »): its location."""
    match = _STEP_REF.search(message)
    if match is None:
        return []
    loc: list = ["steps", int(match.group(1)) - 1]
    for branch, step in _BRANCH_REF.findall(match.group(2)):
        loc += ["one_of", int(branch) - 1, "steps", int(step) - 1]
    return loc


def _message(error: dict) -> str:
    msg = str(error.get("msg", ""))
    msg = msg.removeprefix("Value error, ")
    kind = error.get("type")
    if kind == "missing":
        return "champ obligatoire manquant"
    if kind == "extra_forbidden":
        return "clé inconnue"
    if kind == "string_pattern_mismatch":
        return "format incorrect (lettres minuscules, chiffres, - et _)"
    return msg


def _where(loc: list) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"étape {item + 1}" if parts == ["steps"] else f"[{item}]")
            if parts[-2:-1] == ["steps"]:
                parts.pop(-2)
        else:
            if parts and parts[-1] == item:
                continue  # the discriminator tag repeats the action name
            parts.append(str(item))
    return ".".join(parts).replace(".[", "[")


def _line_of(node: yaml.Node | None, loc: list) -> int | None:
    """Line (1-based) of the deepest YAML node that the error location reaches."""
    if node is None:
        return None
    best = node
    for item in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == item:
                    child = value
                    break
            if child is None and isinstance(item, str):
                continue  # a union tag or a key that is missing: stay on this node
        elif isinstance(node, yaml.SequenceNode) and isinstance(item, int):
            if 0 <= item < len(node.value):
                child = node.value[item]
        elif isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            continue
        if child is None:
            break
        node = best = child
    return best.start_mark.line + 1
