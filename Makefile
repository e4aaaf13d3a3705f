# Two commands: `make run` builds the whole graph from the corpus, `make test` runs the test suite.
# Both create .venv and install the project first, so a fresh clone needs nothing installed by hand.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# Dagster keeps run history here (git-ignored), with telemetry off.
export DAGSTER_HOME := $(CURDIR)/.dagster_home

.PHONY: install run test chromium sql curate eval bench ui clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# The instance settings (telemetry off, one refresh at a time): pipelines/dagster.yaml, kept in step, and
# the build pool's one slot set at once (Dagster otherwise gives a pool its default limit only when a
# queued run first needs it, too late for runs queued in that same instant). Runs after the install.
$(DAGSTER_HOME)/dagster.yaml: pipelines/dagster.yaml
	mkdir -p $(DAGSTER_HOME)
	cp pipelines/dagster.yaml $@
	$(BIN)/dagster instance concurrency set knowledge_graph_build 1 >/dev/null

# The `dagster` commands below work in Dagster 1.13 but warn that the `dg` CLI supersedes them (it needs
# the dagster-dg-cli package and a dg project layout this repository does not use): exactly those two
# messages are silenced, every other warning still shows.
QUIET_CLI := PYTHONWARNINGS='ignore:Function `job_execute_command` is superseded,ignore:Function `dev_command` is superseded'

install: $(BIN)/.installed $(DAGSTER_HOME)/dagster.yaml

# The refresh job the corpus sensor requests: observe the corpus, then build every asset and run every check.
run: install
	$(QUIET_CLI) $(BIN)/dagster job execute -m pipelines.definitions -j refresh_knowledge_graph
	$(BIN)/python -m pipelines.report

# The browser tests drive Debian's Chromium (tests/conftest.py): installed here when it is missing (as root,
# like CI), otherwise make test stops at once saying what to install.
CHROMIUM := /usr/bin/chromium
test: chromium install
	$(BIN)/python -m pytest

chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" != 0 ]; then \
	    echo "make test needs Debian's Chromium ($(CHROMIUM)) for its browser tests: run 'sudo apt-get install -y chromium' (or make test as root), then make test again" >&2; \
	    exit 1; \
	  fi; \
	  echo "Installing Debian's Chromium for the browser tests (apt-get install chromium)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  test -x $(CHROMIUM) || { echo "apt-get installed chromium, but $(CHROMIUM) is still missing" >&2; exit 1; }; \
	fi

# An interactive SQL shell on the warehouse: the DuckDB CLI the project installs, opened read-only so a
# refresh is never blocked by it. A single query: make sql ARGS="-c 'SELECT count(*) FROM documents'"
SQL_WAREHOUSE = $(or $(KG_WAREHOUSE),warehouse/knowledge.duckdb)
sql: install
	@test -f "$(SQL_WAREHOUSE)" || { echo "No warehouse at $(SQL_WAREHOUSE) yet: build it with make run first." >&2; exit 1; }
	@$(BIN)/duckdb -readonly $(ARGS) "$(SQL_WAREHOUSE)"

# Curation: add an entity_candidates term to the ontology as an entity or an alias (python -m graph.curate --help):
# make curate ARGS='add "TigerBeetle" --type technology'   make curate ARGS='alias apache-kafka "Kafka broker"'
curate: install
	@$(BIN)/python -m graph.curate $(ARGS)

# Extraction quality on the hand-labelled gold sample (tests/eval): precision, recall, F1 per type.
eval: install
	$(BIN)/python -m graph.evaluation

# Build timings of the real CLI build on the shipped corpus and on synthetic corpora 10x, 100x and 1000x its
# size (about 12 minutes in all): a report, not a test. Fewer: .venv/bin/python -m pipelines.benchmark --scales 1 10
bench: install
	$(BIN)/python -m pipelines.benchmark

ui: install
	$(QUIET_CLI) $(BIN)/dagster dev -w workspace.yaml

clean:
	rm -rf $(VENV) $(DAGSTER_HOME) output warehouse/knowledge.duckdb
