package scenarios

import (
	"strings"
	"testing"
	"time"
)

func TestParseTimeOfDay(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		err  bool
	}{
		{"00:00", 0, false},
		{"08:00", 8 * time.Hour, false},
		{"8:30", 8*time.Hour + 30*time.Minute, false},
		{"23:59", 23*time.Hour + 59*time.Minute, false},
		{" 12:15 ", 12*time.Hour + 15*time.Minute, false},
		{"24:00", 0, true},
		{"12:60", 0, true},
		{"12", 0, true},
		{"12:5", 0, true},
		{"123:00", 0, true},
		{"-1:00", 0, true},
		{"ab:cd", 0, true},
		{"08:00:00", 0, true},
		{"", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseTimeOfDay(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("ParseTimeOfDay(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.err)
		}
	}
	if got := FormatTimeOfDay(8*time.Hour + 5*time.Minute); got != "08:05" {
		t.Errorf("FormatTimeOfDay = %q, want 08:05", got)
	}
}

func TestParseDays(t *testing.T) {
	const (
		mon Days = 1 << iota
		tue
		wed
		thu
		fri
		sat
		sun
	)
	tests := []struct {
		in   string
		want Days
		err  string
	}{
		{"mon-fri", mon | tue | wed | thu | fri, ""},
		{"weekdays", Weekdays, ""},
		{"weekends", sat | sun, ""},
		{"all", AllDays, ""},
		{"sat,sun", sat | sun, ""},
		{"mon-wed,fri", mon | tue | wed | fri, ""},
		{"Monday, Sunday", mon | sun, ""},
		{"fri-mon", fri | sat | sun | mon, ""}, // wraps around the week
		{"wed-wed", wed, ""},
		{"MON", mon, ""},
		{"", 0, "must name days"},
		{"mon-funday", 0, `unknown day "funday"`},
		{"mon,,fri", 0, "empty day"},
		{"holiday", 0, `unknown day "holiday"`},
		{"mom", 0, "did you mean mon?"},
	}
	for _, tt := range tests {
		got, err := ParseDays(tt.in)
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("ParseDays(%q): %v", tt.in, err)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("ParseDays(%q) error = %v, want it to contain %q", tt.in, err, tt.err)
		case got != tt.want:
			t.Errorf("ParseDays(%q) = %07b, want %07b", tt.in, got, tt.want)
		}
	}
}

func TestDaysString(t *testing.T) {
	for _, in := range []string{"mon-fri", "sat,sun", "mon-wed,fri", "all", "mon", "tue,thu,sat"} {
		d, err := ParseDays(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.String(); got != in {
			t.Errorf("ParseDays(%q).String() = %q", in, got)
		}
	}
}

// TestShares checks the categorical maps: file order kept, shares in [0, 1] written as
// numbers or percentages, summing to 1 within 1e-9.
func TestShares(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []Share
		err  string
	}{
		{"order kept", "{b: 0.5, a: 0.3, c: 0.2}", []Share{{"b", 0.5}, {"a", 0.3}, {"c", 0.2}}, ""},
		{"percentages", "{en: 80%, es: 20%}", []Share{{"en", 0.8}, {"es", 0.2}}, ""},
		{"one", "{en: 1}", []Share{{"en", 1}}, ""},
		{"decimal rounding", "{a: 0.1, b: 0.2, c: 0.7}", []Share{{"a", 0.1}, {"b", 0.2}, {"c", 0.7}}, ""},
		{"thirds", "{a: 0.3333333333333, b: 0.3333333333333, c: 0.3333333333334}", nil, ""},
		{"short", "{a: 0.5, b: 0.4}", nil, "shares must sum to 1 (got 0.9)"},
		{"over", "{a: 0.5, b: 0.6}", nil, "shares must sum to 1 (got 1.1)"},
		{"off by 1e-6", "{a: 0.5, b: 0.500001}", nil, "shares must sum to 1"},
		{"above 1", "{a: 1.5, b: -0.5}", nil, "must be between 0 and 1"},
		{"not a number", "{a: half}", nil, "must be a share such as 0.8 or 80%"},
		{"empty", "{}", nil, "at least one"},
		{"list", "[a, b]", nil, "must be a mapping"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "version: 1\nhorizon: 1h\nchannels: {web: {}}\narrivals: [{channel: web, rate: 1/h, intents: " + tt.yaml + "}]\n" +
				"agents: [{name: a, count: 1, response_time: {dist: constant, value: 1s}}]\n"
			s, err := Parse("t.yaml", []byte(src))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error = %v, want it to contain %q", err, tt.err)
				}
				if !strings.Contains(err.Error(), "arrivals[0].intents") {
					t.Errorf("error %q does not name arrivals[0].intents", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.want != nil {
				got := s.Arrivals[0].Intents
				if len(got) != len(tt.want) {
					t.Fatalf("got %v, want %v", got, tt.want)
				}
				for i := range got {
					if got[i] != tt.want[i] {
						t.Errorf("got %v, want %v", got, tt.want)
					}
				}
			}
		})
	}
}

