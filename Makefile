# The README's two commands: `make demo` and `make test`. Both set themselves up first.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup demo test lint bench clean

# A fresh venv with transflow (editable) and its test tools; redone when pyproject changes.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

# The tests run the real msgfmt from GNU gettext: install it when it is missing.
setup: $(STAMP)
	@bash scripts/ensure-system-deps.sh

demo: setup
	$(BIN)/transflow extract
	$(BIN)/transflow status

lint: setup
	$(BIN)/ruff check src tests benchmarks

test: lint
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) .transflow .pytest_cache
