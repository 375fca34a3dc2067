# apure — every install and every check lives here.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

# Every dependency, transitive ones included, pinned with its hashes (main, dev and prod).
LOCK := requirements/lock.txt
LOCK_VENV ?= var/lock-venv

.PHONY: install lock run demo test quality lint format browser clean

## Install exactly the locked dependencies, then the project itself
install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml $(LOCK)
	$(PYTHON) requirements/check_lock.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

## Regenerate the lock from pyproject.toml (after adding or re-pinning a dependency)
lock:
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet "$$($(PYTHON) requirements/check_lock.py --pip-tools)"
	$(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links --extra dev --extra prod \
	  --output-file $(LOCK) pyproject.toml
	$(PYTHON) requirements/check_lock.py

## Install, prepare the demo data (idempotent) and serve on http://127.0.0.1:8000
run: install
	$(BIN)/apure demo
	$(BIN)/apure runserver $(HOST)

demo: install
	$(BIN)/apure demo

## Install and run the whole test suite (DATABASE_URL selects PostgreSQL)
test: install
	$(BIN)/pytest

quality: install
	$(BIN)/python requirements/check_lock.py
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint apure --lint
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python -m django makemigrations --check --dry-run
	SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(60))') ALLOWED_HOSTS=apure.example.org DJANGO_SETTINGS_MODULE=config.settings.prod $(BIN)/apure check --deploy --fail-level WARNING

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djlint apure --reformat --quiet || true

## Headless Chromium for the accessibility checks (Debian package, needs root)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "Installez Chromium (paquet Debian « chromium ») pour les tests d'accessibilité."; fi; }

clean:
	rm -rf $(VENV) var .pytest_cache