func TestParseAssertion(t *testing.T) {
	tests := []struct {
		in   string
		want Assertion
		err  string
	}{
		{"service_level >= 0.80", Assertion{Metric: "service_level", Op: ">=", Value: 0.8}, ""},
		{"service_level >= 80%", Assertion{Metric: "service_level", Op: ">=", Value: 0.8}, ""},
		{"wait_p90_seconds <= 2m", Assertion{Metric: "wait_p90_seconds", Op: "<=", Value: 120}, ""},
		{"asa_seconds < 30", Assertion{Metric: "asa_seconds", Op: "<", Value: 30}, ""},
		{"abandon_rate<=0.05", Assertion{Metric: "abandon_rate", Op: "<=", Value: 0.05}, ""},
		{"whatsapp.service_level >= 0.85", Assertion{Scope: "whatsapp", Metric: "service_level", Op: ">=", Value: 0.85}, ""},
		{"queue:vip.asa_seconds < 1m30s", Assertion{Scope: "queue:vip", Metric: "asa_seconds", Op: "<", Value: 90}, ""},
		{"utilization <= 0.85 strict", Assertion{Metric: "utilization", Op: "<=", Value: 0.85, Strict: true}, ""},
		{"offered > 100", Assertion{Metric: "offered", Op: ">", Value: 100}, ""},
		{"cost != 0", Assertion{Metric: "cost", Op: "!=", Value: 0}, ""},
		{"handled == 5", Assertion{Metric: "handled", Op: "==", Value: 5}, ""},
		{"cost > -1", Assertion{Metric: "cost", Op: ">", Value: -1}, ""},
		{"servce_level >= 0.8", Assertion{}, "unknown metric servce_level (did you mean service_level?)"},
		{"service_level => 0.8", Assertion{}, "did you mean >=?"},
		{"service_level = 0.8", Assertion{}, "did you mean ==?"},
		{"service_level 0.8", Assertion{}, "no comparison"},
		{">= 0.8", Assertion{}, "no metric"},
		{"service_level >=", Assertion{}, "no value"},
		{"service_level >= lots", Assertion{}, `value "lots"`},
		{"service_level >= 2m", Assertion{}, "not a time"},
		{"asa_seconds <= 80%", Assertion{}, "not a share"},
		{"0 < service_level < 1", Assertion{}, "one comparison"},
		{"service_level > 0.5 < 1", Assertion{}, "one comparison"},
		{"queue:.asa_seconds < 1", Assertion{}, "names no queue"},
		{".asa_seconds < 1", Assertion{}, "empty scope"},
		{"strict", Assertion{}, "no comparison"},
	}
	for _, tt := range tests {
		got, err := ParseAssertion(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseAssertion(%q) error = %v, want it to contain %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseAssertion(%q): %v", tt.in, err)
			continue
		}
		tt.want.Text = tt.in
		if got != tt.want {
			t.Errorf("ParseAssertion(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	keys := []string{"channel", "rate", "profile", "days", "intents", "languages", "tiers"}
	tests := map[string]string{
		"intnets":  "intents",
		"langauge": "languages",
		"chanel":   "channel",
		"Rate":     "rate",
		"rates":    "rate",
		"xyz":      "",
		"a":        "",
		"customer": "",
	}
	for in, want := range tests {
		if got := suggest(in, keys); got != want {
			t.Errorf("suggest(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseRateAndDuration(t *testing.T) {
	for in, want := range map[string]float64{"120/h": 120.0 / 3600, "2/s": 2, "30/m": 0.5, "864/d": 0.01, "0/h": 0} {
		got, err := ParseRate(in)
		if err != nil || got != want {
			t.Errorf("ParseRate(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"-1/h", "1/w", "h", "abc/h", "NaN/h", "120"} {
		if _, err := ParseRate(in); err == nil {
			t.Errorf("ParseRate(%q) succeeded", in)
		}
	}
}
