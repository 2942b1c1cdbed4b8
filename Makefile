# Mentor LMS: every target documents itself (`make help`).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# The coverage gate (pyproject's [tool.coverage]: >= 90 % of the plugin's lines, 97 % measured); `COVERAGE=` skips it,
# `COVERAGE="--cov --cov-report=term-missing"` lists the lines not run.
COVERAGE ?= --cov --cov-report=
SWEEP_EXAMPLES ?= 1000
TEMPLATES = $(shell git ls-files '*.html')

.DEFAULT_GOAL := help
.PHONY: assessment-audit help install run serve worker migrate demo compilemessages messages test test-e2e verify-credentials bench bench-pages bench-sanitize lint format check clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) ## Create the virtualenv in .venv and install the project with its dev tools

migrate: $(STAMP) ## Apply database migrations
	$(MANAGE) migrate --noinput

compilemessages: $(STAMP) ## Compile the gettext catalogues in locale/
	$(MANAGE) compilemessages --ignore '.venv' --ignore 'node_modules' -v 0

demo: migrate compilemessages ## Load (or refresh) the demo content: the intensive, reference data and users
	$(MANAGE) load_demo

run: demo ## Set everything up and serve the site on http://$(HOST):$(PORT)
	$(MANAGE) runserver $(HOST):$(PORT)

worker: $(STAMP) ## Run the background task worker (for TASKS_BACKEND=django_tasks_db.DatabaseBackend)
	$(MANAGE) db_worker

serve: ## Serve without setting anything up
	$(MANAGE) runserver $(HOST):$(PORT)

messages: $(STAMP) ## Extract translatable strings into locale/*/LC_MESSAGES/django.po
	$(MANAGE) makemessages -l ru -l en --no-obsolete --add-location file --ignore '.venv/*' --ignore 'tests/*' --ignore 'bench/*'
	$(MANAGE) compilemessages --ignore '.venv' -v 0

test: $(STAMP) compilemessages ## Run the test suite (DATABASE_URL and REDIS_URL pick the database and cache; COVERAGE=--cov for the plugin's coverage gate)
	$(BIN)/pytest $(COVERAGE) $(PYTEST_ARGS)

.PHONY: sweep
sweep: $(STAMP) compilemessages ## The input sweep with new random values: SWEEP_EXAMPLES (1000) per endpoint, never a 5xx
	HYPOTHESIS_PROFILE=explore SWEEP_EXAMPLES=$(SWEEP_EXAMPLES) $(BIN)/pytest tests/lms_site/test_input_sweep.py -s $(PYTEST_ARGS)

test-e2e: $(STAMP) compilemessages ## Run only the browser journeys (Playwright driving /usr/bin/chromium)
	$(BIN)/pytest tests/e2e -s

verify-credentials: $(STAMP) compilemessages ## Verify every demo certificate's Open Badges credential as a stranger would (schemas, JSON-LD terms, JWT by kid, status list)
	env -u DATABASE_URL -u REDIS_URL $(BIN)/python -m tests.mentors.verify_credentials

.PHONY: api-fuzz
api-fuzz: $(STAMP) compilemessages ## Fuzz /api/v1/ with schemathesis against its OpenAPI schema (served demo on a temporary SQLite database; API_FUZZ_EXAMPLES)
	env -u DATABASE_URL -u REDIS_URL $(BIN)/python -m tests.mentors.api_fuzz

assessment-audit: $(STAMP) ## Guessing audit: reader-less strategies against every live assessment (ARGS="--file demo/content/assessments" for the files)
	$(MANAGE) assessment_audit $(ARGS)

bench: $(STAMP) ## Benchmark the registry at 100 000 mentors (PostgreSQL database mentor_bench; BENCH_DATABASE_URL, BENCH_MENTORS)
	$(BIN)/python -m bench

bench-pages: $(STAMP) compilemessages ## Pages' req/s against a bare Wagtail page: gunicorn, PostgreSQL, Redis, wrk (BENCH_PAGES_SECONDS, BENCH_PAGES_ROUNDS); bench/pages-results.json
	$(BIN)/python -m bench.pages

bench-sanitize: $(STAMP) ## Time the HTML sanitiser on hostile input at its size cap (fails above 100 ms); bench/sanitize-results.json
	$(BIN)/python -m bench.sanitize

.PHONY: plugin-check
plugin-check: $(STAMP) ## The wheel in a bare `wagtail start` site (default user model, SQLite), set up as the README says; a learner is certified (tests/plugin_check)
	env -u DATABASE_URL -u REDIS_URL $(BIN)/python -m tests.plugin_check

.PHONY: multiserver-check loadtest soak
multiserver-check: $(STAMP) compilemessages ## Two gunicorn instances on production settings share PostgreSQL, Redis, S3 (moto) and the db_worker: login, photo, certificate PDF across them
	$(BIN)/python -m bench.multiserver

loadtest: $(STAMP) compilemessages ## Locust, headless, 60 s at saturation: learners, schools, certificate checks on gunicorn + PostgreSQL + Redis + worker (LOADTEST_USERS, LOADTEST_SECONDS); bench/loadtest-results.json
	$(BIN)/python -m bench.loadtest

soak: $(STAMP) compilemessages ## A gunicorn worker's memory under the mixed load for 5 minutes and 10,000 requests (≤ 150 MB, no growth); bench/soak-results.json
	$(BIN)/python -m bench.soak

lint: $(STAMP) ## Check code style (ruff, djhtml for the templates), migrations and the system checks: what CI and pre-commit run
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --tabwidth 2 --check $(TEMPLATES)
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run

format: $(STAMP) ## Format and autofix the code with ruff, indent the templates with djhtml
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	$(BIN)/djhtml --tabwidth 2 $(TEMPLATES)

clean: ## Remove the virtualenv, the SQLite database, media and collected static files
	rm -rf $(VENV) db.sqlite3 media private_media static_collected
