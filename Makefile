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
	# the kernel the notebooks name, so plain papermill runs them here too (wsoa pack itself
	# always runs python3)
	$(PY) -m ipykernel install --prefix $(VENV) --name wsoa-workbook \
		--display-name "wsoa-workbook (Python)" >/dev/null
	touch $(STAMP)

pack: $(STAMP)
	$(WSOA) pack --latest

# The suite runs on every core (at most four), a test file to a worker so that a file's
# built packs are built once; `.venv/bin/python -m pytest` runs it in one process.
test: $(STAMP)
	$(PY) -m pytest -n auto --maxprocesses 4 --dist loadfile

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

# The notebooks' kernel, named for the project and run by .venv-lab's Python. (A build runs
# its notebooks with .venv's own "python3" kernel, never this one.)
LAB_KERNEL := $(LAB_VENV)/share/jupyter/kernels/wsoa-workbook/kernel.json

$(LAB_KERNEL): $(LAB_STAMP)
	$(LAB_VENV)/bin/python -m ipykernel install --prefix $(LAB_VENV) --name wsoa-workbook \
		--display-name "wsoa-workbook (Python)" >/dev/null

# What git runs on a notebook it stores (.gitattributes names the filter): outputs, execution
# counts and the kernel's language_info removed, cell ids kept. The committed notebooks are in
# exactly this form (tests/test_notebooks.py), so running one changes nothing git sees.
NBSTRIPOUT_ARGS := --keep-id --extra-keys metadata.language_info

# Only set up .venv-lab (CI runs this before `make test`, so the JupyterLab test runs there).
lab-env: $(LAB_STAMP) $(LAB_KERNEL)

# The filter's command is relative to the top of the work tree (where git runs filters), so
# moving the project keeps it working; it is not `required`, so should .venv-lab be missing,
# git says so and stores the notebook as it is (a test refuses outputs) rather than refuse to
# commit. Old settings of `nbstripout --install` (an absolute path, required) are replaced.
lab: lab-env
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
		git config filter.nbstripout.clean \
			"$$(git rev-parse --show-prefix)$(LAB_VENV)/bin/python -m nbstripout $(NBSTRIPOUT_ARGS)"; \
		git config filter.nbstripout.required false; \
		if git config --get diff.ipynb.textconv | grep -q nbstripout; then \
			git config --unset diff.ipynb.textconv; fi; \
	fi
	@mkdir -p notebooks/scratch
	@echo 'Notebooks open on the newest cycle in params/ (reporting_date = "latest" in their'
	@echo 'first cell: put a date there for another). Explore in notebooks/explore.ipynb, and'
	@echo 'keep experiments in notebooks/scratch/, which git ignores and no build runs.'
	$(LAB_VENV)/bin/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/

bench: $(STAMP)
	$(PY) benchmarks/bench.py

example-data: $(STAMP)
	$(WSOA) make-example-data --data data

clean:
	rm -rf rendered/*/ rendered/index.html rendered/.cache rendered/.work .pytest_cache
