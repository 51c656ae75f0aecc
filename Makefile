# The README names these targets. Each installs what it needs first.
SHELL := /bin/bash
export DAGSTER_DISABLE_TELEMETRY := 1
export UV_COMPILE_BYTECODE := 1
UV := $(shell command -v uv 2>/dev/null || echo python3 -m uv)
MONTH ?=

.PHONY: setup run sample-data test lint format ui browser-test dictionary clean

setup:
	@./scripts/setup.sh

## Produce the reports of the data root ($PIPELINE_DATA_DIR, default data/): writes the sample
## first only when its raw/ holds no file at all (a README aside).
run: setup
	@raw="$${PIPELINE_DATA_DIR:-data}/raw"; \
	if [ -z "$$(find "$$raw" -type f ! -name README.md ! -name README -print -quit 2>/dev/null)" ]; then \
		echo "$$raw holds no input file: writing the synthetic sample there"; \
		$(UV) run python -m pipeline sample-data || exit 1; \
	fi
	$(UV) run python -m pipeline run $(if $(MONTH),--month $(MONTH))

sample-data: setup
	$(UV) run python -m pipeline sample-data

## Lint and run every test tier (what CI runs) on both cores (pytest-xdist): the browser and
## cluster tests, which start servers, one at a time on one worker while the other runs the unit,
## SQL and end-to-end tests (tests/xdist_groups.py). Temporary files go to /dev/shm when it is a
## roomy tmpfs (tests/conftest.py); PIPELINE_TESTS_ON_DISK=1 keeps them in TMPDIR or /tmp.
test: setup
	$(UV) run ruff check pipeline tests benchmarks
	$(UV) run ruff format --check pipeline tests benchmarks
	$(UV) run lint-imports
	$(UV) run pytest -q -n 2

## Serve the Dagster UI on http://127.0.0.1:3000 with the data root's own instance (Ctrl-C stops it).
ui: setup
	@./scripts/ui.sh

## Drive headless Chromium through the UI: Materialize all for 2025-09, wait, check the PDF.
## UI_SCREENSHOT_DIR=dir keeps the screenshots. (Also part of `make test`.)
browser-test: setup
	$(UV) run pytest -q -m browser tests/browser

lint: setup
	$(UV) run ruff check pipeline tests benchmarks
	$(UV) run ruff format --check pipeline tests benchmarks
	$(UV) run lint-imports

format: setup
	$(UV) run ruff format pipeline tests benchmarks
	$(UV) run ruff check --fix pipeline tests

## Regenerate docs/data_dictionary.md from pipeline/catalog/ (CHECK=1: fail if stale).
dictionary: setup
	$(UV) run python -m pipeline dictionary $(if $(CHECK),--check)

clean:
	rm -rf data/processed/coverage.duckdb data/processed/exports data/processed/reports
