# Two commands on a fresh Debian machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test bench venv clean

# compileall: byte-code up front, so start-up stays ~0.3 s where PYTHONDONTWRITEBYTECODE
# is set (CI, some containers): it was 0.7 s of every build there
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	$(PY) -m compileall -q src
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/octavo build examples/book/book.tex -o _site; \
	  status=$$?; [ $$status -le 1 ] || exit $$status
	@echo
	@echo "The example book is at: $$(pwd)/_site/index.html"

test: $(STAMP)
	$(PY) -m pytest -q

bench: $(STAMP)
	bash bench/setup.sh
	$(PY) bench/compare.py

clean:
	rm -rf _site .pytest_cache .hypothesis
