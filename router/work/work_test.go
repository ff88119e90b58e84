package work

import (
	"slices"
	"testing"

	"github.com/omnisim/omnisim/router"
)

func TestWork(t *testing.T) {
	m := &Model{
		Skills:   []string{"en", "es", "billing"},
		Channels: []Channel{{Name: "whatsapp", Units: 1}, {Name: "web", Units: 2}},
		QueueRoutes: []Route{
			{Language: true, AdditionalIntent: true, MinLevel: 5},
			{Intent: true, Tier: true},
			{},
		},
	}
	n := func(skill, level int) router.SkillNeed { return router.SkillNeed{Skill: skill, MinLevel: level} }
	cases := []struct {
		name             string
		queue, channel   int
		language, intent string
		tier             int
		want             router.Work
	}{
		{"language required, intent additional", 0, 0, "es", "billing", 1, router.Work{Queue: 0, Channel: 0, Units: 1, Skills: []router.SkillNeed{n(1, 5)}, Additional: []router.SkillNeed{n(2, 5)}}},
		{"intent required, tier orders", 1, 1, "en", "billing", 1, router.Work{Queue: 1, Channel: 1, Units: 2, Priority2: 1, Skills: []router.SkillNeed{n(2, 0)}}},
		{"unknown names add nothing", 0, 1, "fr", "returns", 0, router.Work{Queue: 0, Channel: 1, Units: 2}},
		{"no attributes", 2, 0, "en", "billing", 1, router.Work{Queue: 2, Channel: 0, Units: 1}},
		{"queue without a route", 5, 0, "en", "billing", 1, router.Work{Queue: 5, Channel: 0, Units: 1}},
	}
	for _, tc := range cases {
		w := m.Work(tc.queue, tc.channel, tc.language, tc.intent, tc.tier)
		if w.Queue != tc.want.Queue || w.Channel != tc.want.Channel || w.Units != tc.want.Units || w.Priority2 != tc.want.Priority2 ||
			!slices.Equal(w.Skills, tc.want.Skills) || !slices.Equal(w.Additional, tc.want.Additional) {
			t.Errorf("%s: Work = %+v, want %+v", tc.name, w, tc.want)
		}
	}
	if m.SkillID("es") != 1 || m.SkillID("klingon") != -1 {
		t.Errorf("SkillID")
	}
}

// Describe reuses the caller's buffers: no allocation once they have grown.
func TestDescribeReusesBuffers(t *testing.T) {
	r := Route{Language: true, Intent: true, AdditionalIntent: true}
	need, addl := make([]router.SkillNeed, 0, 2), make([]router.SkillNeed, 0, 1)
	var w router.Work
	if a := testing.AllocsPerRun(100, func() { r.Describe(&w, need, addl, 0, 1, 0) }); a != 0 {
		t.Errorf("%v allocations per Describe", a)
	}
	if len(w.Skills) != 2 || len(w.Additional) != 1 {
		t.Errorf("Work %+v", w)
	}
}
