# Casework: `make run` and `make test` are the contract (README.md). Both work from a fresh clone
# with only Python 3.11+, Node.js/npm and the system packages.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
PG_URL ?= postgres://postgres@127.0.0.1:5432/casework
STATIC := build/static
# The suite runs in parallel test processes (pytest-xdist), one per core up to four (each has its
# own test database: test_casework_gw0, _gw1, ...), tests handed out one by one as processes
# free up; TEST_WORKERS=0 runs it in this process.
TEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); echo $$(( n < 4 ? n : 4 )))
PYTEST := $(BIN)/pytest -q -n $(TEST_WORKERS) --dist load

.PHONY: serve run test install assets lint test-sqlite test-sqlite-without-browser test-postgres postgres chromium lock demo demo-code clean bench bench-data

install: $(VENV)/.installed assets

$(VENV)/.installed: requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

assets: $(STATIC)/casework.css $(STATIC)/govuk-frontend.min.js $(STATIC)/assets/.copied

$(STATIC)/casework.css: node_modules/.installed frontend/casework.scss
	@mkdir -p $(STATIC)
	node_modules/.bin/sass --load-path=node_modules --style=compressed --quiet-deps --no-source-map frontend/casework.scss $@

$(STATIC)/govuk-frontend.min.js: node_modules/.installed
	@mkdir -p $(STATIC)
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js $@

$(STATIC)/assets/.copied: node_modules/.installed
	@mkdir -p $(STATIC)/assets
	cp -r node_modules/govuk-frontend/dist/govuk/assets/images node_modules/govuk-frontend/dist/govuk/assets/manifest.json $(STATIC)/assets/
	@touch $@

demo: install
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo

# The web server and the worker together, in the foreground; Ctrl-C stops both. PORT=N serves
# on N (refused if busy), PORT=0 on any free port; without PORT, 8000 or the next free port.
run: demo
	@$(MANAGE) demo_logins
	$(MANAGE) run_casework $(if $(PORT),--port $(PORT))

# The production server (README, "Running in production"): needs the production environment.
WORKERS ?= 4
BIND ?= 127.0.0.1:8000
serve:
	DJANGO_SETTINGS_MODULE=casework.settings.production $(BIN)/gunicorn casework.wsgi \
		--workers $(WORKERS) --bind $(BIND)

# The demo users' current second-factor code (README, "Demo logins").
demo-code:
	@$(MANAGE) demo_code

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	DJANGO_SETTINGS_MODULE=casework.settings.test $(MANAGE) makemigrations --check --dry-run

chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && exit 0; sleep 1; done; echo "PostgreSQL did not start"; exit 1

test-sqlite: install chromium
	$(PYTEST)

# make test's SQLite run: everything but the browser tests, which run once, on PostgreSQL
# (they check pages, scripts and accessibility in Chromium, not the database: decision 0206).
test-sqlite-without-browser: install
	$(PYTEST) -m "not browser"

test-postgres: install chromium postgres
	DATABASE_URL=$(PG_URL) $(PYTEST)

# One phase after the other. Side by side on a 2-core machine they took 13 min 52 s against
# 14 min 24 s: within the run-to-run noise, the work being bound by the cores (decision 0225).
test: lint test-sqlite-without-browser test-postgres

# The benchmarks work in their own database (the audit benchmark empties its trail).
PG_BENCH_URL ?= postgres://postgres@127.0.0.1:5432/casework_bench
bench: install postgres
	@psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'casework_bench'" | grep -q 1 \
		|| createdb -h 127.0.0.1 -U postgres casework_bench
	DATABASE_URL=$(PG_BENCH_URL) $(PY) bench/run.py

# The national dataset (bench/dataset.py): SIZE participants with journeys, encrypted fields and
# a chained audit trail, in casework_bench_scale_<SIZE>; nothing to do when it is already built.
SIZE ?= 500000
bench-data: install postgres
	nice $(PY) bench/dataset.py --size $(SIZE)

# Regenerate the lock file after changing pyproject.toml.
lock:
	$(BIN)/pip-compile -q --extra dev --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) node_modules build
