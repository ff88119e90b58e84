package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const mmcScenario = `version: 1
name: mmc-small
seed: 5
horizon: 4h
warmup: 30m
replications: 6
interval: 1h
sla: {within: 20s, target: 80%}
channels: {web: {}}
arrivals: [{channel: web, rate: 120/h}]
customers: {messages: {dist: constant, value: 1}}
agents: [{name: pool, count: 9, response_time: {dist: exponential, mean: 3m}}]
`

func writeScenario(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "mmc.yaml")
	if err := os.WriteFile(p, []byte(mmcScenario), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func omnisim(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"omnisim"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

// TestShardMergeEqualsRun: four shards of run, merged, print exactly the bytes of
// the unsharded run — in JSON and the other formats.
func TestShardMergeEqualsRun(t *testing.T) {
	sc := writeScenario(t)
	dir := t.TempDir()
	var parts []string
	for i := 1; i <= 4; i++ {
		p := filepath.Join(dir, "part"+string(rune('0'+i))+".json")
		if code, _, errs := omnisim(t, "run", sc, "--format", "json", "--shard", string(rune('0'+i))+"/4", "--out", p); code != 0 {
			t.Fatalf("shard %d: exit %d: %s", i, code, errs)
		}
		parts = append(parts, p)
	}
	for _, format := range []string{"json", "text", "csv"} {
		code, whole, errs := omnisim(t, "run", sc, "--format", format)
		if code != 0 {
			t.Fatalf("run: exit %d: %s", code, errs)
		}
		code, merged, errs := omnisim(t, append([]string{"report", "merge", "--format", format}, parts...)...)
		if code != 0 {
			t.Fatalf("merge: exit %d: %s", code, errs)
		}
		if merged != whole {
			t.Errorf("--format %s: merged shards differ from the single run", format)
		}
	}

	// The Indexed Job environment selects the shard without the flag.
	t.Setenv("JOB_COMPLETION_INDEX", "3")
	t.Setenv("JOB_COMPLETIONS", "4")
	envPart := filepath.Join(dir, "env.json")
	if code, _, errs := omnisim(t, "run", sc, "--out", envPart); code != 0 {
		t.Fatalf("run in an Indexed Job: exit %d: %s", code, errs)
	}
	a, _ := os.ReadFile(envPart)
	b, _ := os.ReadFile(parts[3])
	if !bytes.Equal(a, b) {
		t.Error("JOB_COMPLETION_INDEX=3 of 4 did not write shard 4/4")
	}
}

func TestReportMergeRefuses(t *testing.T) {
	sc := writeScenario(t)
	dir := t.TempDir()
	part := func(name string, args ...string) string {
		p := filepath.Join(dir, name)
		if code, _, errs := omnisim(t, append([]string{"run", sc, "--out", p}, args...)...); code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		return p
	}
	p1, p2 := part("p1.json", "--shard", "1/2"), part("p2.json", "--shard", "2/2")
	other := part("o2.json", "--shard", "2/2", "--seed", "9")
	tests := []struct {
		name  string
		files []string
		want  string
	}{
		{"missing shard", []string{p1}, "missing shard 2/2"},
		{"duplicate shard", []string{p1, p2, p2}, "shard 2/2 is given twice"},
		{"other seed", []string{p1, other}, "different runs (seed 5 vs 9)"},
		{"not a partial", []string{sc}, "not a partial result"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := omnisim(t, append([]string{"report", "merge"}, tt.files...)...)
			if code != 2 || !strings.Contains(errs, tt.want) || strings.Count(strings.TrimSpace(errs), "\n") > 0 {
				t.Errorf("exit %d, stderr %q: want exit 2 and one line with %q", code, errs, tt.want)
			}
		})
	}
	if code, _, errs := omnisim(t, "run", sc, "--shard", "1/2", "--format", "html"); code != 2 || !strings.Contains(errs, "report merge") {
		t.Errorf("--shard with --format html: exit %d, %s", code, errs)
	}
	if code, _, errs := omnisim(t, "run", sc, "--shard", "3/2"); code != 2 || !strings.Contains(errs, "--shard 3/2") {
		t.Errorf("--shard 3/2: exit %d, %s", code, errs)
	}
}

func TestSweep(t *testing.T) {
	sc := writeScenario(t)
	code, out, errs := omnisim(t, "sweep", sc, "--set", "agents.pool.count=8..10", "--replications", "3", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var res struct {
		Points []struct {
			Settings map[string]float64             `json:"settings"`
			Metrics  map[string]map[string]*float64 `json:"metrics"`
		} `json:"points"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Points) != 3 {
		t.Fatalf("%d points, want 3", len(res.Points))
	}
	// Common random numbers: the same customers at every point, so more agents
	// never lower the service level here.
	prev := -1.0
	for _, p := range res.Points {
		sl := *p.Metrics["service_level"]["mean"]
		if sl < prev {
			t.Errorf("service level %v at %v agents, below %v with fewer", sl, p.Settings["agents.pool.count"], prev)
		}
		prev = sl
		if *p.Metrics["offered"]["mean"] != *res.Points[0].Metrics["offered"]["mean"] {
			t.Error("points saw different customers")
		}
	}
	for _, format := range []string{"text", "csv", "md", "html"} {
		if code, out, errs := omnisim(t, "sweep", sc, "--set", "agents.pool.count=8,10", "-n", "2", "--format", format); code != 0 || out == "" {
			t.Errorf("--format %s: exit %d: %s", format, code, errs)
		}
	}
	code, _, errs = omnisim(t, "sweep", sc, "--set", "agents.nobody.count=1..3")
	if code != 2 || !strings.Contains(errs, "agents.nobody.count") {
		t.Errorf("unknown key: exit %d, %q; want exit 2 naming the key", code, errs)
	}
	code, _, errs = omnisim(t, "sweep", sc, "--set", "bogus=1..3")
	if code != 2 || !strings.Contains(errs, "bogus") {
		t.Errorf("unknown key: exit %d, %q; want exit 2 naming the key", code, errs)
	}

	// Sharded sweep: 2 shards merged = the single sweep.
	_, whole, _ := omnisim(t, "sweep", sc, "--set", "agents.pool.count=8..10", "-n", "3", "--format", "csv")
	dir := t.TempDir()
	var parts []string
	for _, s := range []string{"1/2", "2/2"} {
		p := filepath.Join(dir, strings.ReplaceAll(s, "/", "of")+".json")
		if code, _, errs := omnisim(t, "sweep", sc, "--set", "agents.pool.count=8..10", "-n", "3", "--shard", s, "--out", p); code != 0 {
			t.Fatalf("shard %s: exit %d: %s", s, code, errs)
		}
		parts = append(parts, p)
	}
	code, merged, errs := omnisim(t, append([]string{"report", "merge", "--format", "csv"}, parts...)...)
	if code != 0 || merged != whole {
		t.Errorf("merged sweep shards differ from the sweep (exit %d %s)", code, errs)
	}
}

// botScenario is a small scenario with a bot, for tune-bot.
const botScenario = `version: 1
name: bot-small
seed: 11
horizon: 6h
warmup: 1h
replications: 3
interval: 1h
sla: {within: 60s, target: 80%}
channels: {whatsapp: {}, web: {}}
arrivals:
  - {channel: whatsapp, rate: 60/h, intents: {order_status: 0.7, technical: 0.3}}
  - {channel: web, rate: 30/h}
customers:
  messages: {dist: geometric, mean: 2}
  pause: {dist: exponential, mean: 60s}
  patience: {dist: exponential, mean: 10m}
bot:
  threshold: 0.7
  max_turns: 2
  latency: {dist: constant, value: 2s}
  intents:
    order_status: {resolvable: 0.8, confidence: {dist: beta, alpha: 8, beta: 2}}
agents:
  - {name: tier1, count: 4, concurrency: 2, skills: {en: 10, order_status: 8}, response_time: {dist: lognormal, median: 40s, sigma: 0.5}}
  - {name: specialists, count: 2, concurrency: 2, skills: {en: 10, technical: 9}, response_time: {dist: lognormal, median: 60s, sigma: 0.5}}
`

// tuneArgs are a fast tune-bot run: 6 points (3 thresholds × 2 max_turns), Erlang C
// staffing. The recommendation (threshold 0.3, max_turns 1: the most containment
// above the CSAT floor) is point 2, which 3 shards give to shard 3: merge must
// recommend over all points, not take shard 1's.
var tuneArgs = []string{"--thresholds", "0.9,0.6,0.3", "--max-turns", "1,2", "--staffing", "erlang",
	"--objective", "max-containment", "--min-csat", "4", "-n", "2"}

// tuneShards writes the n shards of tune-bot with args into dir and returns the files.
func tuneShards(t *testing.T, sc, dir string, n int, args ...string) []string {
	t.Helper()
	var parts []string
	for i := 1; i <= n; i++ {
		s := strconv.Itoa(i) + "/" + strconv.Itoa(n)
		p := filepath.Join(dir, "tune-"+strconv.Itoa(i)+"of"+strconv.Itoa(n)+".json")
		cmd := append(append([]string{"tune-bot", sc}, args...), "--shard", s, "--out", p)
		if code, _, errs := omnisim(t, cmd...); code != 0 {
			t.Fatalf("tune-bot --shard %s: exit %d: %s", s, code, errs)
		}
		parts = append(parts, p)
	}
	return parts
}

// TestTuneBotShardMergeEqualsRun: tune-bot split by point into 3 shards (and into
// more shards than points), merged, prints exactly the bytes of the unsharded
// command in every format, the recommendation made over all points.
func TestTuneBotShardMergeEqualsRun(t *testing.T) {
	dir := t.TempDir()
	sc := filepath.Join(dir, "bot.yaml")
	if err := os.WriteFile(sc, []byte(botScenario), 0o644); err != nil {
		t.Fatal(err)
	}
	three := tuneShards(t, sc, dir, 3, tuneArgs...)
	eight := tuneShards(t, sc, dir, 8, tuneArgs...) // shards 7 and 8 get no point
	for _, format := range []string{"json", "text", "csv", "md", "html"} {
		code, whole, errs := omnisim(t, append(append([]string{"tune-bot", sc}, tuneArgs...), "--format", format)...)
		if code != 0 {
			t.Fatalf("tune-bot: exit %d: %s", code, errs)
		}
		for _, parts := range [][]string{three, eight} {
			code, merged, errs := omnisim(t, append([]string{"report", "merge", "--format", format}, parts...)...)
			if code != 0 {
				t.Fatalf("merge: exit %d: %s", code, errs)
			}
			if merged != whole {
				t.Errorf("--format %s: %d merged shards differ from the single tune-bot run", format, len(parts))
			}
		}
		if format == "text" && !strings.Contains(whole, "threshold 0.3 (max_turns 1): highest containment") {
			t.Errorf("recommendation: want threshold 0.3, max_turns 1 in\n%s", whole)
		}
	}

	// The Indexed Job environment selects the shard without the flag.
	t.Setenv("JOB_COMPLETION_INDEX", "1")
	t.Setenv("JOB_COMPLETIONS", "3")
	envPart := filepath.Join(dir, "env.json")
	if code, _, errs := omnisim(t, append(append([]string{"tune-bot", sc}, tuneArgs...), "--out", envPart)...); code != 0 {
		t.Fatalf("tune-bot in an Indexed Job: exit %d: %s", code, errs)
	}
	a, _ := os.ReadFile(envPart)
	b, _ := os.ReadFile(three[1])
	if !bytes.Equal(a, b) {
		t.Error("JOB_COMPLETION_INDEX=1 of 3 did not write shard 2/3")
	}
}

func TestTuneBotMergeRefuses(t *testing.T) {
	dir := t.TempDir()
	sc := filepath.Join(dir, "bot.yaml")
	if err := os.WriteFile(sc, []byte(botScenario), 0o644); err != nil {
		t.Fatal(err)
	}
	parts := tuneShards(t, sc, dir, 2, tuneArgs...)
	other := func(name string, args ...string) string {
		p := filepath.Join(dir, name)
		cmd := append(append(append([]string{"tune-bot", sc}, tuneArgs...), args...), "--shard", "2/2", "--out", p)
		if code, _, errs := omnisim(t, cmd...); code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		return p
	}
	seed := other("seed.json", "--seed", "9")
	cost := other("cost.json", "--agent-cost", "31")
	sweep := filepath.Join(dir, "sweep.json")
	if code, _, errs := omnisim(t, "sweep", sc, "--set", "agents.tier1.count=3,4", "-n", "2", "--shard", "2/2", "--out", sweep); code != 0 {
		t.Fatalf("sweep: exit %d: %s", code, errs)
	}
	tests := []struct {
		name  string
		files []string
		want  string
	}{
		{"missing shard", parts[:1], "missing shard 2/2"},
		{"duplicate shard", []string{parts[0], parts[1], parts[1]}, "shard 2/2 is given twice"},
		{"other seed", []string{parts[0], seed}, "different runs (seed 11 vs 9)"},
		{"other costs", []string{parts[0], cost}, "tune-1of2.json and " + cost + " come from different runs"},
		{"sweep and tune-bot", []string{parts[0], sweep}, sweep + " is a sweep result but " + parts[0] + " is a tune-bot result"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := omnisim(t, append([]string{"report", "merge"}, tt.files...)...)
			if code != 2 || !strings.Contains(errs, tt.want) || strings.Count(strings.TrimSpace(errs), "\n") > 0 {
				t.Errorf("exit %d, stderr %q: want exit 2 and one line with %q", code, errs, tt.want)
			}
		})
	}
	if code, _, errs := omnisim(t, append(append([]string{"tune-bot", sc}, tuneArgs...), "--shard", "1/2", "--format", "text")...); code != 2 || !strings.Contains(errs, "report merge --format text") {
		t.Errorf("--shard with --format text: exit %d, %s", code, errs)
	}
}

// TestStaffRefusesShard: staff's search is one chain of simulations; --shard says
// so, and so does an Indexed Job of several pods (each would repeat the search).
func TestStaffRefusesShard(t *testing.T) {
	code, _, errs := omnisim(t, "staff", writeScenario(t), "--shard", "1/2")
	if code != 2 || !strings.Contains(errs, "staff cannot be sharded") || !strings.Contains(errs, "omnisim sweep") {
		t.Errorf("staff --shard: exit %d, %q", code, errs)
	}
	t.Setenv("JOB_COMPLETION_INDEX", "0")
	t.Setenv("JOB_COMPLETIONS", "3")
	code, _, errs = omnisim(t, "staff", writeScenario(t))
	if code != 2 || !strings.Contains(errs, "JOB_COMPLETIONS=3") || !strings.Contains(errs, "staff cannot be sharded") {
		t.Errorf("staff in a 3-pod Indexed Job: exit %d, %q", code, errs)
	}
}

func TestStaffAndTuneBotCommands(t *testing.T) {
	sc := writeScenario(t)
	code, out, errs := omnisim(t, "staff", sc, "--format", "json", "--shrinkage", "25%")
	if code != 0 {
		t.Fatalf("staff: exit %d: %s", code, errs)
	}
	var st struct {
		Intervals []struct {
			Start     string         `json:"start"`
			Agents    map[string]int `json:"agents"`
			Scheduled map[string]int `json:"scheduled"`
			ErlangC   int            `json:"erlang_c_agents"`
		} `json:"intervals"`
		AgentHours  float64 `json:"agent_hours"`
		Evaluations int     `json:"evaluations"`
		Naive       int     `json:"naive_evaluations"`
	}
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatal(err)
	}
	iv := st.Intervals[2] // 02:00, a measured hour at 120/h
	if iv.Start != "02:00" || iv.ErlangC != 9 || iv.Agents["pool"] < 8 || iv.Agents["pool"] > 10 || iv.Scheduled["pool"] < iv.Agents["pool"] {
		t.Errorf("02:00: %+v (Erlang C for 120/h, 3 min, 80%% in 20 s is 9)", iv)
	}
	if st.Evaluations == 0 || st.Evaluations >= st.Naive {
		t.Errorf("evaluations %d, naive %d", st.Evaluations, st.Naive)
	}
	if code, _, errs := omnisim(t, "staff", sc, "--shrinkage", "120%"); code != 2 {
		t.Errorf("--shrinkage 120%%: exit %d %s", code, errs)
	}
	// tune-bot needs a bot.
	if code, _, errs := omnisim(t, "tune-bot", sc); code != 2 || !strings.Contains(errs, "no enabled bot") {
		t.Errorf("tune-bot without a bot: exit %d %s", code, errs)
	}
}
