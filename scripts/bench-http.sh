#!/usr/bin/env bash
# make bench-http: omnisim serve and omnisim load beside the HTTP ceiling of
# ../shared/bench/httpceiling, all measured in the same run on loopback (the
# generator and the server share the machine). Ratios are the claim; absolute
# numbers drift with the machine.
#   (a) wrk -t2 -c16 -d10s with post.lua: serve (in memory) vs the ceiling, req/s
#   (b) an open model at 5,000 req/s for 10 s against serve: p99, errors
#   (c) the same with --state (SQLite WAL): p99 and the ratio to (b)
#   (d) omnisim load at 5,000 steps/s against the ceiling: generator lag p99
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=../shared/bench
BIN=$PWD/bin
OUT=$BIN/bench-http
mkdir -p "$OUT"
DUR=${BENCH_DURATION:-10s}
RATE=${BENCH_RATE:-5000}
CEIL_PORT=18080
SERVE_PORT=18081

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null; }
  fi
fi
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }

go build -o "$BIN/omnisim" ./cmd/omnisim
go -C "$BASE/httpceiling" build -o "$BIN/httpceiling" .

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# A contact center that routes: one web stream, one message per conversation,
# 50 agents of capacity 3, offers accepted at once, no bot.
cat > "$OUT/scenario.yaml" <<'YAML'
version: 1
name: bench-http
horizon: 1h
channels: {web: {}, whatsapp: {}}
arrivals: [{channel: web, rate: 1/s}]
customers: {messages: {dist: constant, value: 1}}
agents: [{name: agent, count: 50, concurrency: 3, response_time: {dist: constant, value: 30s}}]
YAML
# A "real deployment" mapping that only sends customer messages: the open-model
# attack of (b), (c) and (d) is omnisim load (vegeta's attacker) with it.
cat > "$OUT/messages.yaml" <<'YAML'
version: 1
message:
  url: "{{.Target}}/v1/messages"
  shape: omnisim
YAML

wait_up() { for _ in $(seq 100); do curl -s -o /dev/null "$1" && return 0; sleep 0.05; done; echo "no answer from $1"; exit 1; }
rps() { awk '/^Requests\/sec/ {print $2}' "$1"; }
p99() { awk '$1 == "99%" {print $2}' "$1"; }

serve() { # serve [--state FILE]: starts omnisim serve on SERVE_PORT
  "$BIN/omnisim" serve --addr 127.0.0.1:$SERVE_PORT --scenario "$OUT/scenario.yaml" "$@" >"$OUT/serve.log" 2>&1 &
  SERVE_PID=$!; pids+=("$SERVE_PID")
  wait_up "http://127.0.0.1:$SERVE_PORT/healthz"
}
stop_serve() { kill "$SERVE_PID"; wait "$SERVE_PID" 2>/dev/null || true; }

load() { # load URL NAME [extra flags]: open model at RATE messages/s for DUR
  local url=$1 name=$2; shift 2
  "$BIN/omnisim" load --target "$url" --scenario "$OUT/scenario.yaml" --mapping "$OUT/messages.yaml" \
    --rate "$RATE" --duration "$DUR" --max-lag 1s --format json --out "$OUT/$name.json" \
    --results "$OUT/$name.bin" "$@" >/dev/null 2>"$OUT/$name.err" || true
  python3 - "$OUT/$name.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
a = r["latency"]["all"]; l = r["generator_lag"]
print(f'{r["requests"]} requests, {r["steps_per_second"]:.0f}/s, errors {r["errors"]} ({100*r["error_rate"]:.3f} %), '
      f'latency p50 {a["p50_ms"]:.2f} ms p99 {a["p99_ms"]:.2f} ms max {a["max_ms"]:.1f} ms, '
      f'generator lag p50 {l["p50_ms"]:.2f} ms p99 {l["p99_ms"]:.2f} ms')
PY
}

echo "== (a) wrk -t2 -c16 -d$DUR --latency -s post.lua: ceiling vs serve (in memory) =="
"$BIN/httpceiling" -addr 127.0.0.1:$CEIL_PORT >"$OUT/ceiling.log" 2>&1 &
CEIL_PID=$!; pids+=("$CEIL_PID")
wait_up "http://127.0.0.1:$CEIL_PORT/"
wrk -t2 -c16 -d"$DUR" --latency -s "$BASE/httpceiling/post.lua" "http://127.0.0.1:$CEIL_PORT/v1/messages" >"$OUT/wrk-ceiling.txt"
echo "httpceiling:     $(rps "$OUT/wrk-ceiling.txt") req/s, p99 $(p99 "$OUT/wrk-ceiling.txt")"
serve
wrk -t2 -c16 -d"$DUR" --latency -s "$BASE/httpceiling/post.lua" "http://127.0.0.1:$SERVE_PORT/v1/messages" >"$OUT/wrk-serve.txt"
echo "omnisim serve:   $(rps "$OUT/wrk-serve.txt") req/s, p99 $(p99 "$OUT/wrk-serve.txt")"
awk -v s="$(rps "$OUT/wrk-serve.txt")" -v c="$(rps "$OUT/wrk-ceiling.txt")" \
  'BEGIN {printf "serve / ceiling: %.0f %% (target >= 60 %%)\n", 100*s/c}'
stop_serve

echo
echo "== (b) open model, $RATE req/s for $DUR against serve (in memory) =="
serve
echo "serve:           $(load "http://127.0.0.1:$SERVE_PORT" serve-memory)"
stop_serve

echo
echo "== (c) the same with --state (SQLite, WAL) =="
rm -f "$OUT"/state.db*
serve --state "$OUT/state.db"
echo "serve --state:   $(load "http://127.0.0.1:$SERVE_PORT" serve-state)"
stop_serve
python3 - "$OUT/serve-memory.json" "$OUT/serve-state.json" <<'PY'
import json, sys
m, s = (json.load(open(p))["latency"]["all"] for p in sys.argv[1:])
print(f'--state / memory: p50 {s["p50_ms"]/m["p50_ms"]:.2f}x, p99 {s["p99_ms"]/m["p99_ms"]:.2f}x')
PY

echo
echo "== (d) omnisim load at $RATE steps/s against the ceiling (generator lag) =="
echo "httpceiling:     $(load "http://127.0.0.1:$CEIL_PORT" load-ceiling)"
echo
echo "results in $OUT (vegeta format: *.bin; vegeta report < $OUT/serve-memory.bin)"
