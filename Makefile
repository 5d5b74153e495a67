# lcwasm: make run (build dist and serve the demo), make test (everything CI runs).
# make bench: measure the widget against the floor program in headless Chromium; writes bench/out/report.json.

GO       ?= go
GOROOT   := $(shell $(GO) env GOROOT)
CHROMIUM ?= /usr/bin/chromium
ADDR     ?= 127.0.0.1
PORT     ?= 8080

# staticcheck, pinned: 2026.2.2 (v0.8.2) knows Go 1.26. Built once from the
# Go module proxy into bin/ (the host's binary, also for the js/wasm run).
STATICCHECK_VERSION := v0.8.2
STATICCHECK         := bin/staticcheck-$(STATICCHECK_VERSION)

# The module's packages compiled into the wasm bundle (what ./wasm imports),
# plus the helper packages their tests import (widgettest, domtest, ...):
# vetted and staticchecked for js/wasm as well. Derived, never listed by hand.
LIST_MAIN  = -f '{{if not .ForTest}}{{with .Module}}{{if .Main}}{{$$.ImportPath}}{{end}}{{end}}{{end}}'
BUNDLE_PKGS = $(shell GOOS=js GOARCH=wasm $(GO) list -deps $(LIST_MAIN) ./wasm)
WASM_PKGS   = $(shell GOOS=js GOARCH=wasm $(GO) list -deps -test $(LIST_MAIN) $(BUNDLE_PKGS) | grep -v '\.test$$' | sort -u)
# Host packages: everything but the e2e suite, tested with -race.
HOST_PKGS   = $(shell $(GO) list ./... | grep -v '/e2e$$')
# js/wasm unit tests of the browser bridge, run in headless Chromium by
# cmd/wasmbrowser (they need a real DOM), and the bench's rules floor, so
# the program it measures is known to work.
BROWSER_DIRS := $(wildcard jsbridge bench/rulesfloor)
BROWSER_PKGS  = $(shell GOOS=js GOARCH=wasm $(GO) list -e $(addprefix ./,$(addsuffix /...,$(BROWSER_DIRS))))

.PHONY: build run test lint vet fmt-check staticcheck host-test chromium postgres browser-test clean

build:
	@echo "make build: compiling cmd/lcwbuild (on an empty Go cache it and the wasm take about a minute)"
	$(GO) run ./cmd/lcwbuild -out dist

run: build
	@echo "make run: compiling cmd/lcwserver (about a minute the first time), then serving http://$(ADDR):$(PORT)/"
	$(GO) run ./cmd/lcwserver -addr $(ADDR):$(PORT) -dist dist -site .

# Everything CI runs (.ci/run), cheapest first so a typo fails in seconds:
# gofmt, vet and staticcheck for the host and js/wasm, the host packages
# with -race, the Chromium e2e suite, and the js/wasm tests in Chromium.
test: chromium axe lint
	@$(MAKE) --no-print-directory host-test
	@$(MAKE) --no-print-directory e2e
	@$(MAKE) --no-print-directory browser-test

lint: fmt-check vet staticcheck

vet:
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet $(WASM_PKGS)

fmt-check:
	@out="$$(gofmt -l .)"; if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

$(STATICCHECK):
	GOBIN=$(CURDIR)/bin $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	mv bin/staticcheck $@

staticcheck: $(STATICCHECK)
	$(STATICCHECK) ./...
	GOOS=js GOARCH=wasm $(STATICCHECK) $(WASM_PKGS)

# Every host package but e2e, with the race detector (the chat client
# against the real server, the load test with 50 sockets, the server's
# concurrency). make e2e runs the e2e suite with it too. The store's
# conformance suite and the two-instance tests start a throwaway PostgreSQL
# cluster of their own (internal/pgtest), so the binaries must be there.
host-test: postgres
	$(GO) test -race -timeout 10m $(HOST_PKGS)

# The e2e suite drives a real headless Chromium; Debian's package is the
# only browser we can install here.
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" != 0 ]; then \
	    echo "make: $(CHROMIUM) is missing and installing it needs root: apt-get install -y chromium" >&2; exit 1; \
	  fi; \
	  echo "make: installing Chromium (apt-get install -y chromium)"; \
	  (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium) || \
	    { echo "make: could not install Chromium; the e2e suite cannot run" >&2; exit 1; }; \
	  test -x $(CHROMIUM) || { echo "make: apt installed chromium but $(CHROMIUM) is still missing" >&2; exit 1; }; \
	fi

