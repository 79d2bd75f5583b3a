# Two commands set everything up from a fresh clone: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: help run test eval bench bench-insights soak lint fmt index messages lexicons clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z][a-z-]*:.*## / {printf "  make %-15s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch first and pinned: the CPU build lies on this machine's disk.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP) ## Build the index if it is missing or stale, then serve on http://127.0.0.1:8000
	$(BIN)/assistant serve

test: $(STAMP) ## Run every test (browser tests need /usr/bin/chromium)
	$(BIN)/assistant index --if-needed
	$(BIN)/python -m pytest

eval: $(STAMP) ## The golden-set report for each retriever
	$(BIN)/assistant index --if-needed
	$(BIN)/assistant eval --retriever dense
	$(BIN)/assistant eval --retriever bm25
	$(BIN)/assistant eval --retriever hybrid

bench: $(STAMP) ## Latency and throughput beside the encoder's floor (load from Debian's wrk)
	@command -v wrk >/dev/null || { echo "installing wrk"; $(SUDO) apt-get install -y -qq wrk; }
	$(BIN)/assistant index --if-needed
	$(BIN)/python -m bench

soak: $(STAMP) ## A warm-up, then ten minutes of mixed traffic at 16 clients: errors, p50/p99, RSS a minute
	@command -v wrk >/dev/null || { echo "installing wrk"; $(SUDO) apt-get install -y -qq wrk; }
	$(BIN)/assistant index --if-needed
	$(BIN)/python -m bench.soak $(SOAK_ARGS)

bench-insights: $(STAMP) ## GET /api/insights over 200,000 recorded replies, on SQLite (and PostgreSQL if given)
	$(BIN)/assistant index --if-needed
	$(BIN)/python -m bench.insights

lint: $(STAMP) ## ruff and mypy over the package, the tests and the bench
	$(BIN)/ruff check assistant tests bench
	$(BIN)/ruff format --check assistant tests bench
	$(BIN)/mypy assistant tests bench

fmt: $(STAMP) ## Format the code and apply ruff's safe fixes
	$(BIN)/ruff check --fix assistant tests bench
	$(BIN)/ruff format assistant tests bench

index: $(STAMP) ## Rebuild the index from corpus/
	$(BIN)/assistant index

LOCALES := assistant/languages/locales
TRANSLATED := ar de es fr hi id it ja ko pt ru tr zh
messages: $(STAMP) ## Extract every sentence the assistant writes into messages.pot and each language's catalogue
	$(BIN)/pybabel -q extract -F babel.cfg -k _ -k N_ -k ngettext:1,2 -k t --no-wrap --sort-by-file \
		--project assistant -o $(LOCALES)/messages.pot .
	for code in $(TRANSLATED); do \
		if [ -f $(LOCALES)/$$code/LC_MESSAGES/messages.po ]; then \
			$(BIN)/pybabel -q update --no-wrap -i $(LOCALES)/messages.pot -d $(LOCALES) -l $$code; \
		else $(BIN)/pybabel -q init --no-wrap -i $(LOCALES)/messages.pot -d $(LOCALES) -l $$code; fi; \
	done

lexicons: $(STAMP) ## Write each language's lexicon (assistant/languages/lexicons) from tools/lexicons
	cd tools/lexicons && for source in ??.py; do ../../$(BIN)/python $$source || exit 1; done

clean: ## Remove the virtualenv and the index builds
	rm -rf $(VENV) index/current index/2* index/.*.tmp index/.vectors
