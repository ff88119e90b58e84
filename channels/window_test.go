package channels

import (
	"encoding/json"
	"math"
	"slices"
	"testing"
	"time"
)

const (
	day  = 24 * time.Hour
	week = 7 * day
	// last is when the customer last wrote in the boundary tests.
	last = 100 * time.Hour
)

func mustLookup(t testing.TB, name string) *Channel {
	t.Helper()
	ch, err := Default().Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return ch
}

// at is an outbound message of kind k sent d after the customer's last message.
func at(k Kind, d time.Duration) Outbound {
	return Outbound{Kind: k, Now: last + d, LastInbound: last, HasInbound: true}
}

func with(in Outbound, f func(*Outbound)) Outbound { f(&in); return in }

func tagged(in Outbound) Outbound   { return with(in, func(o *Outbound) { o.HumanAgentTag = true }) }
func optedOut(in Outbound) Outbound { return with(in, func(o *Outbound) { o.OptedOut = true }) }
func closed(in Outbound) Outbound   { return with(in, func(o *Outbound) { o.CustomerClosed = true }) }
func noInbound(in Outbound) Outbound {
	return with(in, func(o *Outbound) { o.HasInbound = false; o.LastInbound = 0 })
}
func cat(c string, in Outbound) Outbound {
	return with(in, func(o *Outbound) { o.Category = c })
}

func sent(reason, category string) Decision {
	return Decision{Verdict: Sent, Reason: reason, Category: category}
}
func template(reason, category string) Decision {
	return Decision{Verdict: TemplateRequired, Reason: reason, Category: category}
}
func blocked(reason string) Decision { return Decision{Verdict: Blocked, Reason: reason} }

type decideCase struct {
	name string
	in   Outbound
	want Decision
}

// decideCases holds, per channel, the window engine's expected decisions at the
// boundaries: exactly 24 h after the customer's last message (inside), 24 h + 1 ns
// (outside), 7 days with the HUMAN_AGENT tag and 7 days + 1 ns, proactive
// messages, opt-out and close.
var decideCases = map[string][]decideCase{
	"whatsapp": {
		{"reply at once", at(AgentReply, 0), sent(ReasonInsideWindow, CategoryService)},
		{"reply exactly 24h", at(AgentReply, day), sent(ReasonInsideWindow, CategoryService)},
		{"reply 24h+1ns", at(AgentReply, day+1), template(ReasonOutsideWindow, CategoryUtility)},
		{"follow-up exactly 24h", at(FollowUp, day), sent(ReasonInsideWindow, CategoryService)},
		{"follow-up 24h+1ns", at(FollowUp, day+1), template(ReasonOutsideWindow, CategoryUtility)},
		{"follow-up 30h", at(FollowUp, 30*time.Hour), template(ReasonOutsideWindow, CategoryUtility)},
		{"follow-up 30h as marketing", cat(CategoryMarketing, at(FollowUp, 30*time.Hour)), template(ReasonOutsideWindow, CategoryMarketing)},
		{"follow-up 30h as service needs utility", cat(CategoryService, at(FollowUp, 30*time.Hour)), template(ReasonOutsideWindow, CategoryUtility)},
		{"utility template inside window", cat(CategoryUtility, at(FollowUp, time.Hour)), sent(ReasonInsideWindow, CategoryUtility)},
		{"tag does not extend the window", tagged(at(AgentReply, day+1)), template(ReasonOutsideWindow, CategoryUtility)},
		{"reply 7 days tagged", tagged(at(AgentReply, week)), template(ReasonOutsideWindow, CategoryUtility)},
		{"reply, customer never wrote", noInbound(at(AgentReply, 0)), template(ReasonNoInbound, CategoryUtility)},
		{"proactive, never wrote", noInbound(at(Proactive, 0)), template(ReasonNoInbound, CategoryMarketing)},
		{"proactive utility, never wrote", cat(CategoryUtility, noInbound(at(Proactive, 0))), template(ReasonNoInbound, CategoryUtility)},
		{"proactive authentication 3 days", cat(CategoryAuthentication, at(Proactive, 3*day)), template(ReasonOutsideWindow, CategoryAuthentication)},
		{"proactive marketing inside window", cat(CategoryMarketing, at(Proactive, time.Hour)), sent(ReasonInsideWindow, CategoryMarketing)},
		{"opted out inside window", optedOut(at(AgentReply, time.Hour)), blocked(ReasonOptedOut)},
		{"closed is not a WhatsApp state", closed(at(AgentReply, time.Hour)), sent(ReasonInsideWindow, CategoryService)},
		{"unknown category", cat("promo", at(AgentReply, 0)), blocked(ReasonInvalidCategory)},
	},
	"messenger": metaCases,
	"instagram": metaCases,
	"apple": {
		{"reply exactly 24h", at(AgentReply, day), sent(ReasonNoWindow, "")},
		{"reply 24h+1ns", at(AgentReply, day+1), sent(ReasonNoWindow, "")},
		{"follow-up 7 days+1ns", at(FollowUp, week+1), sent(ReasonNoWindow, "")},
		{"reply after close", closed(at(AgentReply, time.Minute)), blocked(ReasonCustomerClosed)},
		{"follow-up after close", closed(at(FollowUp, day+1)), blocked(ReasonCustomerClosed)},
		{"proactive to a known customer", at(Proactive, time.Hour), blocked(ReasonNotAllowed)},
		{"proactive, never wrote", noInbound(at(Proactive, 0)), blocked(ReasonNotAllowed)},
		{"reply, never wrote", noInbound(at(AgentReply, 0)), blocked(ReasonNotAllowed)},
		{"opted out", optedOut(at(AgentReply, 0)), blocked(ReasonOptedOut)},
		{"template category", cat(CategoryUtility, at(AgentReply, 0)), blocked(ReasonInvalidCategory)},
	},
	"sms": smsLikeCases,
	"rcs": smsLikeCases,
	"web": {
		{"reply exactly 24h", at(AgentReply, day), sent(ReasonNoWindow, "")},
		{"reply 24h+1ns", at(AgentReply, day+1), sent(ReasonNoWindow, "")},
		{"follow-up 30h", at(FollowUp, 30*time.Hour), sent(ReasonNoWindow, "")},
		{"follow-up 7 days+1ns", at(FollowUp, week+1), sent(ReasonNoWindow, "")},
		{"proactive to a known visitor", at(Proactive, time.Hour), blocked(ReasonNoSession)},
		{"proactive, anonymous visitor", noInbound(at(Proactive, 0)), blocked(ReasonNoSession)},
		{"reply, never wrote", noInbound(at(AgentReply, 0)), blocked(ReasonNoSession)},
		{"opted out", optedOut(at(AgentReply, 0)), blocked(ReasonOptedOut)},
	},
	"inapp": {
		{"reply exactly 24h", at(AgentReply, day), sent(ReasonNoWindow, "")},
		{"reply 24h+1ns", at(AgentReply, day+1), sent(ReasonNoWindow, "")},
		{"follow-up 7 days+1ns", at(FollowUp, week+1), sent(ReasonNoWindow, "")},
		{"proactive, never wrote", noInbound(at(Proactive, 0)), sent(ReasonNoWindow, "")},
		{"opted out", optedOut(at(Proactive, 0)), blocked(ReasonOptedOut)},
	},
}

