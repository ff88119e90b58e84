package scenarios

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// TestDefaults loads testdata/valid/minimal.yaml and checks every default of doc.go.
func TestDefaults(t *testing.T) {
	s, err := Load("testdata/valid/minimal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, got, want any) {
		t.Helper()
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	check("name", s.Name, "minimal")
	check("seed", s.Seed, 1)
	check("replications", s.Replications, 10)
	check("warmup", s.Warmup, time.Duration(0))
	check("interval", s.Interval, 30*time.Minute)
	check("sla", s.SLA, SLA{Within: time.Minute, Target: 0.8})
	check("channels[0].cost", s.Channels[0].Cost, 1)
	check("arrivals[0].days", s.Arrivals[0].Days, AllDays)
	check("arrivals[0].intents", s.Arrivals[0].Intents, []Share{{"general", 1}})
	check("arrivals[0].languages", s.Arrivals[0].Languages, []Share{{"en", 1}})
	check("customers.messages", s.Customers.Messages.Kind()+" "+fmt.Sprint(s.Customers.Messages.Mean()), "constant 1")
	check("customers.pause", s.Customers.Pause.Kind()+" "+fmt.Sprint(s.Customers.Pause.Mean()), "constant 60")
	check("customers.patience", s.Customers.Patience == nil, true)
	check("bot", s.Bot == nil, true)
	check("agents[0].concurrency", s.Agents[0].Concurrency, 1)
	check("routing.model", s.Routing.Model, "least_active")
	check("routing.capacity", s.Routing.Capacity, "tab")
	check("routing.end_inactive_after", s.Routing.EndInactiveAfter, 24*time.Hour)
	check("routing.queues", len(s.Routing.Queues), 1)
	q := s.Routing.Queues[0]
	check("queue", fmt.Sprint(q.Name, q.Channels, q.Priority, q.MinLevel, q.Skills), "default[web] 1 1 []")

	bot, err := Parse("bot.yaml", []byte(strings.Replace(minimal, "agents:", "bot: {threshold: 0.7}\nagents:", 1)))
	if err != nil {
		t.Fatal(err)
	}
	b := bot.Bot
	check("bot", fmt.Sprint(b.Enabled, b.MaxTurns, b.Latency.Kind(), b.Latency.Mean()), "true 3constant2")
}

const minimal = `version: 1
horizon: 8h
channels: {web: {}}
arrivals: [{channel: web, rate: 60/h}]
agents: [{name: pool, count: 5, response_time: {dist: exponential, mean: 2m}}]
`

// TestExplicitZeros checks that values written as 0 are kept, not defaulted.
func TestExplicitZeros(t *testing.T) {
	src := strings.Replace(minimal, "horizon: 8h", "horizon: 8h\nseed: 0\nsla: {target: 0}\nrouting: {queues: [{name: q, priority: 0, min_level: 0}]}", 1)
	s, err := Parse("zeros.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if s.Seed != 0 || s.SLA.Target != 0 || s.SLA.Within != time.Minute || s.Routing.Queues[0].Priority != 0 || s.Routing.Queues[0].MinLevel != 0 {
		t.Errorf("explicit zeros replaced by defaults: seed %d, sla %+v, queue %+v", s.Seed, s.SLA, s.Routing.Queues[0])
	}
}

// TestDistributionUnits checks durations in time-valued distributions (seconds) and
// plain numbers elsewhere.
func TestDistributionUnits(t *testing.T) {
	src := strings.Replace(minimal, "agents:", `customers:
  pause: {dist: uniform, min: 30s, max: 90}
  patience: {dist: exponential, mean: 1h30m}
  messages: {dist: empirical, values: [1, 2, 3]}
agents:`, 1)
	s, err := Parse("units.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Customers.Pause.Mean(); got != 60 {
		t.Errorf("pause mean = %v s, want 60", got)
	}
	if got := s.Customers.Patience.Mean(); got != 5400 {
		t.Errorf("patience mean = %v s, want 5400", got)
	}
	if got := s.Customers.Messages.Mean(); got != 2 {
		t.Errorf("messages mean = %v, want 2", got)
	}
	if got := s.Agents[0].ResponseTime.Mean(); got != 120 {
		t.Errorf("response_time mean = %v s, want 120", got)
	}
}

// TestHostileInput: oversized files, alias bombs, deep nesting and binary garbage end
// in positioned errors, quickly, without a panic.
func TestHostileInput(t *testing.T) {
	laughs := "version: 1\na: &a [x, x, x, x, x, x, x, x, x]\n"
	for i := 'b'; i <= 'j'; i++ {
		laughs += fmt.Sprintf("%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	tests := []struct {
		name, data, want string
	}{
		{"too large", "version: 1\n# " + strings.Repeat("x", MaxFileSize), "file is larger than 4 MiB"},
		{"billion laughs", laughs, "YAML aliases (*a) are not supported"},
		{"deep flow nesting", strings.Repeat("[", 200000) + strings.Repeat("]", 200000), "exceeded max depth"},
		{"deep block nesting", "version: 1\n" + deepBlock(2500), "a: unknown key"},
		{"binary", "\x00\x01\x02\xff\xfe", "YAML syntax error"},
		{"invalid utf-8 key", "version: 1\n\xff\xfe: 1\n", "YAML syntax error"},
		{"control characters in a key", "version: 1\n\"a\\nb\\u0007\": 1\n", `a\nb\a: unknown key`},
		{"two documents", minimal + "---\nversion: 1\n", "more than one YAML document"},
		{"only a comment", "# nothing\n", "file holds no scenario"},
		{"empty", "", "file holds no scenario"},
		{"null", "~\n", "file holds no scenario"},
		{"scalar", "hello\n", "must be a mapping"},
		{"huge integer", "version: 99999999999999999999999\n", "newer than this omnisim understands"},
		{"huge rate", strings.Replace(minimal, "60/h", "1e400/h", 1), "arrivals[0].rate: must be a rate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			s, err := Parse("hostile.yaml", []byte(tt.data))
			runtime.ReadMemStats(&after)
			if s != nil || err == nil {
				t.Fatalf("Parse accepted it: %+v", s)
			}
			var list *ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("error %T, want *ErrorList", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error:\n%v\nwant it to contain %q", err, tt.want)
			}
			for _, e := range list.Errors {
				if e.Line < 1 || strings.ContainsAny(e.Error(), "\n\r") {
					t.Errorf("bad error entry %q (line %d)", e.Error(), e.Line)
				}
			}
			// Bounded work, told by memory rather than a wall clock (a busy CI
			// machine is slow, not wrong): an alias bomb or a copy per nesting
			// level would allocate far more than a few times the file.
			if got, limit := after.TotalAlloc-before.TotalAlloc, uint64(32*len(tt.data)+1<<20); got > limit {
				t.Errorf("allocated %d bytes for a %d-byte file (limit %d)", got, len(tt.data), limit)
			}
		})
	}
}

func deepBlock(depth int) string {
	var b strings.Builder
	for i := 0; i < depth; i++ {
		b.WriteString(strings.Repeat(" ", i))
		b.WriteString("a:\n")
	}
	return b.String()
}

// TestManyErrors checks the cap on the number of messages.
func TestManyErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString("version: 1\n")
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&b, "key%d: 1\n", i)
	}
	_, err := Parse("many.yaml", []byte(b.String()))
	var list *ErrorList
	if !errors.As(err, &list) {
		t.Fatal(err)
	}
	if n := len(list.Errors); n != maxErrors+1 {
		t.Fatalf("%d errors, want %d", n, maxErrors+1)
	}
	if last := list.Errors[maxErrors]; !strings.Contains(last.Msg, "more not shown") || last.Line < 1 {
		t.Errorf("last entry = %v", last)
	}
}

