# omnisim — everything a fresh machine needs is installed from here (Go toolchain only).
GO          ?= go
BIN         := $(CURDIR)/bin
STATICCHECK := $(BIN)/staticcheck
STATICCHECK_VERSION := v0.8.2
BENCHSTAT   := $(BIN)/benchstat
# A count of executions, not a duration: the same work on any machine, and no
# "context deadline exceeded" when a duration runs out mid-execution (FUZZTIME=1m make fuzz for longer).
FUZZTIME    ?= 3000x

.PHONY: run build test lint vet fmt-check staticcheck bench fuzz clean solver

## run: simulate the embedded default scenario and print the report
run: build
	$(BIN)/omnisim run

## build: build bin/omnisim
build:
	$(GO) build -o $(BIN)/omnisim ./cmd/omnisim

## test: lint; every test at full size; every package again under the race detector with -short
## (-short skips only the long single-goroutine statistical and solver runs the first pass has just run:
## under -race they cost minutes and find nothing, the concurrent code keeps its race coverage);
## then each fuzz target briefly, then deploy-test. -timeout is a hang guard, not a speed claim: 60 min per package (a 2-core machine loaded to 20+ runs the cmd package for over 30).
## (installs the roster's MILP solver first; with /usr/bin/cbc present ROSTER_REQUIRE_SOLVER makes the roster tests run, never skip)
test: lint solver
	ROSTER_REQUIRE_SOLVER=$$(test -x /usr/bin/cbc && echo 1) $(GO) test -count=1 -timeout 60m ./...
	ROSTER_REQUIRE_SOLVER=$$(test -x /usr/bin/cbc && echo 1) $(GO) test -race -short -count=1 -timeout 60m ./...
	./scripts/fuzz.sh $(FUZZTIME)
	$(MAKE) deploy-test

## solver: install the MILP solver `omnisim roster` runs (Debian's coinor-cbc, /usr/bin/cbc)
solver:
	@test -x /usr/bin/cbc || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends coinor-cbc; } \
		|| echo "warning: could not install coinor-cbc (Debian): omnisim roster and its tests need /usr/bin/cbc; they are skipped" >&2

## lint: gofmt, go vet, staticcheck
lint: fmt-check vet staticcheck

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

$(STATICCHECK):
	GOBIN=$(BIN) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

staticcheck: $(STATICCHECK)
	$(STATICCHECK) ./...

## bench: benchmarks beside their baselines (SimPy, bare Go kernel), ratios printed
bench:
	./scripts/bench.sh

## bench-fit: omnisim fit on ~1 and ~10 million simulated events: CPU, wall time and peak RSS
.PHONY: bench-fit
bench-fit:
	./scripts/bench-fit.sh

## fuzz: run every fuzz target for longer (FUZZTIME=1m make fuzz)
fuzz:
	./scripts/fuzz.sh $(FUZZTIME)

clean:
	rm -rf $(BIN)

## pgo: re-record cmd/omnisim/default.pgo (profile-guided optimization) after hot-path changes
.PHONY: pgo
pgo:
	./scripts/pgo.sh

## bench-http: serve vs the HTTP ceiling (wrk), open-model latency with and without --state, load generator lag
.PHONY: bench-http
bench-http:
	./scripts/bench-http.sh

## screenshot-test: render an HTML report in headless Chromium and check the screenshot (installs Debian's chromium)
.PHONY: screenshot-test
screenshot-test:
	@test -x /usr/bin/chromium || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium; }
	$(GO) test -count=1 -run TestHTMLScreenshot -v ./reports

## image: the container image from this checkout, no engine or registry (scripts/image.sh): bin/image/oci (OCI layout), bin/image/omnisim.tar; checked with skopeo (installed from Debian if absent)
.PHONY: image deploy-test
image:
	./scripts/image.sh
	@command -v skopeo >/dev/null || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends skopeo; }
	skopeo inspect oci:bin/image/oci:omnisim:$$(git describe --tags --always --dirty 2>/dev/null || echo dev)

## deploy-test: the nested module deploy/ (image builder, Kubernetes manifests and the Indexed Job played): lint and tests
deploy-test: $(STATICCHECK)
	cd deploy && $(GO) vet ./... && $(STATICCHECK) ./... && $(GO) test -count=1 ./...

## soak: serve --state under load for SOAK (default 30m; SOAK=2m make soak) at half its capacity, RSS/goroutines/p99 sampled and judged flat; then kill -9 x20 under load, with and without a lock holder (not in CI)
.PHONY: soak
soak:
	./scripts/soak.sh
	$(GO) test -count=1 -run 'TestServeKill9With(State|LockHolder)' -v ./cmd/omnisim -args -long