# PostgreSQL binaries for internal/pgtest (initdb, pg_ctl under
# /usr/lib/postgresql/*/bin): Debian's package, installed when missing. The
# tests start and stop a cluster of their own; the package's own service is
# not used. LCW_TEST_POSTGRES=postgres://... points them at a server instead.
postgres:
	@if [ -z "$$LCW_TEST_POSTGRES" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null; then \
	  if [ "$$(id -u)" != 0 ]; then \
	    echo "make: PostgreSQL (initdb) is missing and installing it needs root: apt-get install -y postgresql" >&2; exit 1; \
	  fi; \
	  echo "make: installing PostgreSQL (apt-get install -y postgresql)"; \
	  (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql) || \
	    { echo "make: could not install PostgreSQL; the store and multi-instance tests cannot run" >&2; exit 1; }; \
	  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { echo "make: apt installed postgresql but no initdb is under /usr/lib/postgresql/*/bin" >&2; exit 1; }; \
	fi

# axe-core for the e2e suite's accessibility checks (e2e/a11y_test.go):
# a pinned tarball from the npm registry, integrity-checked, into .tools/
# (no npm needed; a no-op once it is there).
.PHONY: axe e2e
axe:
	$(GO) run ./cmd/fetchnpm axe-core typescript

# The end-to-end suite alone (make test runs it with everything else),
# with the race detector on the in-process server and the suite's own
# goroutines: measured on a subset, it adds about 5 % to the run (the
# browser is the slow part) and 20 s of compiling. The timeout is a
# guard against a hung browser, far above the suite's run (minutes), so a
# slow machine is not taken for a failure.
e2e: chromium axe postgres
	$(GO) test -race -timeout 30m ./e2e

browser-test: chromium
	$(GO) build -o bin/wasmbrowser ./cmd/wasmbrowser
	GOOS=js GOARCH=wasm $(GO) test -timeout 5m -exec="$(CURDIR)/bin/wasmbrowser" $(BROWSER_PKGS)

clean:
	rm -rf dist bin

# The performance report: builds dist, the floor program, the rules wasm
# and lcw.wasm with its function names into a temp dir, serves them with the
# real server and drives headless Chromium, on the desktop and on an
# emulated slow phone (a few minutes). BENCH_FLAGS passes flags, e.g.
# BENCH_FLAGS="-only phone -phone-samples 3"; all: go run ./bench/cmd/lcwbench -h.
.PHONY: bench
bench: chromium
	$(GO) run ./bench/cmd/lcwbench -chromium $(CHROMIUM) -out bench/out/report.json $(BENCH_FLAGS)

# The chat server under load (2,000 visitor sockets and an agent
# console on 127.0.0.1), SIGKILLed mid-flow and restarted on the same port
# and SQLite store; fails when an acknowledged message is lost or stored
# twice. Under 2 minutes; not part of `make test`. Counts: LOADTEST_FLAGS,
# e.g. LOADTEST_FLAGS="-sockets 500 -messages 8"; all flags: go run ./bench/cmd/lcwload -h.
# Two instances on one PostgreSQL store (a throwaway cluster, fsync on),
# the first one killed: LOADTEST_FLAGS="-instances 2 -sockets 5000".
.PHONY: loadtest
loadtest:
	$(GO) run ./bench/cmd/lcwload -out bench/out/loadtest.json $(LOADTEST_FLAGS)

# Fuzzing: every Fuzz target of the module, FUZZTIME each, one
# after another; not part of make test (their seed corpora under
# testdata/fuzz/ run as ordinary tests there). A failure stops it and
# leaves the input in the package's testdata/fuzz/ for the corpus.
FUZZTIME     ?= 20s
FUZZPARALLEL ?= 2
.PHONY: fuzz
fuzz:
	@set -e; grep -rl --include='*_test.go' '^func Fuzz' . | grep -v '^\./\.' | sort | while read -r f; do \
	  dir=$$(dirname "$$f"); \
	  for name in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' "$$f"); do \
	    echo "make fuzz: $$dir $$name for $(FUZZTIME)"; \
	    $(GO) test "$$dir" -run '^$$' -fuzz "^$$name$$" -fuzztime $(FUZZTIME) -parallel $(FUZZPARALLEL) || exit 1; \
	  done; \
	done
