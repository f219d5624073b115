"""The page scripts of the recorder and the picker, shipped as ``.js`` files beside this
module (read once with :mod:`importlib.resources`).

Each file is one JavaScript function expression: ``describe.js`` describes an element
(shared by the recorder and the picker), ``recorder.js`` listens to what the person does."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def script(name: str) -> str:
    """The text of ``<name>.js`` shipped with this package (a function expression)."""
    return resources.files(__package__).joinpath(f"{name}.js").read_text("utf-8")


def describe_script() -> str:
    """``(el) => description``: what an element says of itself (role, name, label...)."""
    return script("describe")


def recorder_script() -> str:
    """The recorder's init script: ``recorder.js`` called with ``describe.js``."""
    return f"({script('recorder')})({describe_script()});"