// Messenger and Instagram share Meta's rules.
var metaCases = []decideCase{
	{"reply exactly 24h", at(AgentReply, day), sent(ReasonInsideWindow, "")},
	{"reply 24h+1ns", at(AgentReply, day+1), blocked(ReasonOutsideWindow)},
	{"follow-up 24h+1ns untagged", at(FollowUp, day+1), blocked(ReasonOutsideWindow)},
	{"reply 24h+1ns tagged", tagged(at(AgentReply, day+1)), sent(ReasonHumanAgentTag, "")},
	{"reply 7 days tagged", tagged(at(AgentReply, week)), sent(ReasonHumanAgentTag, "")},
	{"reply 7 days+1ns tagged", tagged(at(AgentReply, week+1)), blocked(ReasonOutsideHumanAgentWindow)},
	{"follow-up 7 days tagged", tagged(at(FollowUp, week)), sent(ReasonHumanAgentTag, "")},
	{"follow-up 7 days+1ns tagged", tagged(at(FollowUp, week+1)), blocked(ReasonOutsideHumanAgentWindow)},
	{"tagged inside window", tagged(at(AgentReply, time.Hour)), sent(ReasonInsideWindow, "")},
	{"proactive inside window", at(Proactive, time.Hour), blocked(ReasonNotAllowed)},
	{"proactive tagged", tagged(at(Proactive, 2*day)), blocked(ReasonNotAllowed)},
	{"proactive, never wrote", noInbound(at(Proactive, 0)), blocked(ReasonNotAllowed)},
	{"reply, never wrote", noInbound(tagged(at(AgentReply, 0))), blocked(ReasonNotAllowed)},
	{"opted out", optedOut(at(AgentReply, 0)), blocked(ReasonOptedOut)},
	{"template category", cat(CategoryUtility, at(AgentReply, day+1)), blocked(ReasonInvalidCategory)},
}

