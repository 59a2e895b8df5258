# The README's two commands: `make demo` and `make test`. Both set themselves up first.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
WHEELS := $(VENV)/wheelhouse

.PHONY: setup demo test lint docs bench clean

# A fresh venv with transflow (editable) and its test tools; redone when pyproject changes.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@# Tests only: argostranslate without its 1.5+ GB of deps, to check package-folder
	@# compatibility (importing argostranslate.package needs none of them). Not a runtime dep.
	$(BIN)/python -m pip install -q --no-deps argostranslate
	@# pip byte-compiles what it installs, but not an editable package's sources; where
	@# PYTHONDONTWRITEBYTECODE is set, every command would compile transflow anew (~0.05 s)
	$(BIN)/python -m compileall -q src
	touch $(STAMP)

# The wheels of transflow's dependencies and of its build backend, so the tests can run the
# `language: python` pre-commit hook, which pip-installs transflow into an environment of its
# own, with no network (PIP_NO_INDEX; tests/test_integrations.py). Redone when pyproject changes;
# only `make test` needs it.
$(WHEELS)/.downloaded: pyproject.toml $(STAMP)
	rm -rf $(WHEELS)
	$(BIN)/python -m pip download -q -d $(WHEELS) . $$($(BIN)/python -c 'import tomllib; \
		print(*tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"])')
	touch $@

# The tests run the real msgfmt from GNU gettext: install it when it is missing.
setup: $(STAMP)
	@bash scripts/ensure-system-deps.sh

demo: setup
	$(BIN)/transflow extract
	@# Machine translation needs Argos models for the sample's pairs (en-ko, en-zh); without
	@# them the demo says how to get them and reuses reviewed translations only.
	@if $(BIN)/transflow models list --check >/dev/null; then \
		$(BIN)/transflow translate; \
	else \
		$(BIN)/transflow models list; \
		echo "No models for the sample's pairs: translating from the translation memory only."; \
		$(BIN)/transflow translate --memory-only; \
	fi
	$(BIN)/transflow check
	$(BIN)/transflow status
	@# publish exits 1 when editions are held back, as expected in the sample (one article is
	@# reviewed); `|| [ $$? -eq 1 ]` accepts exactly that, so a real error (exit 2) still fails.
	$(BIN)/transflow publish || [ $$? -eq 1 ]

# Lint: ruff (rules and formatting), mypy over src/, and the generated command reference.
lint: setup
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/python scripts/cli_reference.py --check

# The README's command table and docs/commands.md, from `--help` (`make lint` checks them).
docs: setup
	$(BIN)/python scripts/cli_reference.py

# PYTHONDONTWRITEBYTECODE= (empty: unset) lets pytest keep its rewritten test modules and
# Python the libraries' bytecode between runs; where it is set, each run recompiles them all
# (~4 s of CPU).
test: lint $(WHEELS)/.downloaded
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) .transflow .pytest_cache
