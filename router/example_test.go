package router_test

import (
	"fmt"
	"time"

	"github.com/omnisim/omnisim/router"
)

// Skill ids of the examples: the caller maps names to small integers.
const (
	en = iota
	es
	billing
)

var skillNames = []string{"en", "es", "billing"}

func Example() {
	e, err := router.New(router.Config{
		Model:      router.LeastActive,
		SkillNames: skillNames,
		Queues: []router.QueueSpec{
			{Name: "support", Priority: 2},
			{Name: "vip", Priority: 1},
		},
	})
	if err != nil {
		panic(err)
	}
	ana := e.AddAgent(router.AgentSpec{Capacity: 2, Skills: []int8{en: 8, es: 10}})
	bob := e.AddAgent(router.AgentSpec{Capacity: 2, Skills: []int8{en: 9}})
	e.SetOnline(0, ana, true)
	e.SetOnline(0, bob, true)

	spanish := []router.SkillNeed{{Skill: es, MinLevel: 5}}
	e.Enqueue(0, 1, router.Work{Queue: 0})
	e.Enqueue(0, 2, router.Work{Queue: 0, Skills: spanish})
	e.Enqueue(0, 3, router.Work{Queue: 1}) // VIP: routed first
	for _, a := range e.Route(0, nil) {
		fmt.Printf("conversation %d → agent %d (queue %d)\n", a.Conv, a.Agent, a.Queue)
	}
	// Output:
	// conversation 3 → agent 0 (queue 1)
	// conversation 1 → agent 1 (queue 0)
	// conversation 2 → agent 0 (queue 0)
}

// Additional skills are dropped when nobody who has them is free: NextDeadline
// says when to route again.
func ExampleEngine_NextDeadline() {
	e, _ := router.New(router.Config{Queues: []router.QueueSpec{
		{Name: "support", DropAdditionalAfter: 2 * time.Minute},
	}})
	e.SetOnline(0, e.AddAgent(router.AgentSpec{Capacity: 1, Skills: []int8{en: 10}}), true)

	e.Enqueue(0, 1, router.Work{
		Skills:     []router.SkillNeed{{Skill: en}},
		Additional: []router.SkillNeed{{Skill: billing, MinLevel: 5}},
	})
	fmt.Println("at once:", len(e.Route(0, nil)))
	at, _ := e.NextDeadline()
	fmt.Println("next deadline:", time.Duration(at))
	for _, a := range e.Route(at, nil) {
		fmt.Printf("conversation %d → agent %d, skills dropped: %v\n", a.Conv, a.Agent, a.DroppedSkills)
	}
	// Output:
	// at once: 0
	// next deadline: 2m0s
	// conversation 1 → agent 0, skills dropped: true
}

// Under status capacity an inactive conversation frees its agent; when the
// customer writes again it goes back to the same agent if it can.
func ExampleEngine_Resume() {
	e, _ := router.New(router.Config{Capacity: router.Status, StickyFor: 24 * time.Hour})
	for i := 0; i < 2; i++ {
		e.SetOnline(0, e.AddAgent(router.AgentSpec{Capacity: 1}), true)
	}
	e.Enqueue(0, 1, router.Work{})
	first := e.Route(0, nil)[0]
	fmt.Println("first to agent", first.Agent)

	e.SetInactive(int64(10*time.Minute), 1)
	fmt.Println("agent load while inactive:", e.Used(int(first.Agent)))

	now := int64(3 * time.Hour)
	e.Resume(now, 1, router.Work{})
	again := e.Route(now, nil)[0]
	fmt.Println("back to agent", again.Agent, "sticky:", again.Sticky)
	// Output:
	// first to agent 0
	// agent load while inactive: 0
	// back to agent 0 sticky: true
}

// With a push timeout, routing makes offers; one that is not accepted in time goes
// to another agent and the first agent goes Away.
func ExampleEngine_Accept() {
	e, _ := router.New(router.Config{PushTimeout: 30 * time.Second, TimeoutPresence: router.Away})
	for i := 0; i < 2; i++ {
		e.SetOnline(0, e.AddAgent(router.AgentSpec{Capacity: 1}), true)
	}
	e.Enqueue(0, 7, router.Work{})
	offer := e.Route(0, nil)[0]
	fmt.Println("offered to agent", offer.Agent, "offer:", offer.Offer)

	deadline := int64(30 * time.Second)
	for _, t := range e.Expire(deadline, nil) {
		fmt.Printf("timeout: conversation %d, agent %d now %v\n", t.Conv, t.Agent, e.PresenceOf(int(t.Agent)))
	}
	offer = e.Route(deadline, nil)[0]
	fmt.Println("offered to agent", offer.Agent)
	fmt.Println("accepted:", e.Accept(deadline+int64(time.Second), 7))
	// Output:
	// offered to agent 0 offer: true
	// timeout: conversation 7, agent 0 now away
	// offered to agent 1
	// accepted: true
}

// An agent going offline hands its conversations back when OfflineRequeue is set.
func ExampleEngine_SetPresence() {
	e, _ := router.New(router.Config{OfflineRequeue: true})
	a := e.AddAgent(router.AgentSpec{Capacity: 2})
	e.SetOnline(0, a, true)
	e.Enqueue(0, 1, router.Work{})
	e.Enqueue(0, 2, router.Work{})
	e.Route(0, nil)
	requeued := e.SetPresence(60, a, router.Offline, nil)
	fmt.Println("requeued:", requeued, "waiting:", e.Waiting())
	// Output:
	// requeued: [1 2] waiting: 2
}

func ExampleValidate() {
	err := router.Validate(router.Config{
		SkillNames: skillNames,
		Queues: []router.QueueSpec{{
			Name:           "support",
			RequiredSkills: []router.SkillNeed{{Skill: es}},
		}},
	}, []router.AgentSpec{{Capacity: 3, Skills: []int8{en: 10}}})
	fmt.Println(err)
	// Output:
	// queues[0] (support): no agent has skill es at level ≥ 1
}
