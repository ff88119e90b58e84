#!/bin/sh
# bench-fit: omnisim fit's speed and memory on simulated event logs of 1.0 and
# 10.1 million events (fit/testdata/bench-10m.yaml at 132 h and 1,320 h): CPU time,
# wall time and peak RSS of reading, observing and fitting each log
# (BenchmarkFitLog), and how they grow with the log. The issue's target: 10 million
# events in under 60 s on 2 cores with a peak RSS under 1 GiB, growing sublinearly.
# Wall time on a shared machine is the CPU time plus the wait for a core; the CPU
# time is the one to compare.
set -eu
cd "$(dirname "$0")/.."
work=${BENCH_FIT_DIR:-$(mktemp -d)}
go build -o "$work/omnisim" ./cmd/omnisim
go test -c -o "$work/fit.test" ./fit
timer=""
if [ -x /usr/bin/time ]; then timer="/usr/bin/time -v"; fi
for hours in ${BENCH_FIT_HOURS:-132 1320}; do
	sed "s/^horizon: .*/horizon: ${hours}h/" fit/testdata/bench-10m.yaml > "$work/bench-$hours.yaml"
	"$work/omnisim" run "$work/bench-$hours.yaml" --events "$work/events-$hours.csv" --out /dev/null
	echo "== $hours h: $(($(wc -l < "$work/events-$hours.csv") - 1)) events, $(du -h "$work/events-$hours.csv" | cut -f1)"
	OMNISIM_FIT_LOG="$work/events-$hours.csv" $timer "$work/fit.test" -test.run XXX -test.bench FitLog -test.benchtime 1x 2> "$work/time-$hours.txt" | grep Benchmark || true
	grep -E "User time|System time|Elapsed|Maximum resident" "$work/time-$hours.txt" || cat "$work/time-$hours.txt"
	awk -F': ' '/User time|System time/ { cpu += $2 } END { if (cpu) printf "\tCPU time (user+sys): %.1f s\n", cpu }' "$work/time-$hours.txt"
	rm -f "$work/events-$hours.csv"
done
