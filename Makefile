# Two commands a new user needs: `make run` and `make test`.
# Both create .venv when missing and install everything a fresh machine lacks.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export QT_QPA_PLATFORM ?= offscreen

.PHONY: run test test-fast bench lint typecheck setup clean data

setup: $(STAMP)

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml scripts/install_system_deps.sh | $(PY)
	bash scripts/install_system_deps.sh
	$(PY) -m pip install --upgrade pip wheel setuptools
	# The CPU wheel first, so nothing later can pull the CUDA build.
	$(PY) -m pip install torch==2.13.0
	$(PY) -m pip install -e '.[dev,bench]'
	touch $(STAMP)

run: $(STAMP)
	QT_QPA_PLATFORM=$${DISPLAY:+xcb} $(PY) main.py

test: $(STAMP)
	$(PY) -m pytest -q

test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not slow"

bench: $(STAMP)
	$(PY) -m benchmarks.run_all

lint: $(STAMP)
	$(PY) -m ruff check app models tests
	$(PY) -m mypy

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache build *.egg-info
