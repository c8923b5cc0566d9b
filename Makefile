# Two commands: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The Celery app defaults to the production settings; here, development ones unless told.
DEV_SETTINGS := DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-config.settings.local}

.PHONY: run test install lint worker beat clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	@echo ""
	@echo "Tariff tracker: http://$(HOST):$(PORT)/"
	@echo "Admin:          http://$(HOST):$(PORT)/admin/"
	@echo "  To log in, create an account first:  $(BIN)/python manage.py createsuperuser"
	@echo ""
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The suite in TEST_PROCESSES processes (pytest-xdist), a test file to each at a time: each
# process has its own test database and Redis database (config/settings/test.py).
TEST_PROCESSES ?= 2

test: install
	$(BIN)/python -m pytest --numprocesses=$(TEST_PROCESSES) --dist=loadfile

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo

worker: install
	$(DEV_SETTINGS) $(BIN)/celery -A config worker --loglevel=INFO

beat: install
	$(DEV_SETTINGS) $(BIN)/celery -A config beat --loglevel=INFO

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
