"""Start-up side by side: while the browser driver starts, the run's modules load.

Starting Playwright's driver (a separate program) takes a few hundred milliseconds in
which this process only waits for it. Meanwhile a thread imports what the run needs next
(settings, the flow's models, the runner, the journal), so that the run starts as if they
were already there (the PDF reader loads later, while the browser starts). No browser
starts here: the driver is not a browser, and bad input is still refused before any
browser opens.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

#: What a run imports after the command line is read. Imported in a thread
#: while the driver starts; an error here is ignored (the run imports them again and then
#: says what is wrong).
RUN_MODULES = (
    "ens_auto.config",
    "ens_auto.flow.load",
    "ens_auto.details",
    "ens_auto.execute",
    "ens_auto.cli.ui",
    "ens_auto.cli.running",
)


#: The commands that run a flow in a browser.
RUN_COMMANDS = frozenset({"oppose", "close"})
HELP_OPTIONS = frozenset({"-h", "--help"})


def warm_for(argv: Sequence[str], cli_modules: tuple[str, ...]) -> None:
    """When the command line asks for a run (not its help), start the driver before the
    command line is even read, importing the command modules (``cli_modules``: Typer, and
    pydantic through it) and the run's meanwhile. Bad options are still refused before any
    browser opens: the driver is not a browser. The run's own :func:`warm_start` then finds
    it started."""
    if not argv or argv[0] not in RUN_COMMANDS or HELP_OPTIONS & set(argv):
        return
    warm_start((*cli_modules, *RUN_MODULES))


def warm_start(modules: tuple[str, ...] = RUN_MODULES) -> None:
    """Start the browser driver, importing ``modules`` in a thread meanwhile.

    Playwright (and platformdirs, for the driver's cache) is imported first, here, so
    that the two threads never import the same modules at the same time; the thread then
    has the interpreter while this one waits for the driver."""
    import platformdirs  # noqa: F401 - before the thread: no import in both at once
    import playwright.sync_api  # noqa: F401

    from ens_auto.flow.driver import PLAYWRIGHT
    from ens_auto.preload import preload

    thread = preload(modules)
    with contextlib.suppress(Exception):  # the run starts it again and says what fails
        PLAYWRIGHT.get()
    thread.join()
