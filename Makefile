# The two commands: `make run` (set up and start the demo) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run setup test lint format bench clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

setup: $(STAMP)
	mkdir -p var/mail var/media var/celery/queue var/celery/processed var/celery/control var/celery/results
	$(PY) -m config.compile_translations
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo

# Web server (127.0.0.1:8000), Celery worker and Celery beat in one foreground command; Ctrl-C stops all three.
run: setup
	$(VENV)/bin/honcho start -f Procfile

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: $(STAMP) lint
	$(PY) -m config.compile_translations > /dev/null
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=throwaway-check-deploy-$$RANDOM$$RANDOM-0123456789abcdefghijklmnopqrstuvwxyz \
		ALLOWED_HOSTS=thiduakhenthuong.example.vn $(PY) manage.py check --deploy --fail-level WARNING
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Benchmarks with small defaults, on DATABASE_URL (SQLite under var/ when unset); they print figures, never fail on time.
bench: setup
	$(PY) bench/nomination_flow.py 200
	$(PY) bench/inbox_history.py --tasks 100000
	$(PY) bench/reminders.py --staff 2000 --units 20
	$(PY) bench/zip_bomb.py
	$(PY) bench/decision_docx.py --runs 1
	$(PY) bench/eligibility.py --staff 2000 --units 50 --runs 1
	$(PY) bench/agencies.py --agencies 20 --tasks 20000 --requests 20
	$(PY) bench/dashboard.py --units 50 --staff 2000 --runs 3

clean:
	rm -rf var
