# civic – everything a developer repeats. Needs only Python 3.11 on the machine.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
export FLASK_APP := wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
VNU_VERSION := 26.9.27
VNU_STAMP := .tools/.vnu-jar-$(VNU_VERSION)

.PHONY: help run setup setup-test test test-sqlite test-postgres browser lint format \
        translations compile-translations migrate demo-data clean bench wrk bench-data audit

help:
	@echo "make run           set up, migrate, load demo data and serve on http://$(HOST):$(PORT)"
	@echo "make test          set up and run the whole suite (SQLite; PostgreSQL too with TEST_DATABASE_URL)"
	@echo "make lint          ruff check and format check"
	@echo "make format        ruff format and fix"
	@echo "make translations  extract, update and compile the catalogs"
	@echo "make migrate       bring the database schema up to date"
	@echo "make bench         load benchmark: a generated city under gunicorn, driven by wrk"
	@echo "make bench-data    generate a city (BENCH_SCALE=1: 100,000 projects) into BENCH_DATABASE_URL"
	@echo "make audit         pip-audit: known vulnerabilities in the installed packages"
	@echo "make clean         remove the virtualenv and caches (keeps instance/)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]'
	touch $@

setup: $(VENV)/.installed compile-translations

setup-test: $(VENV)/.installed-test compile-translations browser $(VNU_STAMP)

# The Nu Html Checker for the HTML validity test (tests/browser/validator.py), from npm into
# .tools/; it runs on the machine's Java.
$(VNU_STAMP):
	npm install --prefix .tools --no-save --no-audit --no-fund --ignore-scripts vnu-jar@$(VNU_VERSION)
	@test -f .tools/node_modules/vnu-jar/build/dist/vnu.jar
	touch $@

compile-translations: | $(BIN)/python
	$(BIN)/pybabel compile -d translations

translations: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_pgettext:1c,2 -k ngettext:1,2 -k lazy_ngettext:1,2 -o translations/messages.pot --no-location --sort-output --project civic --copyright-holder "civic contributors" .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching
	$(BIN)/python translations/fill_english.py translations/en/LC_MESSAGES/messages.po
	$(BIN)/pybabel compile -d translations

migrate: setup
	$(BIN)/flask civic migrate

demo-data: migrate
	$(BIN)/flask civic demo-data --if-empty

run: demo-data
	@echo "Serving on http://$(HOST):$(PORT) – stop with Ctrl+C"
	$(BIN)/flask run --host $(HOST) --port $(PORT)

# The load benchmark (bench/run.py): PostgreSQL when BENCH_DATABASE_URL is set, SQLite otherwise;
# BENCH_SCALE sets the size of the generated city (1 = 100,000 projects), BENCH_SECONDS each run.
bench: setup wrk
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# A generated city (bench/generate.py) in BENCH_DATABASE_URL, or else in instance/bench.sqlite:
# BENCH_SCALE=1 is the full size (1,000,000 comments), 0.1 a tenth; BENCH_DATA_ARGS=--force
# empties the database first, e.g. BENCH_DATA_ARGS="--seed 2 --comments 200000".
bench-data: setup
	$(BIN)/python -m bench.generate \
	  --database-url "$${BENCH_DATABASE_URL:-sqlite:///$(CURDIR)/instance/bench.sqlite}" \
	  --scale "$${BENCH_SCALE:-1}" $(BENCH_DATA_ARGS)

wrk:
	@if ! command -v wrk >/dev/null; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's wrk for the benchmark ..."; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null); \
	  else \
	    echo "wrk is missing: install it (apt-get install wrk)"; exit 1; \
	  fi; \
	fi

# Browser tests drive Debian's Chromium; install it when it is missing and we may.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests ..."; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "WARNING: chromium could not be installed; browser tests will be skipped (fail under CI=true)."; \
	  else \
	    echo "WARNING: /usr/bin/chromium is missing; browser tests will be skipped (fail under CI=true)."; \
	  fi; \
	fi

test: setup-test
	env -u TEST_DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS)
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
	  echo "=== Running the suite again on PostgreSQL ==="; \
	  $(BIN)/pytest $(PYTEST_ARGS); \
	fi

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check civic tests bench config.py wsgi.py

format: $(VENV)/.installed-test
	$(BIN)/ruff format civic tests config.py wsgi.py
	$(BIN)/ruff check --fix .

# Known vulnerabilities in the installed packages (needs PyPI's vulnerability data online).
audit: $(VENV)/.installed-test
	$(BIN)/pip-audit --strict --skip-editable --progress-spinner off

clean:
	rm -rf $(VENV) .tools .pytest_cache .ruff_cache *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
