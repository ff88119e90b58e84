package erlang

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"
)

// ErrUnstable is wrapped by the InputError for an Erlang C load the agents cannot
// carry (ρ ≥ 1): without abandonment the queue grows without bound.
var ErrUnstable = errors.New("offered load at or above the number of agents")

// maxAgents bounds the agent count: the Erlang B recursion is linear in it, and no
// contact center staffs ten million agents in one group.
const maxAgents = 10_000_000

// maxStates bounds the truncated Erlang A chain (number in system). Only a queue that
// is both overloaded and almost infinitely patient needs more.
const maxStates = 10_000_000

// InputError is an input the models cannot take. Field is the name of the input
// field (RatePerSecond, AHT, Agents, Within, Patience, or targetServiceLevel), so
// that a caller can point at its own flag or key and show Reason after it.
type InputError struct {
	Field  string
	Value  string // the offending value as the model saw it, e.g. "0s"
	Reason string // what is wrong, without the field or value
	Err    error  // ErrUnstable for ρ ≥ 1 in Erlang C, else nil
}

func (e *InputError) Error() string { return e.Field + " " + e.Value + ": " + e.Reason }

// Unwrap lets callers test errors.Is(err, ErrUnstable).
func (e *InputError) Unwrap() error { return e.Err }

// validate checks the fields common to both models and returns the offered load
// A = λ·AHT in Erlang.
func (in CInput) validate() (float64, error) {
	switch {
	case math.IsNaN(in.RatePerSecond) || in.RatePerSecond <= 0 || math.IsInf(in.RatePerSecond, 0):
		return 0, &InputError{Field: "RatePerSecond", Value: fmt.Sprint(in.RatePerSecond), Reason: "must be a positive, finite arrival rate"}
	case in.AHT <= 0:
		return 0, &InputError{Field: "AHT", Value: in.AHT.String(), Reason: "the average handle time must be > 0"}
	case in.Agents < 1:
		return 0, &InputError{Field: "Agents", Value: strconv.Itoa(in.Agents), Reason: "need at least 1 agent"}
	case in.Agents > maxAgents:
		return 0, &InputError{Field: "Agents", Value: strconv.Itoa(in.Agents), Reason: fmt.Sprintf("at most %d agents in one group", maxAgents)}
	case in.Within < 0:
		return 0, &InputError{Field: "Within", Value: in.Within.String(), Reason: "the service-level threshold must be ≥ 0"}
	}
	a := in.RatePerSecond * in.AHT.Seconds()
	if math.IsInf(a, 0) {
		return 0, &InputError{Field: "RatePerSecond", Value: fmt.Sprint(in.RatePerSecond), Reason: fmt.Sprintf("offered load (rate × AHT %v) overflows", in.AHT)}
	}
	return a, nil
}

// unstable is the error for A ≥ c in Erlang C.
func unstable(a float64, agents int) error {
	return &InputError{
		Field: "Agents",
		Value: strconv.Itoa(agents),
		Reason: fmt.Sprintf("offered load %.2f Erlang needs more than %.0f agents (ρ = %.2f ≥ 1): the queue grows without bound",
			a, math.Floor(a), a/float64(agents)),
		Err: ErrUnstable,
	}
}

// validPatience checks the Erlang A patience.
func validPatience(p time.Duration) error {
	if p <= 0 {
		return &InputError{Field: "Patience", Value: p.String(), Reason: "the mean patience must be > 0"}
	}
	return nil
}
