#!/usr/bin/env bash
# make soak (not in CI): `omnisim serve --state` under `omnisim load` for SOAK
# (default 30m; SOAK=2m make soak for a short one) at about half its capacity,
# sampling the server's RSS, goroutines, conversations in memory and request p99
# every SAMPLE seconds; prints a table and a verdict on flatness (exit 1 if not
# flat, or if the load's audit lost or duplicated a message).
#
#   SOAK=30m     how long conversations arrive (Go duration: 90s, 2m, 1h)
#   SAMPLE=N     seconds between samples (default: SOAK/15, at least 5)
#   RATE=N       conversations per second (default: half the rate measured by a
#                10 s calibration run against a server of its own)
#   RETAIN=2h    serve --retain-closed (server time; --time-scale 3600: 2 s wall)
#
# The server keeps its state in a temporary SQLite file with --retain-closed, so
# memory must follow the open conversations, not the history.
set -euo pipefail
cd "$(dirname "$0")/.."

SOAK=${SOAK:-30m}
RETAIN=${RETAIN:-2h}
seconds() { # a Go duration of h, m, s parts -> whole seconds
  local d=$1 total=0 n
  while [[ $d =~ ^([0-9]+)([hms])(.*)$ ]]; do
    n=${BASH_REMATCH[1]}
    case ${BASH_REMATCH[2]} in h) n=$((n * 3600)) ;; m) n=$((n * 60)) ;; esac
    total=$((total + n)); d=${BASH_REMATCH[3]}
  done
  [[ -z $d && $total -gt 0 ]] || { echo "soak: SOAK=$1 is not a duration like 90s, 2m or 1h30m" >&2; exit 2; }
  echo "$total"
}
soak_s=$(seconds "$SOAK")
SAMPLE=${SAMPLE:-$(( soak_s / 15 > 5 ? soak_s / 15 : 5 ))}

go build -o bin/omnisim ./cmd/omnisim
bin=$PWD/bin/omnisim
tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# A contact center that closes every conversation: 200 agents of concurrency 5,
# three customer messages per conversation, pauses of a minute (server time).
cat >"$tmp/soak.yaml" <<'EOF'
version: 1
name: soak
horizon: 1h
channels: {whatsapp: {}, sms: {}, web: {}}
arrivals:
  - {channel: whatsapp, rate: 20/s}
  - {channel: sms, rate: 10/s}
  - {channel: web, rate: 10/s}
customers:
  messages: {dist: constant, value: 3}
  pause: {dist: exponential, mean: 60s}
agents:
  - name: agent
    count: 200
    concurrency: 5
    response_time: {dist: exponential, mean: 30s}
routing:
  push_timeout: 1h
EOF

# start_serve NAME STATE: runs serve in the background, sets addr and serve_pid.
start_serve() {
  "$bin" serve --addr 127.0.0.1:0 --scenario "$tmp/soak.yaml" --time-scale 3600 \
    --state "$2" --retain-closed "$RETAIN" >"$tmp/$1.out" 2>"$tmp/$1.err" &
  serve_pid=$!
  pids+=("$serve_pid")
  for _ in $(seq 300); do
    if addr=$(sed -n 's/^listening on //p' "$tmp/$1.out") && [[ -n $addr ]]; then return; fi
    kill -0 "$serve_pid" 2>/dev/null || { cat "$tmp/$1.err" >&2; exit 1; }
    sleep 0.1
  done
  echo "soak: serve did not start" >&2; exit 1
}

json() { # json FILE KEY: a top-level number of a load report
  sed -n "s/.*\"$2\": *\([0-9.e+-]*\).*/\1/p" "$1" | head -1
}

if [[ -z ${RATE:-} ]]; then
  start_serve calibrate "$tmp/calibrate.db"
  "$bin" load --target "http://$addr" --scenario "$tmp/soak.yaml" --time-scale 3600 \
    --duration 10s --rate 400 --drain 5s --max-lag 1s --timeout 5s \
    --format json --out "$tmp/calibrate.json" >/dev/null 2>"$tmp/calibrate-load.err" || true
  kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true
  # Capacity: the requests per second the server answered at an offered rate
  # of 400 conversations/s, in conversations (requests per conversation).
  RATE=$(awk -v sps="$(json "$tmp/calibrate.json" steps_per_second)" -v req="$(json "$tmp/calibrate.json" requests)" \
    -v started="$(sed -n 's/.*"started": *\([0-9]*\).*/\1/p' "$tmp/calibrate.json" | head -1)" \
    'BEGIN { c = sps / (req / started); r = c / 2; if (r > 200) r = 200; if (r < 1) r = 1; printf "%d", r }')
  echo "calibration: $(json "$tmp/calibrate.json" steps_per_second) requests/s answered at 400 conversations/s offered; soak at $RATE conversations/s"
fi

start_serve soak "$tmp/state.db"
echo "soak: serve --state (retain closed $RETAIN) at $addr, pid $serve_pid; load at $RATE conversations/s for $SOAK, a sample every ${SAMPLE}s"
"$bin" load --target "http://$addr" --scenario "$tmp/soak.yaml" --time-scale 3600 \
  --duration "$SOAK" --rate "$RATE" --drain 30s --max-lag 1s --timeout 5s \
  --format json --out "$tmp/soak.json" --threshold lost=0 --threshold duplicated=0 \
  >"$tmp/load.out" 2>"$tmp/load.err" &
