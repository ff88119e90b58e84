package sim

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/omnisim/omnisim/router"
	"github.com/omnisim/omnisim/sim/dist"
)

// workModel routes on every attribute somewhere: queue 0 requires the language and
// asks for the intent, queue 1 requires both and orders by tier, queue 2 asks for
// the language only, queue 3 routes on nothing. "fr" is a language no agent speaks
// (still a skill: an arrival stream names it).
func workModel(t *testing.T) *Model {
	t.Helper()
	tiers, err := NewCategorical([]string{"vip", "standard"}, []float64{0.2, 0.8})
	if err != nil {
		t.Fatal(err)
	}
	langs, err := NewCategorical([]string{"en", "es", "fr"}, []float64{0.6, 0.3, 0.1})
	if err != nil {
		t.Fatal(err)
	}
	intents, err := NewCategorical([]string{"billing", "technical"}, []float64{0.5, 0.5})
	if err != nil {
		t.Fatal(err)
	}
	return &Model{
		Name: "work", Seed: 1, Horizon: time.Hour, Interval: time.Hour, Replications: 1,
		Channels: []Channel{{Name: "whatsapp", Units: 1}, {Name: "web", Units: 2}},
		Arrivals: []Arrival{
			{Channel: 0, Rate: Constant(1), Intents: intents, Languages: langs, Tiers: tiers},
			{Channel: 1, Rate: Constant(1), Intents: One("general"), Languages: One("en")},
		},
		Messages: dist.Constant(1), Pause: dist.Constant(60),
		Groups: []Group{{Name: "g", Staff: Constant(2), Concurrency: 2, ResponseTime: dist.Constant(30),
			Skills: []int8{10, 5, 0, 7, 3, 9}}},
		Skills: []string{"en", "es", "fr", "billing", "technical", "general"},
		Routing: router.Config{Queues: []router.QueueSpec{
			{Name: "q0", OverflowTo: -1, DropAdditionalAfter: time.Minute},
			{Name: "q1", OverflowTo: -1},
			{Name: "q2", OverflowTo: -1, DropAdditionalAfter: time.Minute},
			{Name: "q3", OverflowTo: -1},
		}},
		QueueRoutes: []QueueRoute{
			{Language: true, AdditionalIntent: true, MinLevel: 3},
			{Language: true, Intent: true, Tier: true, MinLevel: 1},
			{AdditionalLanguage: true},
			{},
		},
	}
}

// Model.Work, which omnisim serve uses, builds the same Work as the simulator's own
// mapping for every arrival stream, attribute and queue.
func TestWorkMatchesSimulator(t *testing.T) {
	m := workModel(t)
	r, err := newReplication(m, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for ai, a := range m.Arrivals {
		tiers := max(len(a.Tiers.Names), 1)
		for li, lang := range a.Languages.Names {
			for ii, intent := range a.Intents.Names {
				for tier := 0; tier < tiers; tier++ {
					for q := range m.QueueRoutes {
						c := &conversation{arrival: int16(ai), channel: int16(a.Channel), units: int32(m.Channels[a.Channel].Units),
							language: int16(li), intent: int16(ii), tier: int16(tier)}
						want := r.work(c, q)
						got := m.Serving().Work(q, a.Channel, lang, intent, tier)
						if !sameWork(got, want) {
							t.Errorf("stream %d, %s/%s tier %d, queue %d: Work %+v, simulator %+v", ai, lang, intent, tier, q, got, want)
						}
						n++
					}
				}
			}
		}
	}
	if n < 50 {
		t.Fatalf("only %d combinations compared", n)
	}
}

func sameWork(a, b router.Work) bool {
	return a.Queue == b.Queue && a.Channel == b.Channel && a.Units == b.Units && a.Priority2 == b.Priority2 &&
		slices.Equal(a.Skills, b.Skills) && slices.Equal(a.Additional, b.Additional)
}

func TestWork(t *testing.T) {
	m := workModel(t)
	need := func(skill, level int) router.SkillNeed { return router.SkillNeed{Skill: skill, MinLevel: level} }
	cases := []struct {
		name                    string
		queue, channel          int
		language, intent        string
		tier                    int
		skills, additional      []router.SkillNeed
		units, priority2, qwant int
	}{
		{"language required, intent additional", 0, 0, "es", "technical", 1, []router.SkillNeed{need(1, 3)}, []router.SkillNeed{need(4, 3)}, 1, 0, 0},
		{"both required, tier orders", 1, 0, "en", "billing", 1, []router.SkillNeed{need(0, 1), need(3, 1)}, nil, 1, 1, 1},
		{"language additional only", 2, 1, "fr", "general", 0, nil, []router.SkillNeed{need(2, 0)}, 2, 0, 2},
		{"no attributes", 3, 1, "en", "general", 1, nil, nil, 2, 0, 3},
		{"unknown names add nothing", 1, 0, "de", "returns", 0, nil, nil, 1, 0, 1},
		{"queue without a route (default queue)", 7, 0, "en", "billing", 0, nil, nil, 1, 0, 7},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := m.Serving().Work(tc.queue, tc.channel, tc.language, tc.intent, tc.tier)
			want := router.Work{Queue: tc.qwant, Channel: tc.channel, Units: tc.units, Priority2: tc.priority2, Skills: tc.skills, Additional: tc.additional}
			if !sameWork(w, want) {
				t.Errorf("Work = %+v, want %+v", w, want)
			}
		})
	}
	for i, name := range m.Skills {
		if got := m.Serving().SkillID(name); got != i {
			t.Errorf("SkillID(%s) = %d, want %d", name, got, i)
		}
	}
	if got := m.Serving().SkillID("klingon"); got != -1 {
		t.Errorf("SkillID(klingon) = %d, want -1", got)
	}
}

func ExampleModel_Serving() {
	m := &Model{
		Channels:    []Channel{{Name: "whatsapp", Units: 1}},
		Skills:      []string{"en", "es", "billing"},
		QueueRoutes: []QueueRoute{{Language: true, AdditionalIntent: true, MinLevel: 5}},
	}
	w := m.Serving().Work(0, 0, "es", "billing", 0)
	fmt.Println(w.Skills, w.Additional)
	// Output: [{1 5}] [{2 5}]
}
