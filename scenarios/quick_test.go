package scenarios

import (
	"fmt"
	"testing"
	"time"
)

func TestQuick(t *testing.T) {
	const day = 24 * time.Hour
	cases := []struct {
		name          string
		horizon, days string
		reps          int
		wantReps      int
		wantHorizon   time.Duration
		wantChanged   bool
	}{
		{"quarter rounded up to a day", "48h", "all", 10, 3, day, true},
		{"never below a day", "24h", "all", 10, 3, day, true},
		{"short horizon kept", "8h", "all", 2, 2, 8 * time.Hour, false},
		{"whole days", "1000h", "all", 5, 3, 11 * day, true},
		{"few replications kept", "24h", "all", 3, 3, day, false},
		{"weekday arrivals keep the horizon", "192h", "mon-fri", 10, 3, 192 * time.Hour, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := fmt.Sprintf(`version: 1
horizon: %s
replications: %d
channels: {web: {}}
arrivals: [{channel: web, rate: 10/h, days: %s}]
agents: [{name: a, count: 2, response_time: {dist: exponential, mean: 2m}}]
`, c.horizon, c.reps, c.days)
			sc, err := Parse("q.yaml", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			changed := sc.Quick()
			if changed != c.wantChanged || sc.Replications != c.wantReps || sc.Horizon != c.wantHorizon {
				t.Errorf("Quick() = %v, replications %d, horizon %v; want %v, %d, %v",
					changed, sc.Replications, sc.Horizon, c.wantChanged, c.wantReps, c.wantHorizon)
			}
		})
	}
}

func TestWeekdayDependent(t *testing.T) {
	cases := map[string]bool{
		`arrivals: [{channel: web, rate: 10/h}]
agents: [{name: a, count: 2, response_time: {dist: constant, value: 60}}]`: false,
		`arrivals: [{channel: web, rate: 10/h, days: weekdays}]
agents: [{name: a, count: 2, response_time: {dist: constant, value: 60}}]`: true,
		`arrivals: [{channel: web, profile: [{at: "00:00", rate: 1/h}, {at: "09:00", rate: 5/h, days: sat}]}]
agents: [{name: a, count: 2, response_time: {dist: constant, value: 60}}]`: true,
		`arrivals: [{channel: web, rate: 10/h}]
agents: [{name: a, schedule: [{at: "00:00", count: 1}, {at: "08:00", count: 3, days: mon-fri}], response_time: {dist: constant, value: 60}}]`: true,
		`arrivals: [{channel: web, rate: 10/h}]
agents: [{name: a, schedule: [{at: "00:00", count: 1}, {at: "08:00", count: 3}], response_time: {dist: constant, value: 60}}]`: false,
	}
	for body, want := range cases {
		sc, err := Parse("w.yaml", []byte("version: 1\nhorizon: 24h\nchannels: {web: {}}\n"+body+"\n"))
		if err != nil {
			t.Fatal(err)
		}
		if got := sc.weekdayDependent(); got != want {
			t.Errorf("weekdayDependent = %v, want %v for\n%s", got, want, body)
		}
	}
}
