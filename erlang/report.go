package erlang

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// A Report is a calculator's answer as omnisim erlang prints it: the input, the
// arrival rate as the user wrote it (for the text's header), and the results under
// DESIGN.md's stable report keys. Erlang C reports have no Abandon.
type Report struct {
	Input   AInput // Patience is 0 for Erlang C
	Rate    string // the arrival rate as given ("100/h")
	Result  Measures
	Abandon *Abandon
}

// Measures are the results both models have, under their JSON report keys.
type Measures struct {
	PWait        float64 `json:"p_wait"`
	ASASeconds   float64 `json:"asa_seconds"`
	ServiceLevel float64 `json:"service_level"`
	Occupancy    float64 `json:"occupancy"`
}

// Abandon are Erlang A's results beyond Erlang C's.
type Abandon struct {
	AbandonRate        float64 `json:"abandon_rate"`
	AbandonWaitSeconds float64 `json:"abandon_wait_seconds"`
}

// CReport is the report of an Erlang C answer.
func CReport(in CInput, rate string, r CResult) Report {
	return Report{Input: AInput{CInput: in}, Rate: rate, Result: Measures(r)}
}

// AReport is the report of an Erlang A answer.
func AReport(in AInput, rate string, r AResult) Report {
	return Report{Input: in, Rate: rate, Result: Measures{r.PWait, r.ASASeconds, r.ServiceLevel, r.Occupancy},
		Abandon: &Abandon{r.AbandonRate, r.AbandonWaitSeconds}}
}

// WriteJSON writes the results as one JSON object on a line: p_wait, asa_seconds,
// service_level, occupancy, and for Erlang A abandon_rate and abandon_wait_seconds.
func (r Report) WriteJSON(w io.Writer) error {
	var v any = r.Result
	if r.Abandon != nil {
		v = struct {
			Measures
			Abandon
		}{r.Result, *r.Abandon}
	}
	return json.NewEncoder(w).Encode(v)
}

// WriteText writes a small table after a line that restates the input: each
// result's JSON key, its value with its unit, and what it means.
func (r Report) WriteText(w io.Writer) error {
	in, ab := r.Input, r.Abandon
	load := in.RatePerSecond * in.AHT.Seconds()
	model, asa, sl := "Erlang C (M/M/c)", "mean wait until an agent accepts", "accepted within "+in.Within.String()
	if ab != nil {
		model, asa, sl = "Erlang A (M/M/c+M)", "mean wait of accepted conversations", "accepted within "+in.Within.String()+" ÷ all conversations"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: rate %s, AHT %v, %d agents, offered load %.2f Erlang (ρ = %.2f)",
		model, strings.TrimSpace(r.Rate), in.AHT, in.Agents, load, load/float64(in.Agents))
	if ab != nil {
		fmt.Fprintf(&b, ", mean patience %v", in.Patience)
	}
	b.WriteString("\n")
	row := func(key string, v float64, unit, what string) {
		if unit == "%" {
			v *= 100
		}
		fmt.Fprintf(&b, "  %-20s %10.2f %-2s %s\n", key, v, unit, what)
	}
	row("p_wait", r.Result.PWait, "%", "conversations that find no agent free")
	row("asa_seconds", r.Result.ASASeconds, "s", asa)
	row("service_level", r.Result.ServiceLevel, "%", sl)
	row("occupancy", r.Result.Occupancy, "%", "agent time busy")
	if ab != nil {
		row("abandon_rate", ab.AbandonRate, "%", "conversations that abandon")
		row("abandon_wait_seconds", ab.AbandonWaitSeconds, "s", "mean time to abandon of those who abandon")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Write writes the report in format (text or json).
func (r Report) Write(w io.Writer, format string) error {
	if format == "json" {
		return r.WriteJSON(w)
	}
	return r.WriteText(w)
}
