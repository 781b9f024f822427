# The two commands: `make demo` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
MANIFEST := dbt_project/target/manifest.json
DEMO_AS_OF ?= 2026-10-01
SCALE ?= 1

export DAGSTER_HOME := $(CURDIR)/.dagster_home
# dbt and dg run from the virtualenv whether or not it is activated.
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: install demo test lint dev manifest snapshot bench constraints docs clean

install: $(INSTALLED)

$(INSTALLED): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	@mkdir -p $(DAGSTER_HOME) && cp -n dagster.yaml $(DAGSTER_HOME)/dagster.yaml 2>/dev/null || true
	touch $(INSTALLED)

# dbt's manifest is built here, never committed and never parsed at import time.
$(MANIFEST): $(INSTALLED) $(shell find dbt_project -name '*.sql' -o -name '*.yml' -o -name '*.csv' | grep -v target)
	$(BIN)/dbt parse --quiet --project-dir dbt_project --profiles-dir dbt_project
	@touch $(MANIFEST)

manifest: $(MANIFEST)

demo: $(MANIFEST)
	MAESTRO_AS_OF=$${MAESTRO_AS_OF:-$(DEMO_AS_OF)} $(BIN)/python -m maestro_assets.demo

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint $(MANIFEST)
	$(BIN)/dg check defs
	$(BIN)/python -m pytest

dev: $(MANIFEST)
	$(BIN)/dg dev -w workspace.yaml --host 127.0.0.1 --port 3000

# Regenerate the bundled snapshot under data/snapshots (deterministic).
snapshot: $(INSTALLED)
	$(BIN)/python -m maestro_assets.lib.synthetic data/snapshots

# Benchmarks (not tests): a full build at SCALE x the snapshot (and at SCALE=1 beside a larger
# one, or at every scale of SCALES=1,10,100, for growth), incremental work and the baselines;
# writes bench/results.json and bench/summary.txt.
bench: $(MANIFEST)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev,bench]'
	$(BIN)/python -m maestro_assets.bench --scale $(SCALE) $(if $(SCALES),--scales $(SCALES)) --out bench/results.json

docs: $(INSTALLED)
	$(BIN)/python -m maestro_assets.cli sources --write-readme README.md

constraints: $(INSTALLED)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	{ head -1 constraints.txt; $(BIN)/python -m pip freeze --exclude-editable | sort -f; } > constraints.new
	mv constraints.new constraints.txt

clean:
	rm -rf $(VENV) $(DAGSTER_HOME) dbt_project/target dbt_project/logs
