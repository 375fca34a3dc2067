# apure — every install and every check lives here.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: install run demo test quality lint format browser clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

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
