# One task runner for run, test and lint. Everything lands in .venv (created with python3 -m venv).
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip install --quiet --disable-pip-version-check

CHROMIUM := /usr/bin/chromium
# Word resources the bot reads (rag/lexicon.py): FreeDict English-Indonesian, LibreOffice's Indonesian thesaurus
# and WordNet's lists of irregular English forms
FREEDICT := /usr/share/dictd/freedict-eng-ind.index
MYTHES   := /usr/share/mythes/th_id_ID_v2.dat
WORDNET  := /usr/share/wordnet/verb.exc
# ... and the FreeDict pairs English-X and X-Indonesian that rag/pivot.py renders English through
PIVOT_PAIRS := eng-deu deu-ind eng-nld nld-ind eng-fin fin-ind eng-pol pol-ind
LEXICON  := $(FREEDICT) $(MYTHES) $(WORDNET) $(foreach p,$(PIVOT_PAIRS),/usr/share/dictd/freedict-$(p).index)
PIVOT_TABLE := rag/data/pivot_eng_ind.json
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Debian packages are installed after refreshing apt's lists (once per group of packages)
apt_install = $(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y $(1)

.PHONY: run test e2e lint clean-venv

$(VENV)/.base: pyproject.toml | $(LEXICON)
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) torch==2.13.0
	$(PIP) -e .
	touch $@

$(VENV)/.test: $(VENV)/.base
	$(PIP) -e '.[test]'
	touch $@

# The browser tests drive Debian's chromium (Playwright's own browser download fails offline).
$(CHROMIUM):
	$(call apt_install,chromium)

$(LEXICON) &:
	$(call apt_install,dict-freedict-eng-ind mythes-id wordnet-base $(foreach p,$(PIVOT_PAIRS),dict-freedict-$(p)))

# converted once from the Debian dictionaries (about 15 s); rag/lexicon.py reads the table
$(PIVOT_TABLE): rag/pivot.py rag/lexicon.py | $(VENV)/.base $(LEXICON)
	$(PY) -m rag.pivot

## run: set up, ingest seeds/ if the store is empty, serve the chat on http://127.0.0.1:7860
run: $(VENV)/.base $(PIVOT_TABLE)
	$(VENV)/bin/rag serve

## test: set up with the test extras and run the whole suite (end-to-end tests included)
test: $(VENV)/.test $(CHROMIUM) $(LEXICON) $(PIVOT_TABLE)
	$(PY) -m pytest

e2e: $(VENV)/.test $(CHROMIUM) $(PIVOT_TABLE)
	$(PY) -m pytest -m e2e

lint: $(VENV)/.test
	$(VENV)/bin/ruff check rag ui tests
	$(VENV)/bin/ruff format --check rag ui tests

clean-venv:
	rm -rf $(VENV)
