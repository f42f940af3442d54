# kamerzoek — make run, make test (the whole suite), make test-fast (the unit tests).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test test-fast bench eval clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# CPU-only PyTorch first, from the wheel on disk; a bare "torch" would pull a CUDA build.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: install
	$(BIN)/kamerzoek ingest corpus/
	$(BIN)/kamerzoek serve --host $(HOST) --port $(PORT)

test: install
	bash scripts/test-deps.sh
	$(BIN)/python -m pytest -q

# The tests marked unit (small inputs, no index built, no server or browser started).
test-fast: install
	bash scripts/test-deps.sh
	$(BIN)/python -m pytest -q -m unit

bench: install
	$(BIN)/python -m eval.bench

eval: install
	$(BIN)/kamerzoek eval --out reports/

clean:
	rm -rf data .pytest_cache
