package scenarios

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/omnisim/omnisim/erlang"
)

// The library must hold at least these (issue "Scenario files and CI"): retail
// weekday multi-channel, bank with weekend closures on WhatsApp, telco SMS-heavy with
// STOP, airline disruption surge, bot-first, M/M/c sanity; and the default scenario.
var requiredExamples = []string{"default", "retail-weekday", "bank-weekend", "telco-sms", "airline-disruption", "bot-first", "mmc-sanity"}

func TestExamples(t *testing.T) {
	list := Examples()
	var names []string
	for _, e := range list {
		names = append(names, e.Name)
	}
	if !slices.IsSorted(names) || len(slices.Compact(slices.Clone(names))) != len(names) {
		t.Errorf("names not sorted and unique: %v", names)
	}
	for _, want := range requiredExamples {
		if !slices.Contains(names, want) {
			t.Errorf("example %s missing (have %v)", want, names)
		}
	}
	for _, e := range list {
		t.Run(e.Name, func(t *testing.T) {
			if e.Description == "" {
				t.Error("no description: (omnisim scenarios list shows it)")
			}
			sc, err := LoadExample(e.Name)
			if err != nil {
				t.Fatalf("embedded example does not load:\n%v", err)
			}
			if len(sc.Assert) == 0 {
				t.Error("no assertions: every example is checked in CI")
			}
			if _, err := sc.Model(); err != nil {
				t.Errorf("no model: %v", err)
			}
			if e.Name == DefaultExample {
				if !bytes.Equal(e.YAML, DefaultYAML()) {
					t.Error("default example is not the embedded default scenario")
				}
				return
			}
			// The file on disk is the embedded one, and loads from disk as well
			// (omnisim check scenarios/examples reads the directory).
			path := filepath.Join("examples", e.Name+".yaml")
			data, err := os.ReadFile(path)
			if err != nil || !bytes.Equal(data, e.YAML) {
				t.Errorf("examples/%s.yaml differs from the embedded example (%v)", e.Name, err)
			}
			if _, err := Load(path); err != nil {
				t.Errorf("Load(%s):\n%v", path, err)
			}
		})
	}
}

func TestExamplesAreCopies(t *testing.T) {
	a := Examples()
	a[0].YAML[0] ^= 0xff
	if b := Examples(); b[0].YAML[0] == a[0].YAML[0] {
		t.Error("Examples shares its YAML with the caller")
	}
}

func TestFindExample(t *testing.T) {
	e, err := FindExample("bank-weekend")
	if err != nil || e.Name != "bank-weekend" || !bytes.Contains(e.YAML, []byte("name: bank-weekend")) {
		t.Fatalf("FindExample(bank-weekend) = %q, %v", e.Name, err)
	}
	_, err = FindExample("bank-weekned")
	if err == nil || !strings.Contains(err.Error(), "did you mean bank-weekend?") || !strings.Contains(err.Error(), "examples: ") {
		t.Errorf("unknown name: %v", err)
	}
	if _, err := LoadExample("nope"); err == nil {
		t.Error("LoadExample of an unknown name succeeded")
	}
}

// TestMMCExampleBracketsErlangC ties mmc-sanity's assertions to theory: read the M/M/c
// parameters from the file, compute Erlang C (package erlang, as omnisim erlang c
// does) and check that every assertion on p_wait, asa_seconds, service_level and
// utilization holds for the exact value. Editing the scenario without its bounds, or
// the bounds without the scenario, fails here. That the simulator agrees with
// Erlang C is sim's own test (sim/mmc_test.go); omnisim check runs the file.
func TestMMCExampleBracketsErlangC(t *testing.T) {
	sc, err := LoadExample("mmc-sanity")
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Arrivals) != 1 || len(sc.Agents) != 1 || sc.Customers.Patience != nil || sc.Bot != nil ||
		sc.Customers.Messages.Kind() != "constant" || sc.Customers.Messages.Mean() != 1 ||
		sc.Agents[0].ResponseTime.Kind() != "exponential" || sc.Agents[0].Concurrency != 1 {
		t.Fatal("mmc-sanity is no longer an M/M/c queue")
	}
	aht := time.Duration(sc.Agents[0].ResponseTime.Mean() * float64(time.Second))
	res, err := erlang.C(erlang.CInput{RatePerSecond: sc.Arrivals[0].Rate, AHT: aht, Agents: sc.Agents[0].Count, Within: sc.SLA.Within})
	if err != nil {
		t.Fatal(err)
	}
	exact := map[string]float64{"p_wait": res.PWait, "asa_seconds": res.ASASeconds, "service_level": res.ServiceLevel, "utilization": res.Occupancy}
	checked := 0
	for _, a := range sc.Assert {
		v, ok := exact[a.Metric]
		if !ok {
			continue
		}
		checked++
		holds := map[string]bool{"<": v < a.Value, "<=": v <= a.Value, ">": v > a.Value, ">=": v >= a.Value}[a.Op]
		if !holds {
			t.Errorf("%s: Erlang C gives %s = %.4f", a.Text, a.Metric, v)
		}
	}
	if checked < 6 {
		t.Errorf("only %d assertions bracket Erlang C values; want both bounds of at least three metrics", checked)
	}
}

func TestWriteExampleList(t *testing.T) {
	var buf bytes.Buffer
	list := []Example{{Name: "a", Description: "first"}, {Name: "longer", Description: "second"}}
	if err := WriteExampleList(&buf, list); err != nil {
		t.Fatal(err)
	}
	if want := "a       first\nlonger  second\n"; buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
}
