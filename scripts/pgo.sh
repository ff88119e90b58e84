#!/usr/bin/env bash
# make pgo: re-record cmd/omnisim/default.pgo, the CPU profile `go build` uses for
# profile-guided optimization of the command (and scripts/bench.sh for the
# benchmarks). Record it after changes to the hot paths: a stale profile mostly
# stops helping, and can steer inlining to the wrong calls.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The headline benchmark (the hot path), and the tests that drive status capacity,
# conservation across features and Little's law (the rest of the simulator).
go test -pgo=off -run XXX -bench 'MMc50$' -benchtime 30x -cpuprofile "$tmp/a.prof" -o "$tmp/a.test" ./sim/ >/dev/null
go test -pgo=off -run 'TestLittlesLaw|TestConversationsAreConserved|TestStatusCapacity' -count=3 -cpuprofile "$tmp/b.prof" -o "$tmp/b.test" ./sim/ >/dev/null
go tool pprof -proto "$tmp/a.prof" "$tmp/b.prof" > cmd/omnisim/default.pgo 2>/dev/null
echo "cmd/omnisim/default.pgo: $(wc -c < cmd/omnisim/default.pgo) bytes"
