"""Scripts the runner runs in the page (each in its own file, read once)."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def script(name: str) -> str:
    """The text of ``<name>.js`` shipped with the package."""
    return resources.files(__name__).joinpath(f"{name}.js").read_text("utf-8")
