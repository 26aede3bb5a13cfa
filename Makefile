# Two commands on a fresh machine: `make pack` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
WSOA := $(VENV)/bin/wsoa
CONSTRAINTS := requirements/constraints.txt
STAMP := $(VENV)/.installed

.PHONY: setup pack test lint lab lab-env bench clean example-data

setup: $(STAMP)

$(STAMP): pyproject.toml $(CONSTRAINTS)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c $(CONSTRAINTS) -e ".[test]"
	touch $(STAMP)

pack: $(STAMP)
	$(WSOA) pack --latest

test: $(STAMP)
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks

# JupyterLab gets an environment of its own: installed beside the build's, it would slow every
# build (it pulls in rfc3987-syntax, which nbformat then imports: see TOOLCHAIN pitfall 1).
LAB_VENV := .venv-lab
LAB_STAMP := $(LAB_VENV)/.installed

$(LAB_STAMP): pyproject.toml $(CONSTRAINTS)
	test -x $(LAB_VENV)/bin/python || $(PYTHON) -m venv $(LAB_VENV)
	$(LAB_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -c $(CONSTRAINTS) -e ".[lab]"
	touch $(LAB_STAMP)

# Only set up .venv-lab (CI runs this before `make test`, so the JupyterLab test runs there).
lab-env: $(LAB_STAMP)

lab: $(LAB_STAMP)
	$(LAB_VENV)/bin/nbstripout --install   # git strips notebook outputs on commit
	$(LAB_VENV)/bin/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/

bench: $(STAMP)
	$(PY) benchmarks/bench.py

example-data: $(STAMP)
	$(WSOA) make-example-data --data data

clean:
	rm -rf rendered/*/ rendered/index.html rendered/.cache rendered/.work .pytest_cache
