# MAPPA Portal. `make run` and `make test` set up everything from a fresh clone.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMPS := .make

help: ## List the targets
	@grep -hE '^[a-z][a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

$(STAMPS):
	@mkdir -p $(STAMPS)

$(STAMPS)/python: requirements.lock pyproject.toml | $(STAMPS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $@

$(STAMPS)/npm: package.json package-lock.json | $(STAMPS)
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(STAMPS)/static: $(STAMPS)/npm assets/scss/portal.scss | $(STAMPS)
	mkdir -p static_build/css static_build/govuk
	npx --no-install sass --quiet --load-path=node_modules --style=compressed --no-source-map assets/scss/portal.scss static_build/css/portal.css
	cp -R node_modules/govuk-frontend/dist/govuk/assets static_build/govuk/
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js static_build/govuk/
	@touch $@

$(STAMPS)/system: | $(STAMPS)
	@# Chromium for browser tests, poppler for PDF checks, oathtool as an independent TOTP.
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium chromium-driver"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	command -v oathtool >/dev/null || missing="$$missing oathtool"; \
	if [ -n "$$missing" ]; then \
	  SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO="sudo -n"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
	@touch $@

install: $(STAMPS)/python $(STAMPS)/static ## Install Python and npm packages and build the design system
	
run: install ## Migrate, seed the demo content and serve on http://127.0.0.1:$(PORT)/ (with the scheduler)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@# Scheduled publishing and the daily jobs run beside the server, and stop with it.
	$(BIN)/python manage.py run_scheduler & scheduler=$$!; trap 'kill $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install $(STAMPS)/system ## Run the whole test suite with its coverage floor (DATABASE_URL picks the database)
	$(BIN)/python -m pytest -n auto --dist loadgroup --cov --cov-report=term $(PYTEST_ARGS)

test-elasticsearch: install ## The live Elasticsearch tests, against the noida-db emulator
	.ci/elasticsearch-tests $(PYTEST_ARGS)

lint: install ## Ruff: the lint rules and the formatting
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

$(STAMPS)/bench-system: | $(STAMPS)
	@# wrk measures HTTP the way other sites are measured.
	@command -v wrk >/dev/null || { SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO="sudo -n"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk; }
	@touch $@

bench: install $(STAMPS)/bench-system ## Benchmarks: throughput (wrk), latency, queries and memory per page
	$(BIN)/python bench/run.py

soak: install $(STAMPS)/bench-system ## About 10 minutes of mixed load while an editor publishes and restricts pages
	$(BIN)/python bench/run.py soak

lock: ## Re-resolve requirements.lock from pyproject.toml
	rm -rf .lockenv && $(PYTHON) -m venv .lockenv
	.lockenv/bin/pip install --quiet --disable-pip-version-check ".[test]"
	.lockenv/bin/pip freeze --exclude-editable | grep -v '^mappa-portal' > requirements.lock
	rm -rf .lockenv

clean: ## Remove installed packages and built assets (keeps the database)
	rm -rf $(VENV) node_modules static_build staticfiles $(STAMPS)

.PHONY: help install run test test-elasticsearch lint bench soak lock clean