// SMS and RCS: no window, business-initiated allowed, opt-out.
var smsLikeCases = []decideCase{
	{"reply exactly 24h", at(AgentReply, day), sent(ReasonNoWindow, "")},
	{"reply 24h+1ns", at(AgentReply, day+1), sent(ReasonNoWindow, "")},
	{"follow-up 7 days+1ns", tagged(at(FollowUp, week+1)), sent(ReasonNoWindow, "")},
	{"proactive, never wrote", noInbound(at(Proactive, 0)), sent(ReasonNoWindow, "")},
	{"reply opted out", optedOut(at(AgentReply, 0)), blocked(ReasonOptedOut)},
	{"proactive opted out", optedOut(noInbound(at(Proactive, 0))), blocked(ReasonOptedOut)},
	{"closed is not an SMS state", closed(at(AgentReply, 0)), sent(ReasonNoWindow, "")},
	{"template category", cat(CategoryMarketing, at(Proactive, 0)), blocked(ReasonInvalidCategory)},
}

func TestDecide(t *testing.T) {
	for _, name := range Default().Names() {
		cases, ok := decideCases[name]
		if !ok {
			t.Errorf("channel %s has no window engine cases", name)
			continue
		}
		ch := mustLookup(t, name)
		for _, tc := range cases {
			t.Run(name+"/"+tc.name, func(t *testing.T) {
				if got := ch.Decide(tc.in); got != tc.want {
					t.Errorf("Decide(%+v) = %+v, want %+v", tc.in, got, tc.want)
				}
			})
		}
	}
}

func TestDecideUnknownKind(t *testing.T) {
	for _, name := range Default().Names() {
		ch := mustLookup(t, name)
		for _, k := range []Kind{0, Proactive + 1, 255} {
			if got := ch.Decide(at(k, 0)); got != blocked(ReasonUnknownKind) {
				t.Errorf("%s: Decide(kind %d) = %+v, want blocked unknown_kind", name, k, got)
			}
		}
	}
}

func TestDecideClock(t *testing.T) {
	wa := mustLookup(t, "whatsapp")
	tests := []struct {
		name      string
		now, last time.Duration
		want      Verdict
	}{
		{"last inbound after now counts as now", 0, time.Hour, Sent},
		{"negative offsets", -day, -2 * day, Sent},
		{"negative offsets 24h+1ns", -day + 1, -2 * day, TemplateRequired},
		{"extreme span does not overflow", math.MaxInt64, math.MinInt64, TemplateRequired},
		{"extreme equal", math.MaxInt64, math.MaxInt64, Sent},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := Outbound{Kind: AgentReply, Now: tc.now, LastInbound: tc.last, HasInbound: true}
			if got := wa.Decide(in).Verdict; got != tc.want {
				t.Errorf("Decide = %v, want %v", got, tc.want)
			}
			if got := wa.InWindow(in); got != (tc.want == Sent) {
				t.Errorf("InWindow = %v", got)
			}
		})
	}
}

// TestOptOutThenStart plays an SMS conversation: the customer texts STOP, the
// caller records the opt-out and outbound messages are blocked; HELP changes
// nothing; START opts back in and messages flow again.
func TestOptOutThenStart(t *testing.T) {
	for _, name := range []string{"sms", "rcs"} {
		t.Run(name, func(t *testing.T) {
			ch := mustLookup(t, name)
			state := at(AgentReply, time.Minute)
			steps := []struct {
				text       string
				wantAction KeywordAction
				want       Verdict
			}{
				{"Where is my order?", None, Sent},
				{"STOP", OptOut, Blocked},
				{"help", Help, Blocked},
				{"yes", None, Blocked},
				{" Start ", OptIn, Sent},
				{"stopall", OptOut, Blocked},
				{"UNSTOP", OptIn, Sent},
			}
			for _, s := range steps {
				a := ch.Keyword(s.text)
				if a != s.wantAction {
					t.Fatalf("Keyword(%q) = %v, want %v", s.text, a, s.wantAction)
				}
				switch a {
				case OptOut:
					state.OptedOut = true
				case OptIn:
					state.OptedOut = false
				}
				if got := ch.Decide(state).Verdict; got != s.want {
					t.Fatalf("after %q: Decide = %v, want %v", s.text, got, s.want)
				}
			}
		})
	}
}

