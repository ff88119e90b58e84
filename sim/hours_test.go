package sim

import (
	"testing"
	"time"
)

func TestBusinessHours(t *testing.T) {
	h := func(hh float64) Time { return Time(hh * float64(time.Hour)) }
	// Monday and Tuesday 9–18 (9 h each), nothing after.
	bh, err := NewBusinessHours("office", []Span{{h(9), h(18)}, {h(24 + 9), h(24 + 18)}})
	if err != nil {
		t.Fatal(err)
	}
	between := []struct {
		name string
		a, b Time
		want Time
	}{
		{"inside", h(10), h(12), h(2)},
		{"before opening", h(0), h(10), h(1)},
		{"overnight", h(17), h(24 + 10), h(2)}, // 1 h Monday + 1 h Tuesday
		{"after the last span", h(24 + 17), h(100), h(1)},
		{"closed", h(18), h(24 + 9), 0},
		{"reversed", h(12), h(10), 0},
	}
	for _, tt := range between {
		if got := bh.Between(tt.a, tt.b); got != tt.want {
			t.Errorf("%s: Between = %v, want %v", tt.name, got.Duration(), tt.want.Duration())
		}
	}
	add := []struct {
		name string
		t    Time
		d    time.Duration
		want Time
		ok   bool
	}{
		{"same day", h(10), 2 * time.Hour, h(12), true},
		{"overnight", h(17), 2 * time.Hour, h(24 + 10), true},
		{"at closing", h(9), 9 * time.Hour, h(18), true},
		{"closed start", h(20), time.Hour, h(24 + 10), true},
		{"zero while closed", h(20), 0, h(20), true},
		{"past the spans", h(24 + 17), 2 * time.Hour, 0, false},
	}
	for _, tt := range add {
		got, ok := bh.Add(tt.t, tt.d)
		if ok != tt.ok || ok && got != tt.want {
			t.Errorf("%s: Add = %v %v, want %v %v", tt.name, got.Duration(), ok, tt.want.Duration(), tt.ok)
		}
	}
	if _, err := NewBusinessHours("bad", []Span{{h(9), h(18)}, {h(17), h(20)}}); err == nil {
		t.Error("overlapping spans accepted")
	}
}

func TestResponseTargetOn(t *testing.T) {
	bh, _ := NewBusinessHours("office", []Span{{Time(9 * time.Hour), Time(18 * time.Hour)}})
	clock := &ResponseTarget{Within: time.Hour}
	business := &ResponseTarget{Within: time.Hour, Hours: bh}
	// Written at 17:30, answered at 09:20 the next day: 15 h 50 elapsed; the
	// only span ends at 18:00, so 30 min of business time.
	from, to := Time(17*time.Hour+30*time.Minute), Time(33*time.Hour+20*time.Minute)
	if clock.on(from, to) {
		t.Error("around the clock: 15h50 counted as within 1h")
	}
	if !business.on(from, to) {
		t.Error("business hours: 30 min counted as late")
	}
}
