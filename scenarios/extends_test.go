package scenarios

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// TestExtendsMerge loads testdata/valid/retail_weekend.yaml over design_example.yaml:
// mappings merge, lists and distributions replace, the name is not inherited.
func TestExtendsMerge(t *testing.T) {
	s, err := Load("testdata/valid/retail_weekend.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "retail-saturday" {
		t.Errorf("name = %q, want the variant's", s.Name)
	}
	if len(s.Extends) != 1 || !strings.HasSuffix(s.Extends[0], "design_example.yaml") {
		t.Errorf("Extends = %v", s.Extends)
	}
	if s.Seed != 42 || s.Horizon != 24*time.Hour || len(s.Channels) != 3 {
		t.Errorf("base scalars and channels not inherited: seed %d, horizon %v, %d channels", s.Seed, s.Horizon, len(s.Channels))
	}
	if r := s.Routing; r.Model != "round_robin" || r.Capacity != "status" || r.InactiveAfter != 10*time.Minute || len(r.Queues) != 1 {
		t.Errorf("routing not merged: %+v", r)
	}
	if b := s.Bot; b == nil || b.Threshold != 0.6 || b.MaxTurns != 3 || b.AskAgent != 0.05 || len(b.Intents) != 1 {
		t.Errorf("bot not merged: %+v", b)
	}
	if len(s.Agents) != 1 || s.Agents[0].Name != "weekend" || len(s.Arrivals) != 2 || len(s.Assert) != 1 {
		t.Errorf("lists not replaced: %d agents, %d arrivals, %d assertions", len(s.Agents), len(s.Arrivals), len(s.Assert))
	}
	if p := s.Customers.Patience; p == nil || p.Kind() != "lognormal" {
		t.Errorf("patience not replaced whole: %v", p)
	}
	if s.Customers.Pause.Kind() != "mixture" || !s.Customers.HasMessages {
		t.Errorf("customers not merged: pause %v", s.Customers.Pause.Kind())
	}
}

func TestLoadFS(t *testing.T) {
	base := "version: 1\nname: base\nhorizon: 1h\nchannels: {web: {}}\narrivals: [{channel: web, rate: 1/h}]\n" +
		"agents: [{name: a, count: 1, response_time: {dist: constant, value: 1s}}]\n"
	fsys := fstest.MapFS{
		"bases/base.yaml":       {Data: []byte(base)},
		"variants/ok.yaml":      {Data: []byte("version: 1\nextends: ../bases/base.yaml\nhorizon: 2h\n")},
		"variants/escape.yaml":  {Data: []byte("version: 1\nextends: ../../etc/passwd\n")},
		"variants/chain.yaml":   {Data: []byte("version: 1\nextends: ok.yaml\nseed: 9\n")},
		"variants/dup.yaml":     {Data: []byte("version: 1\nextends: ok.yaml\nextends: ok.yaml\n")},
		"variants/nobase.yaml":  {Data: []byte("version: 1\nextends: missing.yaml\nhorizon: 2h\nbogus: 1\n")},
		"variants/baddir.yaml":  {Data: []byte("version: 1\nextends: ../bases\n")},
		"variants/numeric.yaml": {Data: []byte("version: 1\nextends: [a]\n")},
	}
	s, err := LoadFS(fsys, "variants/chain.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "chain" || s.Horizon != 2*time.Hour || s.Seed != 9 || len(s.Extends) != 2 {
		t.Errorf("chain: name %q horizon %v seed %d extends %v", s.Name, s.Horizon, s.Seed, s.Extends)
	}
	for name, want := range map[string]string{
		"variants/escape.yaml":  `variants/escape.yaml:2:10: extends: "../../etc/passwd" is outside the scenario file system`,
		"variants/dup.yaml":     "variants/dup.yaml:3:1: extends: duplicate key (first at line 2)",
		"variants/nobase.yaml":  "variants/nobase.yaml:2:10: extends: cannot read the base scenario variants/missing.yaml: file does not exist\nvariants/nobase.yaml:4:1: bogus: unknown key",
		"variants/baddir.yaml":  "variants/baddir.yaml:2:10: extends: cannot read the base scenario bases: not a regular file",
		"variants/numeric.yaml": "variants/numeric.yaml:2:10: extends: must be a string, got a list",
	} {
		_, err := LoadFS(fsys, name)
		var list *ErrorList
		if !errors.As(err, &list) {
			t.Errorf("%s: %v, want an *ErrorList", name, err)
			continue
		}
		if !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s:\n%v\nwant it to start with:\n%s", name, err, want)
		}
	}
}
