# Frontline: the two commands a new user needs are `make run` and `make test`.
# Everything installs from this repository's own files (uv.lock pins every package).

UV_VERSION := 0.13.9
PYTHON ?= python3
UV := .tools/bin/uv
VENV := .venv
export UV_PYTHON_DOWNLOADS := never
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export GX_ANALYTICS_ENABLED := false

.PHONY: install run test dev serve lint benchmark clean browser

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

install: $(VENV)/.installed  ## create .venv with the locked dependencies

run: install  ## load, build, check and publish (the main Dagster job)
	$(VENV)/bin/frontline run

test: install  ## the whole test suite (what CI runs)
	$(VENV)/bin/python -m pytest

# The site's accessibility tests drive Debian's Chromium through Playwright (Playwright's own
# browser download cannot reach its host here); FRONTLINE_CHROMIUM names another executable.
browser:  ## Debian's chromium for the browser tests, installed with apt when missing
	@command -v $${FRONTLINE_CHROMIUM:-chromium} >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends chromium; }
	@$${FRONTLINE_CHROMIUM:-chromium} --version

dev: install  ## the Dagster UI on http://127.0.0.1:3000 (runs are kept under var/dagster)
	$(VENV)/bin/frontline dev

serve: install  ## PostgreSQL for BI tools on 127.0.0.1:5433 (read-only user bi_reader), kept on the published release
	$(VENV)/bin/frontline serve

PYTHON_SOURCES := orchestration frontline_stats expectations tests benchmarks scripts models

# ruff over every Python folder (the dbt Python models in models/ included); sqlfluff (.sqlfluff) over
# the dbt models and data tests. sqlfluff renders each file with dbt against an in-memory DuckDB,
# so it opens no warehouse, and writes dbt's parse into target/sqlfluff. A file sqlfluff cannot
# lint ("Unable to lint ... internal error") fails the target like a violation.
lint: install  ## ruff (lint and format) and sqlfluff; CI runs it before the tests
	$(VENV)/bin/ruff check $(PYTHON_SOURCES)
	$(VENV)/bin/ruff format --check $(PYTHON_SOURCES)
	@mkdir -p target/sqlfluff
	DBT_TARGET_PATH=target/sqlfluff FRONTLINE_WORKING_DB=:memory: \
		$(VENV)/bin/sqlfluff lint models tests/dbt --processes 2 > target/sqlfluff/lint.log 2>&1; \
		status=$$?; grep -v 'resource_tracker\|warnings.warn' target/sqlfluff/lint.log; \
		if grep -q 'Unable to lint' target/sqlfluff/lint.log; then \
			echo 'make lint: sqlfluff could not lint the file(s) named above'; exit 1; fi; \
		exit $$status

# SCALE: rows of synthetic street files (43 forces, ~11,630 rows a file); make benchmark SCALE=18M
SCALE ?= 2M
benchmark: install  ## scale runs, printed as ratios against a baseline in the same process
	$(VENV)/bin/python benchmarks/scale.py --rows $(SCALE)
	$(VENV)/bin/python benchmarks/comparison_engine.py
	$(VENV)/bin/python benchmarks/checks.py

# A FRONTLINE_HOME elsewhere loses only what runs regenerate (dbt output, run logs), never its
# warehouse or releases.
clean:  ## remove target/ (the parsed dbt manifest) and the default home var/
	rm -rf var target logs
	$(if $(FRONTLINE_HOME),rm -rf "$(FRONTLINE_HOME)/dbt" "$(FRONTLINE_HOME)/logs")
