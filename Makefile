# Casebook: `make run` starts the app, `make test` runs the whole suite headless.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export QT_QPA_PLATFORM ?= offscreen

.PHONY: run test journeys lint bench soak screenshots demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	QT_QPA_PLATFORM= $(BIN)/casebook-gui $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check core gui resources tests
	$(BIN)/lint-imports
	$(BIN)/mypy

# One worker per processor (pytest-xdist; at most 4): each test has its own data folder.
test: lint
	$(BIN)/python -m pytest -n auto --maxprocesses=4
	$(MAKE) --no-print-directory journeys

# The real app in a real X window (Xvfb, Qt's xcb platform), in a pytest process of its own.
journeys: $(STAMP)
	QT_QPA_PLATFORM=xcb $(BIN)/python -m pytest tests/journeys -rs

bench: $(STAMP)
	$(BIN)/python -m tests.bench.run

soak: $(STAMP)
	$(BIN)/python -m pytest tests/reliability -m soak -p no:randomly

screenshots: $(STAMP)
	$(BIN)/python -m tests.screenshots

demo: $(STAMP)
	$(BIN)/casebook demo

clean:
	rm -rf $(VENV) build *.egg-info
