package eventlog

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSourceOpen(t *testing.T) {
	l, err := Source{TZ: "Europe/Berlin"}.Open()
	if err != nil || l.Zone == nil || l.Zone.String() != "Europe/Berlin" {
		t.Fatalf("--tz Europe/Berlin: %v, %v", l, err)
	}
	l, err = Source{Columns: "testdata/columns/mapping.yaml"}.Open()
	if err != nil {
		t.Fatal(err)
	}
	if l.opts.Mapping == nil {
		t.Error("--columns: no mapping loaded")
	}
	for _, tt := range []struct {
		src  Source
		want string
	}{
		{Source{TZ: "Local"}, `--tz "Local": want an IANA zone name`},
		{Source{TZ: "Nowhere/City"}, `--tz "Nowhere/City": want an IANA zone name`},
		{Source{Columns: "testdata/columns/mapping.yaml", Salesforce: true}, "--columns and --salesforce: give one"},
		{Source{Columns: "testdata/none.yaml"}, "--columns: "},
	} {
		if _, err := tt.src.Open(); err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%+v: %v, want prefix %q", tt.src, err, tt.want)
		}
	}
}

func TestLogsReadShowsBadRows(t *testing.T) {
	p := filepath.Join(t.TempDir(), "log.csv")
	csv := "conversation_id,time,channel,actor,kind\n" +
		"c1,2024-01-01T08:00:00Z,web,customer,message\n" +
		"c1,yesterday,web,customer,message\n"
	if err := os.WriteFile(p, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := Source{}.Open()
	if err != nil {
		t.Fatal(err)
	}
	var n int
	var stderr bytes.Buffer
	if err := l.Read([]string{p}, func(*Event) { n++ }, &stderr); err != nil {
		t.Fatal(err)
	}
	if n != 1 || !strings.HasPrefix(stderr.String(), "event logs: 1 bad rows skipped\n") || !strings.Contains(stderr.String(), "log.csv:3") {
		t.Errorf("%d events, stderr %q", n, stderr.String())
	}
	strict, _ := Source{Strict: true}.Open()
	if _, err := strict.Scan([]string{p}, func(*Event) {}); err == nil || !strings.Contains(err.Error(), "log.csv:3") {
		t.Errorf("--strict: %v", err)
	}
}
