package loadtest

import (
	"strings"
	"testing"
	"time"
)

func TestCheckTarget(t *testing.T) {
	for _, ok := range []string{"http://127.0.0.1:8080", "https://chat.example.com/base"} {
		if err := CheckTarget(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "127.0.0.1:8080", "ftp://x", "http://"} {
		if err := CheckTarget(bad); err == nil || !strings.HasPrefix(err.Error(), "--target: want an http(s) URL") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestArgsApply(t *testing.T) {
	base := Config{Rate: 5, Duration: 10 * time.Second, MaxLag: time.Millisecond, Timeout: time.Second, Drain: time.Second, Shards: 2}
	cfg := base
	if err := (Args{Rate: "600/m", Vars: []string{"token=a=b", "x="}}).Apply(&cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Rate != 10 || cfg.Vars["token"] != "a=b" || cfg.Vars["x"] != "" || cfg.Expected() != 50 {
		t.Errorf("rate %v, vars %v, expected %d", cfg.Rate, cfg.Vars, cfg.Expected())
	}
	for _, tt := range []struct {
		args Args
		edit func(*Config)
		want string
	}{
		{Args{Rate: "fast"}, nil, "--rate: "},
		{Args{Vars: []string{"=x"}}, nil, `--var "=x": want NAME=VALUE`},
		{Args{Vars: []string{"novalue"}}, nil, `--var "novalue": want NAME=VALUE`},
		{Args{Mapping: "testdata/none.yaml"}, nil, "none.yaml"},
		{Args{}, func(c *Config) { c.Duration = 0 }, "--duration: must be > 0 (got 0s)"},
		{Args{TimeScaleGiven: true}, nil, "--time-scale: must be in (0, 1e6] (got 0)"},
		{Args{}, func(c *Config) { c.Drain = -1 }, "--max-lag and --timeout must be > 0, --drain ≥ 0"},
	} {
		cfg := base
		if tt.edit != nil {
			tt.edit(&cfg)
		}
		if err := tt.args.Apply(&cfg); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: %v, want %q", tt.args, err, tt.want)
		}
	}
}
