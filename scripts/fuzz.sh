#!/usr/bin/env bash
# Runs every fuzz target of the module for a short time each (default 5s).
set -euo pipefail
cd "$(dirname "$0")/.."
t=${1:-5s}
for pkg in $(go list ./...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/func //' | sort -u); do
    echo "== $pkg $target ($t)"
    # Minimizing a new input takes up to 60 s by default: longer than a short run.
    go test -run XXX -fuzz "^${target}\$" -fuzztime "$t" -fuzzminimizetime 1s "$pkg"
  done
done
