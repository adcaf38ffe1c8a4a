# The ODOP portal. `make run` serves it with reference data and demo accounts; `make test` runs
# the tests. Both create the virtual environment (.venv) and install the pinned requirements.
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# Test processes (pytest-xdist): one per CPU, four at most. Each has its own test database and
# cache prefix; the integration tests in each start their own Celery worker on a queue of their
# own. `--dist load` hands tests out in pytest-django's order, so each process still runs its
# transactional tests (which empty the tables) after the others.
TEST_PROCESSES ?= auto

.PHONY: venv run test lint format migrate worker beat messages clean

$(STAMP): requirements.txt requirements-dev.txt
	@python_bin=$$(scripts/find-python) || exit 1; \
	  if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$python_bin"; "$$python_bin" -m venv $(VENV); fi
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $(STAMP)

venv: $(STAMP)

migrate: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_reference_data

run: migrate
	$(PY) manage.py seed_demo
	@echo "Serving the ODOP portal at http://$(HOST):$(PORT)/ (Ctrl-C stops it)"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: venv
	$(PY) -m pytest -n $(TEST_PROCESSES) --maxprocesses 4 --dist load $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo --no-cache

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

worker: venv
	$(BIN)/celery -A odop_portal worker -l info

beat: venv
	$(BIN)/celery -A odop_portal beat -l info

messages: venv
	$(PY) manage.py makemessages -l hi --no-obsolete --ignore '.venv/*' --ignore 'var/*'
	$(PY) manage.py compilemessages -l hi --ignore '.venv/*'

clean:
	rm -rf $(VENV) var test-artifacts db.sqlite3