func ExampleParse() {
	_, err := Parse("retail.yaml", []byte(`version: 1
horizon: 24h
channels: {web: {}}
arrivals:
  - channel: whatsapp
    rate: 120/h
    intnets: {billing: 1}
agents:
  - name: tier1
    schedule: [{at: "08:00", count: -2}]
    response_time: {dist: lognormal, median: 40s, sigma: 0.5}
`))
	fmt.Println(err)
	// Output:
	// retail.yaml:5:14: arrivals[0].channel: whatsapp is not enabled under channels: (enabled: web)
	// retail.yaml:7:5: arrivals[0].intnets: unknown key (did you mean intents?)
	// retail.yaml:10:37: agents[0].schedule[0].count: must be ≥ 0 (got -2)
}

func ExampleParseAssertion() {
	a, _ := ParseAssertion("whatsapp.wait_p90_seconds <= 2m strict")
	fmt.Printf("scope %s, metric %s, %s %g, strict %v\n", a.Scope, a.Metric, a.Op, a.Value, a.Strict)
	// Output: scope whatsapp, metric wait_p90_seconds, <= 120, strict true
}

// TestFullExampleUsesEveryKey keeps testdata/valid/full.yaml complete: every key of the
// format (except extends, which retail_weekend.yaml shows) appears in it — or,
// for routing.announce and outbound[].opted_out, in announce.yaml: the report
// goldens of full.yaml and of the scenarios extending it predate them, and using
// them there would change those goldens' costs and draws.
func TestFullExampleUsesEveryKey(t *testing.T) {
	used := map[string]bool{}
	var root *yaml.Node // full.yaml's
	// Keys whose use would change what full.yaml's golden reports measure are
	// shown in their own valid file instead, and only those keys count from it.
	for _, f := range []struct {
		name string
		only func(path string) bool
	}{
		{"full.yaml", func(string) bool { return true }},
		{"rules.yaml", func(path string) bool {
			return strings.HasSuffix(path, ".agent_group") || strings.HasSuffix(path, ".fallback_after")
		}},
		{"announce.yaml", func(path string) bool {
			return strings.HasPrefix(path, "routing.announce") || strings.HasSuffix(path, ".opted_out")
		}},
	} {
		data, err := os.ReadFile("testdata/valid/" + f.name)
		if err != nil {
			t.Fatal(err)
		}
		p := &parser{file: f.name, files: osFiles{}, seen: map[string]*yaml.Node{}, fileOf: map[*yaml.Node]string{}}
		doc := p.document(f.name, data)
		if doc == nil || p.scenario(doc) == nil || len(p.errs) > 0 {
			t.Fatalf("%s does not parse: %v", f.name, p.list())
		}
		if root == nil {
			root = doc
		}
		for path := range p.seen {
			if !f.only(path) {
				continue
			}
			used[path] = true
			if i := strings.LastIndex(path, "."); i >= 0 {
				used[path[i+1:]] = true
			}
		}
	}
	for _, sec := range sections {
		for _, k := range sec.names() {
			if !used[k] && k != "extends" {
				t.Errorf("full.yaml does not use the key %s", k)
			}
		}
	}
	kinds := map[string]bool{}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if v := mapValue(n, "dist"); v != nil {
			kinds[v.Value] = true
		}
		if mapValue(n, "mixture") != nil {
			kinds["mixture"] = true
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(root)
	for _, k := range distKinds() {
		if !kinds[k] {
			t.Errorf("full.yaml does not use the distribution %s", k)
		}
	}
}