func TestOverrideWindowChangesDecision(t *testing.T) {
	w := 48 * time.Hour
	cat, err := Default().With("whatsapp", Override{Window: &w})
	if err != nil {
		t.Fatal(err)
	}
	wa, _ := cat.Lookup("whatsapp")
	if got := wa.Decide(at(FollowUp, 30*time.Hour)).Verdict; got != Sent {
		t.Errorf("48h window, 30h: %v, want sent", got)
	}
	if got := wa.Decide(at(FollowUp, w+1)).Verdict; got != TemplateRequired {
		t.Errorf("48h window, 48h+1ns: %v, want template_required", got)
	}
	if got := mustLookup(t, "whatsapp").Decide(at(FollowUp, 30*time.Hour)).Verdict; got != TemplateRequired {
		t.Errorf("default catalog changed by With: %v", got)
	}
}

func TestVerdictText(t *testing.T) {
	for v, want := range map[Verdict]string{Sent: "sent", TemplateRequired: "template_required", Blocked: "blocked"} {
		if v.String() != want {
			t.Errorf("%d.String() = %q, want %q", v, v.String(), want)
		}
		b, err := json.Marshal(struct{ Decision Verdict }{v})
		if err != nil || string(b) != `{"Decision":"`+want+`"}` {
			t.Errorf("json %s, %v", b, err)
		}
		var back Verdict
		if err := back.UnmarshalText([]byte(want)); err != nil || back != v {
			t.Errorf("UnmarshalText(%q) = %v, %v", want, back, err)
		}
	}
	if _, err := json.Marshal(Verdict(0)); err == nil {
		t.Error("zero Verdict marshalled")
	}
	var v Verdict
	if err := v.UnmarshalText([]byte("ok")); err == nil {
		t.Error(`UnmarshalText("ok") succeeded`)
	}
}

func TestKindText(t *testing.T) {
	for _, k := range []Kind{AgentReply, FollowUp, Proactive} {
		got, err := ParseKind(k.String())
		if err != nil || got != k {
			t.Errorf("ParseKind(%q) = %v, %v", k.String(), got, err)
		}
	}
	if _, err := ParseKind("reply"); err == nil || err.Error() != `unknown message kind "reply" (valid: agent_reply, follow_up, proactive)` {
		t.Errorf("ParseKind(reply) error = %v", err)
	}
	if Kind(0).String() != "Kind(0)" {
		t.Errorf("Kind(0).String() = %q", Kind(0).String())
	}
}

// decideInputs is a spread of inputs for the allocation test and the benchmark.
var decideInputs = []Outbound{
	at(AgentReply, time.Minute),
	at(AgentReply, day+1),
	tagged(at(FollowUp, 3*day)),
	tagged(at(FollowUp, week+1)),
	noInbound(at(Proactive, 0)),
	cat(CategoryMarketing, at(Proactive, 2*day)),
	cat("bogus", at(AgentReply, 0)),
	optedOut(at(AgentReply, 0)),
	closed(at(AgentReply, 0)),
	at(0, 0),
}

func TestDecideAllocatesNothing(t *testing.T) {
	for _, name := range Default().Names() {
		ch := mustLookup(t, name)
		allocs := testing.AllocsPerRun(100, func() {
			for _, in := range decideInputs {
				_ = ch.Decide(in)
				_ = ch.InWindow(in)
			}
		})
		if allocs != 0 {
			t.Errorf("%s: Decide allocates %v times per run", name, allocs)
		}
	}
}

func BenchmarkDecide(b *testing.B) {
	chs := []*Channel{mustLookup(b, "whatsapp"), mustLookup(b, "messenger"), mustLookup(b, "sms"), mustLookup(b, "apple")}
	b.ReportAllocs()
	var sink Verdict
	i := 0
	for b.Loop() {
		ch := chs[i%len(chs)]
		sink += ch.Decide(decideInputs[i%len(decideInputs)]).Verdict
		i++
	}
	_ = sink
}

func TestReasonsAreSnakeCase(t *testing.T) {
	reasons := []string{ReasonInsideWindow, ReasonNoWindow, ReasonHumanAgentTag, ReasonOutsideWindow, ReasonNoInbound,
		ReasonOutsideHumanAgentWindow, ReasonNotAllowed, ReasonNoSession, ReasonOptedOut, ReasonCustomerClosed,
		ReasonUnknownKind, ReasonInvalidCategory}
	for _, r := range reasons {
		for _, c := range r {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
				t.Errorf("reason %q is not snake_case", r)
				break
			}
		}
	}
	sorted := slices.Clone(reasons)
	slices.Sort(sorted)
	if len(slices.Compact(sorted)) != len(reasons) {
		t.Error("duplicate reason codes")
	}
}
