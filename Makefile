# Clearpost — the two commands a newcomer runs are `make demo` and `make test`; both install what they need.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
export PORT

.PHONY: install demo test lint bench browser migrate clean

install: $(STAMP) node_modules/.installed

# The engine's hot modules are compiled to C in place (setup.py): any change to the engine's source rebuilds them.
$(STAMP): requirements.lock pyproject.toml setup.py $(wildcard clearpost/policy/engine/*.py)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch node_modules/.installed

migrate: install
	$(BIN)/clearpost migrate --noinput
	DJANGO_SETTINGS_MODULE=config.settings_sandbox $(BIN)/clearpost migrate --noinput

demo: migrate
	$(BIN)/clearpost collectstatic --noinput --verbosity 0
	$(BIN)/clearpost seed-demo
	DJANGO_SETTINGS_MODULE=config.settings_sandbox $(BIN)/clearpost sandbox_seed --demo
	$(BIN)/clearpost demo --port $(PORT)

# Chromium for the browser tests comes from Debian's packages (no browser download).
browser:
	@test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

lint: install
	$(BIN)/ruff check .

test: install browser
	$(BIN)/ruff check .
	$(BIN)/clearpost check --fail-level WARNING
	DEBUG=0 CLEARPOST_HTTPS=1 ALLOWED_HOSTS=clearpost.example.com SECRET_KEY=$$($(BIN)/python -c "import secrets; print(secrets.token_urlsafe(60))") \
		$(BIN)/clearpost check --deploy --fail-level WARNING
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/python bench/run.py

lock:
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) node_modules var build
	find clearpost -name '*.so' -delete; rm -f *__mypyc*.so
