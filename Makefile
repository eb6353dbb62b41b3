# One entry point: `make site` builds the site, `make test` runs the tests.
# Both create .venv/ and install the project into it on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: site pdf test serve serve-en review check evaluate bench-extract benchmark clean help

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)  ## seeds/ -> data/ -> docs/ -> site/ (both languages); BUILD_ARGS=--no-extract renders data/ as committed
	$(BIN)/python -m generator build $(BUILD_ARGS)

pdf: site  ## site/ plus a briefing PDF per region and language (needs fonts-noto-cjk, pango)
	$(BIN)/python -m generator pdf

test: $(STAMP)  ## run the test suite
	$(BIN)/python -m pytest

serve: $(STAMP)  ## live preview of the Chinese site on http://127.0.0.1:8000/
	$(BIN)/python -m generator serve --lang zh

serve-en: $(STAMP)  ## live preview of the English site on http://127.0.0.1:8000/en/
	$(BIN)/python -m generator serve --lang en

review: $(STAMP)  ## reviewer's workbench on http://127.0.0.1:8001/ (accept, correct, reject, add facts)
	$(BIN)/python -m generator review

check: $(STAMP)  ## validate data/ and report translation coverage
	$(BIN)/python -m generator check

evaluate: $(STAMP)  ## score extraction on the seeds against the gold annotations
	$(BIN)/python -m generator evaluate --gold tests/fixtures/gold seeds/

bench-extract: $(STAMP)  ## extraction speed as a ratio to jieba.lcut and a regex pass on the same text (target 1.5x jieba; ~30 s)
	$(BIN)/python benchmarks/bench_extract.py

benchmark: $(STAMP)  ## generator vs plain MkDocs, interleaved, at 5, 100 and 1,000 synthetic articles; writes BENCHMARKS.md (~25 min)
	$(BIN)/python benchmarks/run.py

clean:  ## remove built output (keeps data/)
	rm -rf site build docs/*/report