load_pid=$!
pids+=("$load_pid")

# buckets: the request-duration histogram summed over routes, "le count" lines.
buckets() {
  awk '/^omnisim_http_request_duration_seconds_bucket/ {
    match($0, /le="[^"]+"/); le = substr($0, RSTART + 4, RLENGTH - 5); c[le] += $NF }
    END { for (k in c) print k, c[k] }' "$1" | sort -g
}
metric() { awk -v m="$2" '$1 == m { print $2 }' "$1"; }

printf '%6s %8s %10s %13s %9s %9s\n' t_s rss_mb goroutines conversations requests p99_ms | tee "$tmp/table"
start=$SECONDS
curl -s "http://$addr/metrics" >"$tmp/prev.prom"
while kill -0 "$load_pid" 2>/dev/null; do
  sleep "$SAMPLE"
  curl -s "http://$addr/metrics" >"$tmp/cur.prom" || break
  buckets "$tmp/prev.prom" >"$tmp/prev.b"
  buckets "$tmp/cur.prom" >"$tmp/cur.b"
  # p99 of the requests answered since the last sample, interpolated inside
  # its bucket as Prometheus' histogram_quantile does.
  read -r n p99 < <(join "$tmp/prev.b" "$tmp/cur.b" | sort -g | awk '
    { le[NR] = $1; d[NR] = $3 - $2 }
    END {
      total = d[NR]; if (total <= 0) { print 0, 0; exit }
      rank = 0.99 * total; lo = 0; below = 0
      for (i = 1; i <= NR; i++) {
        if (d[i] >= rank) {
          if (le[i] == "+Inf") { printf "%d %.2f\n", total, lo * 1000; exit }
          printf "%d %.2f\n", total, (lo + (le[i] - lo) * (rank - below) / (d[i] - below)) * 1000; exit
        }
        lo = le[i]; below = d[i]
      }
    }')
  rss=$(metric "$tmp/cur.prom" process_resident_memory_bytes)
  printf '%6d %8.1f %10d %13d %9d %9.2f\n' $((SECONDS - start)) "$(awk -v b="$rss" 'BEGIN { print b / 1048576 }')" \
    "$(metric "$tmp/cur.prom" go_goroutines)" "$(metric "$tmp/cur.prom" omnisim_conversations_in_memory)" "$n" "$p99" | tee -a "$tmp/table"
  mv "$tmp/cur.prom" "$tmp/prev.prom"
done
load_rc=0
wait "$load_pid" || load_rc=$?

# Flat: the last three samples while conversations arrive (not the drain)
# against the first three after the first (warm-up) one, each with a margin
# for noise.
verdict=$(awk -v until="$soak_s" 'NR > 1 && $1 <= until && $5 > 0 { n++; rss[n] = $2; g[n] = $3; c[n] = $4; p[n] = $6 }
  function avg(a, from, to,   s, i) { s = 0; for (i = from; i <= to; i++) s += a[i]; return s / (to - from + 1) }
  END {
    if (n < 7) { print "too few samples (" n "): run longer or sample more often"; exit }
    f1 = 2; f2 = 4; l1 = n - 2; l2 = n
    r0 = avg(rss, f1, f2); r1 = avg(rss, l1, l2); g0 = avg(g, f1, f2); g1 = avg(g, l1, l2)
    c0 = avg(c, f1, f2); c1 = avg(c, l1, l2); p0 = avg(p, f1, f2); p1 = avg(p, l1, l2)
    printf "rss %.1f -> %.1f MB, goroutines %.0f -> %.0f, conversations in memory %.0f -> %.0f, p99 %.2f -> %.2f ms\n", r0, r1, g0, g1, c0, c1, p0, p1
    bad = ""
    if (r1 > r0 * 1.25 + 10) bad = bad " rss"
    if (g1 > g0 * 1.25 + 10) bad = bad " goroutines"
    if (c1 > c0 * 1.5 + 200) bad = bad " conversations"
    if (p1 > p0 * 2 + 2) bad = bad " p99"
    print (bad == "" ? "FLAT" : "NOT FLAT:" bad)
  }' "$tmp/table")
echo
echo "first vs last samples: $verdict"
if [[ -s $tmp/soak.json ]]; then
  echo "load: $(json "$tmp/soak.json" requests) requests, $(json "$tmp/soak.json" steps_per_second) requests/s, $(json "$tmp/soak.json" errors) errors;" \
    "audit: $(json "$tmp/soak.json" acknowledged) acknowledged, $(json "$tmp/soak.json" lost) lost, $(json "$tmp/soak.json" duplicated) duplicated"
else
  cat "$tmp/load.err" >&2
fi
echo "load exit $load_rc (1: a threshold failed: lost or duplicated messages)"
[[ $verdict == *"FLAT"* && $verdict != *"NOT FLAT"* && $load_rc -eq 0 ]]
