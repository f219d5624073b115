"""A flow as readable YAML: the whole format (overlays, outcomes, texts with
``known``/``guess``, ``clickable``, ``has_text``, ``one_of`` branches, ``check_all`` with
``except``, optional steps...), written so that it loads back to the same flow.

Header first, then overlays, outcomes and steps, one block each separated by a blank
line; each candidate on one line (``{role: button, name: {known: [Valider]}, exact:
true}``), texts and short lists inline. What the author wrote is kept even when it is the
default (``kind: justificatif``); other defaults are left out.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from pydantic import BaseModel

from ens_auto.flow.model import Candidate, Flow
from ens_auto.flow.texts import Texts

WIDTH = 100
_ITEM = re.compile(r"^\s*- (?:say|id):")
#: Longer texts (notes, messages) are written folded, over several lines.
PROSE = 90


class _Inline(dict):  # type: ignore[type-arg]
    """A mapping written on one line: ``{role: button, name: Valider}``."""


class _InlineList(list):  # type: ignore[type-arg]
    """A list written on one line: ``[nir, code_provisoire]``."""


class _Dumper(yaml.SafeDumper):
    """Block lists indented under their key; what is inline stays on one line; long
    prose folded (``>-``) at the width."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
        return super().increase_indent(flow, False)

    @property
    def best_width(self) -> int:  # never wrap inside an inline candidate or list
        return 1_000_000 if getattr(self, "flow_level", 0) else self._width

    @best_width.setter
    def best_width(self, value: int) -> None:
        self._width = value


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    body = data[:-1] if data.endswith("\n") else data
    prose = len(body) > PROSE and body == " ".join(body.split())
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=">" if prose else None)


def _represent_inline(dumper: yaml.SafeDumper, data: _Inline) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=True)


def _represent_inline_list(dumper: yaml.SafeDumper, data: _InlineList) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Inline, _represent_inline)
_Dumper.add_representer(_InlineList, _represent_inline_list)


def _texts(texts: Texts) -> Any:
    data = texts.dump()
    if isinstance(data, list):
        return _InlineList(data)
    if isinstance(data, dict):
        return _Inline({k: _InlineList(v) for k, v in data.items()})
    return data


def _is_default(model: BaseModel, name: str, value: Any) -> bool:
    info = type(model).model_fields[name]
    if name in model.model_fields_set:
        return value is None  # written by the author: kept, unless empty
    return value == info.get_default(call_default_factory=True)


def plain(value: Any) -> Any:
    """A part of a flow as YAML data, with inline marks for candidates, texts and short
    lists of words; keys in the flow file's order and spelling (``except``)."""
    if isinstance(value, Texts):
        return _texts(value)
    if isinstance(value, Candidate):
        return _Inline(plain_model(value))
    if isinstance(value, BaseModel):
        return plain_model(value)
    if isinstance(value, list | tuple):
        items = [plain(v) for v in value]
        if items and all(isinstance(v, str) and len(v) <= 40 for v in items):
            return _InlineList(items)
        return items
    return value


def plain_model(model: BaseModel) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if _is_default(model, name, value):
            continue
        data[info.alias or name] = plain(value)
    return data


def _yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=WIDTH)


def _blocks(key: str, items: list[Any]) -> str:
    """``key:`` then its items, a blank line between two of them (and between the steps
    of a branch)."""
    lines = _yaml({key: [plain(item) for item in items]}).splitlines()
    out: list[str] = []
    for line in lines:
        if out and _ITEM.match(line) and not out[-1].endswith(":"):
            out.append("")
        out.append(line)
    return "\n".join(out) + "\n"


def dump_flow(flow: Flow, comment: str = "Parcours enregistré par ens-auto record.") -> str:
    """The flow as readable YAML that loads back to the same flow; ``comment`` (lines
    starting the file, after its title) says where it comes from."""
    header = {
        key: plain(getattr(flow, key))
        for key in ("name", "title", "procedure", "site", "inputs", "checked", "notes")
        if getattr(flow, key) is not None
    }
    header["inputs"] = _InlineList(flow.inputs)
    parts = [_yaml(header)]
    if flow.overlays:
        parts.append(_blocks("overlays", flow.overlays))
    if flow.outcomes:
        parts.append(_blocks("outcomes", flow.outcomes))
    parts.append(_blocks("steps", flow.steps))
    lines = [f"# {flow.title}", *(f"# {line}".rstrip() for line in comment.splitlines())]
    return "\n".join(lines) + "\n" + "\n".join(parts)
