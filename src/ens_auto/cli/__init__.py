"""Command-line interface: one module per command group; thin: parse, call, print.

Each module exposes ``register(app)``. Modules import nothing heavy at import time
(no Playwright, no uvicorn): ``ens-auto --help`` must start fast.
"""
