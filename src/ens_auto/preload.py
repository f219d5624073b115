"""Modules imported in a thread while this process waits for something else.

Starting the browser driver or the browser itself takes a few hundred milliseconds in
which this process only waits; modules needed later load meanwhile. An import that fails
here is ignored: the code that needs the module imports it again and then says what is
wrong."""

from __future__ import annotations

import importlib
import threading


def _import_all(names: tuple[str, ...]) -> None:
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:
            return


def preload(names: tuple[str, ...]) -> threading.Thread:
    """Import ``names`` in a daemon thread (started); join it to wait for them."""
    thread = threading.Thread(target=_import_all, args=(names,), daemon=True)
    thread.start()
    return thread
