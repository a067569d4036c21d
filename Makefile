# Lectern: `make run` to serve the site with demo content, `make test` for the suite.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CSS_IN := portal/static_src/site.css
CSS_OUT := portal/static/css/site.css
HOST ?= 127.0.0.1:8000
# Absolute links (emails, the admin, the demo site's address) follow HOST
# unless WAGTAILADMIN_BASE_URL says otherwise.
export WAGTAILADMIN_BASE_URL ?= http://$(HOST)

.PHONY: run install install-dev css css-watch migrate demo test test-sqlite test-postgres lint format worker bench-chat bench-search clean
# Production topology (site/): prodlike, its smoke test, backups.
.PHONY: prodlike smoke backup restore

# The site and a task worker (search indexing, emails, scheduled deletions);
# stopping the server stops the worker too.
run: install css migrate demo
	$(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST)

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

css: install
	$(BIN)/tailwindcss --input $(CSS_IN) --output $(CSS_OUT) --minify

css-watch: install
	$(BIN)/tailwindcss --input $(CSS_IN) --output $(CSS_OUT) --watch

migrate: install
	$(BIN)/python manage.py migrate --no-input

demo: install
	$(BIN)/python manage.py seed_demo

worker: install
	$(BIN)/python manage.py db_worker

# Lint; the unit tests on SQLite beside the prod-like smoke test (servers,
# ports and a database cluster of its own); then the unit tests on PostgreSQL
# beside the browser journeys.
test: lint
	$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite smoke
	$(MAKE) --no-print-directory test-postgres

# Spread over the machine's cores (pytest-xdist): each worker has a test
# database, a live server and a browser of its own. The slowest tests are
# listed at the end, to see where CI's time goes.
PYTEST := $(BIN)/python -m pytest -n auto --durations=15

# To stay within CI's time, `make test` runs some tests on one database only
# (plain `pytest` runs them all):
# - the checks of every address as every role (marked every_door) and the
#   browser journeys on PostgreSQL, what production runs: they take minutes
#   and test the same rules on either database;
# - the tests that never touch the database (not marked `database`) on SQLite:
#   their result cannot depend on which one it is;
# - the chat consumers on each channel layer beside the database it goes
#   with: the in-memory one on SQLite, as in development, Redis on
#   PostgreSQL, as in production.
test-sqlite: install-dev css
	$(MAKE) --no-print-directory units UNITS='-m "not every_door and not redis_layer"'

test-postgres: install-dev css
	.ci/with-postgres $(MAKE) --no-print-directory -j2 --output-sync=target units journeys UNITS='-m "database and not memory_layer"'

# On PostgreSQL, the unit tests and the browser journeys run side by side,
# each printing when it ends. The journeys wait on the browser and the live
# server about half of the time; the unit tests, at a lower priority, take
# the cores the journeys leave without slowing them.
.PHONY: units journeys
UNITS ?=
units:
	nice -n 10 $(PYTEST) $(UNITS)

journeys:
	$(PYTEST) e2e

# Production topology, see site/README.md. `prodlike` serves the demo content
# through nginx (TLS, static files, X-Accel-Redirect) to granian (WSGI) and
# daphne (ASGI, /ws/), with the task worker, Redis on loopback and a
# throwaway PostgreSQL cluster; `smoke` runs site/smoke.py against it.
prodlike: install css
	site/prodlike

smoke: install-dev css
	site/prodlike $(BIN)/python site/smoke.py

# pg_dump plus both media folders, into var/backups/ (BACKUP_DIR); DATABASE_URL
# names the database. `make restore BACKUP=var/backups/lectern-...` puts one back.
backup:
	site/backup

restore:
	site/restore $(BACKUP)

# Benchmarks: the pages, then chat. `bench-pages` (bench/pages.py) prints each
# main page's requests per second as a fraction of a trivial view's, its
# latency and queries per request: one granian worker under wrk -c16, on the
# demo content and after seed_scale (2,000 courses, 50,000 lessons, 20,000
# users), on a throwaway PostgreSQL cluster; needs Redis (REDIS_URL, default
# db 15 on loopback) and wrk. About 10 minutes; a quicker run:
# make bench-pages BENCH_PAGES="--courses 200 --users 2000 --seconds 3"
.PHONY: bench bench-pages
BENCH_PAGES ?=
bench: bench-pages bench-chat

bench-pages: install-dev
	.ci/with-postgres $(BIN)/python bench/pages.py $(BENCH_PAGES)

# The chat fan-out benchmark, one ASGI process per core, on a throwaway
# PostgreSQL cluster: needs Redis (REDIS_URL, default db 15 on loopback).
bench-chat: install-dev
	.ci/with-postgres $(BIN)/python bench/chat_fanout.py --rounds 10:500 100:500 500:500 500:5000 500:8000

# The search page's throughput against a trivial view, with the demo content
# and a generated catalog of 50,000 lessons, on a throwaway PostgreSQL
# cluster; needs Redis (REDIS_URL, default db 15 on loopback).
bench-search: install-dev
	.ci/with-postgres $(BIN)/python bench/search_page.py

# Style, the floors apps import along (pyproject.toml's import contracts), and
# no model change without its migration.
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) $(CSS_OUT) static
