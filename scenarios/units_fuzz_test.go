package scenarios

import (
	"math"
	"strings"
	"testing"
	"time"
)

// The unit strings of the scenario format, fuzzed directly: each parser either
// refuses with a one-line message or returns a value in its documented range, and
// what the formatters print parses back to the same value.

func FuzzParseRate(f *testing.F) {
	for _, s := range []string{"120/h", "2/s", "30/m", "500/d", " 1.5 / h ", "0/h", "-1/h", "1e308/s", "1e-320/d", "NaN/h", "Inf/h", "1/y", "1", "/h", "1//h", "0x10/h", "1_000/h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRate(s)
		if err != nil {
			oneLine(t, err)
			return
		}
		if !(r >= 0) || math.IsInf(r, 0) {
			t.Fatalf("ParseRate(%q) = %v", s, r)
		}
	})
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"45s", "3h", "1h30m", "0s", "-1s", "1ns", "2562047h", "2562048h", "9223372036854775807ns", "1.5h", "1", "", " 2m ", "1d", "µs"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err != nil {
			oneLine(t, err)
			return
		}
		if d < 0 {
			t.Fatalf("ParseDuration(%q) = %v", s, d)
		}
		if again, err := ParseDuration(d.String()); err != nil || again != d {
			t.Fatalf("ParseDuration(%q) = %v; its String parses as %v, %v", s, d, again, err)
		}
	})
}

func FuzzParseShare(f *testing.F) {
	for _, s := range []string{"0.8", "80%", "100%", "0", "1", "1.0000001", "-0", "-0%", "101%", "NaN", "Inf", "%", "80 %", "1e-400", "0x1p-2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseShare(s)
		if err != nil {
			oneLine(t, err)
			return
		}
		if !(v >= 0 && v <= 1) {
			t.Fatalf("ParseShare(%q) = %v", s, v)
		}
	})
}

func FuzzParseTimeOfDay(f *testing.F) {
	for _, s := range []string{"08:00", "8:00", "23:59", "24:00", "00:60", "-1:00", "12:5", "12:005", ":", "", " 07:30 ", "٠٨:٠٠", "+1:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseTimeOfDay(s)
		if err != nil {
			oneLine(t, err)
			return
		}
		if d < 0 || d >= 24*time.Hour || d%time.Minute != 0 {
			t.Fatalf("ParseTimeOfDay(%q) = %v", s, d)
		}
		if again, err := ParseTimeOfDay(FormatTimeOfDay(d)); err != nil || again != d {
			t.Fatalf("ParseTimeOfDay(%q) = %v; %q parses as %v, %v", s, d, FormatTimeOfDay(d), again, err)
		}
	})
}

func FuzzParseDays(f *testing.F) {
	for _, s := range []string{"mon-fri", "sat,sun", "weekdays", "weekends", "all", "fri-mon", "Monday", "mon,", ",", "", "mon-", "-fri", "mon-fri-sat", "xyz", "sun-sun", " Tue , thu "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDays(s)
		if err != nil {
			oneLine(t, err)
			return
		}
		if d == 0 || d&^AllDays != 0 {
			t.Fatalf("ParseDays(%q) = %b", s, d)
		}
		if again, err := ParseDays(d.String()); err != nil || again != d {
			t.Fatalf("ParseDays(%q) = %v; %q parses as %v, %v", s, d, d.String(), again, err)
		}
	})
}

func oneLine(t *testing.T, err error) {
	t.Helper()
	if strings.ContainsAny(err.Error(), "\n\r") {
		t.Fatalf("multi-line error %q", err)
	}
}
