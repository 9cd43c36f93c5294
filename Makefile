# Two commands do all the set-up on a fresh machine:
#   make demo   install kg into .venv, build the seeds into ./kg-store, ask who acted against whom
#   make test   install kg with its test extras into .venv and run the test suite
#   make bench  benchmark builds, rebuilds and queries on CORPUS and the seeds; writes bench/RESULTS.md
PYTHON ?= python3
CORPUS ?= ../shared/corpus/bbc-news
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: install demo test bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

demo: install
	$(BIN)/kg build seeds
	$(BIN)/kg query who-acted-against-whom

test: install
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/run.py $(CORPUS) seeds

clean:
	rm -rf kg-store build dist *.egg-info
