#!/usr/bin/env bash
# Runs every fuzz target of the module briefly: FUZZTIME (first argument) is a count of
# executions such as 3000x (the same work on any machine) or a duration such as 1m.
#
# Each package's test binary is built once, instrumented for fuzzing (go test -c -fuzz),
# and each of its targets is run from that binary in the package's directory (where its
# testdata/fuzz corpus is), with go test's own fuzz cache: `go test -fuzz` would compile
# and link the package again for every target, which was most of this step's time.
set -euo pipefail
cd "$(dirname "$0")/.."
t=${1:-3000x}
cache=$(go env GOCACHE)/fuzz
bins=$(mktemp -d)
trap 'rm -rf "$bins"' EXIT
n=0
for pkg in $(go list ./...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  targets=$(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/func //' | sort -u || true)
  [ -n "$targets" ] || continue
  bin="$bins/$(echo "$pkg" | tr / _).test"
  first=$(echo "$targets" | head -1)
  go test -c -fuzz "^${first}\$" -o "$bin" "$pkg"
  for target in $targets; do
    echo "== $pkg $target ($t)"
    # Minimizing a new input takes up to 60 s by default: longer than a short run.
    (cd "$dir" && "$bin" -test.run XXX -test.fuzz "^${target}\$" -test.fuzztime "$t" \
      -test.fuzzminimizetime 1s -test.fuzzcachedir "$cache/$pkg")
    n=$((n + 1))
  done
done
echo "fuzzed $n targets for $t each"
