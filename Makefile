# Two commands on a fresh machine:
#   make demo   a demo opposition on the bundled replica, ending with a checked PDF
#   make test   the test suite (what CI runs)
.PHONY: setup demo test lint bench

setup:
	@bash scripts/bootstrap.sh

demo: setup
	.venv/bin/ens-auto oppose --demo

test: setup
	.venv/bin/python -m pytest -q

lint: setup
	.venv/bin/ruff check src tests benchmarks

bench: setup
	.venv/bin/python benchmarks/run.py
