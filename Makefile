# Two commands a new user needs: `make run` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA_DIR ?= data

.PHONY: run test test-fast bench bench-lake eval eval-tune golden-external model-quotes clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/dateline run --data-dir $(DATA_DIR)

# The suite on up to 4 cores (pytest-xdist); a test file's tests stay on one worker, so its
# module fixtures (a model run, a served inbox) are built once.
test: $(STAMP)
	$(BIN)/python -m pytest -n auto --maxprocesses 4 --dist loadfile

# While developing: everything but the tests that load the spaCy model or run a flow (marked e2e).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -n auto --maxprocesses 4 --dist loadfile -m "not e2e"

# bench and eval run lab equipment from this checkout (benchmarks/, evaluation/: not installed).
bench: $(STAMP)
	$(BIN)/python -m benchmarks.bench

# What one small scheduled run costs as the lake grows (1,000 to 1,000,000 synthetic articles).
# Quick: make bench-lake SIZES=1000,10000,100000
SIZES ?= 1000,100000,1000000
bench-lake: $(STAMP)
	$(BIN)/python -m benchmarks.lake --sizes $(SIZES)

eval: $(STAMP)
	for noun in quotes speakers entities identity events rams html; do $(BIN)/dateline eval $$noun || exit 1; done

# The tuning loop (docs/evaluation.md): the large sets rules are tuned on, and the dev sets they
# are checked on, with the model's parse kept in build/parse-cache (the first run parses).
eval-tune: $(STAMP)
	$(BIN)/dateline eval quotes --gold $(EVAL_DATA)/polnear/train --out build/eval/polnear-train --parse-cache build/parse-cache
	$(BIN)/dateline eval quotes --out build/eval/polnear-dev --parse-cache build/parse-cache
	$(BIN)/dateline eval rams --out build/eval/rams-dev --parse-cache build/parse-cache
	$(BIN)/dateline eval events --out build/eval/wikievents-dev --parse-cache build/parse-cache

# The quote model (models/quote-spans, training/README.md): PolNeAR train (read from EVAL_DATA at
# run time) parsed by the stock model, then `spacy train` with training/quotes.cfg (fixed seed,
# CPU), then copied in with only its labels as strings. QCACHE: docs already parsed (a speed-up).
# `make run` and `make test` never train.
EVAL_DATA ?= ../shared/eval-data
QCACHE ?=
model-quotes: $(STAMP)
	$(BIN)/python -m training.convert --gold $(EVAL_DATA)/polnear/train --out build/quote-model $(if $(QCACHE),--cache $(QCACHE))
	rm -rf build/quote-model/trained
	nice -n 10 $(BIN)/python -m spacy train training/quotes.cfg --code training/reader.py --output build/quote-model/trained
	$(BIN)/python -m training.package build/quote-model/trained/model-best models/quote-spans --check build/quote-model/heldout.spacy

# Whether a change alters any extraction output: every evaluation's predictions and a BBC run's
# tables against BASE (default HEAD: the uncommitted change).
BASE ?= HEAD
golden-external: $(STAMP)
	$(BIN)/python -m evaluation.golden_external --base $(BASE)

# The data dir goes only when Dateline made it (its dateline.json marker): never a folder of yours.
clean:
	rm -rf $(VENV) .pytest_cache
	if [ -f $(DATA_DIR)/dateline.json ]; then rm -rf $(DATA_DIR); fi
