# `make demo` and `make test` each do all the set-up a fresh Debian machine
# needs (system packages, a virtual environment, the tool), then run.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= out

.PHONY: setup demo test lint bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: setup.cfg pyproject.toml scripts/setup-system.sh
	bash scripts/setup-system.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

## The main job on the bundled sample data: validate, rank, PDFs.
demo: setup
	$(BIN)/paritrana validate
	$(BIN)/paritrana rank
	mkdir -p $(OUT)
	$(BIN)/paritrana rank --format csv -o $(OUT)/ranking.csv
	$(BIN)/paritrana rank --format json -o $(OUT)/ranking.json
	$(BIN)/paritrana rank --format xlsx -o $(OUT)/ranking.xlsx
	$(BIN)/paritrana scorecard -o $(OUT)/scorecards
	$(BIN)/paritrana ranklist -o $(OUT)/ranklist.pdf
	@echo "Outputs in $(OUT)/"

## The test suite (what CI runs).
test: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check .

bench: setup
	$(BIN)/python bench/bench_engine.py
	$(BIN)/python bench/bench_render.py

clean:
	rm -rf $(VENV) $(OUT) build *.egg-info
