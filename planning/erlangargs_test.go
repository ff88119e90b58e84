package planning

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/omnisim/omnisim/erlang"
)

func TestErlangArgsErrorsNameTheFlag(t *testing.T) {
	ok := ErlangArgs{Model: "c", Rate: "120/h", AHT: "4m", Agents: "10", Within: "30s", Format: "text"}
	for _, tt := range []struct {
		name string
		edit func(*ErlangArgs)
		want string
	}{
		{"missing all", func(a *ErlangArgs) { *a = ErlangArgs{Model: "c", Format: "text"} }, "missing --rate, --aht, --agents, --within (example: omnisim erlang c"},
		{"missing patience", func(a *ErlangArgs) { a.Model = "a" }, "missing --patience (example: omnisim erlang a --rate 100/h --aht 3m --agents 7 --within 20s --patience 2m)"},
		{"format", func(a *ErlangArgs) { a.Format = "csv" }, `--format "csv": erlang prints text or json`},
		{"rate", func(a *ErlangArgs) { a.Rate = "fast" }, `--rate "fast": `},
		{"aht", func(a *ErlangArgs) { a.AHT = "3" }, `--aht "3": `},
		{"agents", func(a *ErlangArgs) { a.Agents = "7.5" }, `--agents "7.5": want a whole number of agents, such as 7`},
		{"within", func(a *ErlangArgs) { a.Within = "x" }, `--within "x": `},
		{"patience", func(a *ErlangArgs) { a.Model, a.Patience = "a", "soon" }, `--patience "soon": `},
		{"unstable names agents", func(a *ErlangArgs) { a.Rate = "200/h" }, `--agents "10": offered load 13.33 Erlang`},
		{"model's own check names the flag", func(a *ErlangArgs) { a.AHT = "0s" }, `--aht "0s": the average handle time must be > 0`},
		{"zero patience", func(a *ErlangArgs) { a.Model, a.Patience = "a", "0s" }, `--patience "0s": the mean patience must be > 0`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := ok
			tt.edit(&a)
			_, err := a.Run()
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("Run() error = %v, want prefix %q", err, tt.want)
			}
		})
	}
}

func TestErlangArgsRunMatchesTheModels(t *testing.T) {
	a := ErlangArgs{Model: "a", Rate: "120/h", AHT: "4m", Agents: "10", Within: "30s", Patience: "2m", Format: "json"}
	rep, err := a.Run()
	if err != nil {
		t.Fatal(err)
	}
	in, _ := a.Input()
	res, err := erlang.A(in)
	if err != nil {
		t.Fatal(err)
	}
	var got, want bytes.Buffer
	if err := rep.Write(&got, "json"); err != nil {
		t.Fatal(err)
	}
	if err := erlang.AReport(in, "120/h", res).WriteJSON(&want); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Fatalf("Run report:\n%s\nwant:\n%s", got.String(), want.String())
	}
	a.Model, a.Patience = "c", ""
	rep, err = a.Run()
	if err != nil {
		t.Fatal(err)
	}
	cres, _ := erlang.C(in.CInput)
	got.Reset()
	want.Reset()
	_ = rep.Write(&got, "text")
	_ = erlang.CReport(in.CInput, "120/h", cres).WriteText(&want)
	if got.String() != want.String() {
		t.Fatalf("Run text report:\n%s\nwant:\n%s", got.String(), want.String())
	}
}

// TestErlangArgsRunTo: the report RunTo writes to stdout or to --out is Run's
// report in a.Format; a bad value writes no file, an unwritable --out names it.
func TestErlangArgsRunTo(t *testing.T) {
	a := ErlangArgs{Model: "c", Rate: "120/h", AHT: "4m", Agents: "10", Within: "30s", Format: "json"}
	rep, err := a.Run()
	if err != nil {
		t.Fatal(err)
	}
	var want, stdout bytes.Buffer
	if err := rep.Write(&want, "json"); err != nil {
		t.Fatal(err)
	}
	if err := a.RunTo("", &stdout); err != nil || stdout.String() != want.String() {
		t.Fatalf("RunTo stdout: %v\n%s\nwant:\n%s", err, stdout.String(), want.String())
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "erlang.json")
	stdout.Reset()
	if err := a.RunTo(out, &stdout); err != nil || stdout.Len() != 0 {
		t.Fatalf("RunTo %s: %v, %d bytes on stdout", out, err, stdout.Len())
	}
	if data, err := os.ReadFile(out); err != nil || string(data) != want.String() {
		t.Fatalf("RunTo file: %v\n%s", err, data)
	}
	bad := a
	bad.Rate = "fast"
	if err := bad.RunTo(filepath.Join(dir, "bad.json"), &stdout); err == nil || !strings.Contains(err.Error(), "--rate") {
		t.Errorf("bad rate: %v, want an error naming --rate", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "bad.json")); !os.IsNotExist(err) {
		t.Errorf("bad rate wrote a file: %v", err)
	}
	if err := a.RunTo(filepath.Join(dir, "none", "e.json"), &stdout); err == nil || !strings.HasPrefix(err.Error(), "--out \"") {
		t.Errorf("unwritable --out: %v, want an error naming --out", err)
	}
}
