# Two commands: `make run` builds the whole graph from the corpus, `make test` runs the test suite.
# Both create .venv and install the project first, so a fresh clone needs nothing installed by hand.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# Dagster keeps run history here (git-ignored), with telemetry off.
export DAGSTER_HOME := $(CURDIR)/.dagster_home

.PHONY: install run test eval bench ui clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(DAGSTER_HOME)/dagster.yaml:
	mkdir -p $(DAGSTER_HOME)
	printf 'telemetry:\n  enabled: false\n' > $@

install: $(BIN)/.installed $(DAGSTER_HOME)/dagster.yaml

run: install
	$(BIN)/dagster asset materialize -m pipelines.definitions --select '*'
	$(BIN)/python -m pipelines.report

test: install
	$(BIN)/python -m pytest

# Extraction quality on the hand-labelled gold sample (tests/eval): precision, recall, F1 per type.
eval: install
	$(BIN)/python -m graph.evaluation

# Build timings of the real CLI build on the shipped corpus and on synthetic corpora 10x, 100x and 1000x its
# size (about 12 minutes in all): a report, not a test. Fewer: .venv/bin/python -m pipelines.benchmark --scales 1 10
bench: install
	$(BIN)/python -m pipelines.benchmark

ui: install
	$(BIN)/dagster dev -w workspace.yaml

clean:
	rm -rf $(VENV) $(DAGSTER_HOME) output warehouse/knowledge.duckdb
