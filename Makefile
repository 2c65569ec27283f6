# Set up a virtual environment and run skser's jobs. Needs only Python >= 3.10 and make.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# A CPU build of torch: an open range would pull a multi-GB CUDA build.
TORCH ?= torch==2.13.0

.PHONY: demo test lint docs bench mutation clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/activate setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet "$(TORCH)"
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

# The main job: the end-to-end demo.
demo: $(VENV)/.installed
	$(BIN)/skser demo

# ruff, the import contracts of pyproject.toml (the layers of the house), then the
# house's sizes and crossings: modules under 600 lines, functions under 100, no
# private name across subpackages, no import circle.
lint: $(VENV)/.installed
	$(BIN)/ruff check skser tests examples benchmarks docs tools
	$(BIN)/ruff format --check skser tests examples benchmarks docs tools
	$(BIN)/lint-imports
	$(BIN)/python tools/house_stats.py --check --top 0

# Lint, then the test suite. pytest's exit code 5 (no test collected) is a failure.
test: lint
	$(BIN)/python -m pytest; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; \
	exit $$rc

# The documentation, warnings as errors; the gallery examples run during the build.
docs: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[docs]"
	MPLBACKEND=Agg $(BIN)/sphinx-build -W --keep-going -b html -j 1 docs docs/_build/html

# Every benchmark of benchmarks/, one Markdown table of ratios (also in bench.md);
# `make bench BENCH=--quick` for a shorter run.
BENCH ?=
bench: $(VENV)/.installed
	nice -n 10 $(BIN)/python benchmarks/run_all.py $(BENCH)

# Mutation testing of the pure modules (losses, metrics, preprocessing, compose):
# too slow for CI. Settings in pyproject.toml [tool.mutmut]; see CONTRIBUTING.md.
mutation: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	HYPOTHESIS_PROFILE=mutation nice -n 10 $(BIN)/mutmut run --max-children 1; \
	$(BIN)/mutmut results

clean:
	rm -rf $(VENV) docs/_build docs/auto_examples docs/generated .pytest_cache .hypothesis mutants
