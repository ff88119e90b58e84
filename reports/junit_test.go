package reports

import (
	"bytes"
	"strings"
	"testing"

	"github.com/omnisim/omnisim/internal/junitschema"
)

func TestWriteJUnitFitsTheSchema(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJUnit(&b, "omnisim check", testSuites()); err != nil {
		t.Fatal(err)
	}
	doc, err := junitschema.Validate(b.Bytes())
	if err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	if len(doc.Suites) != 3 || *doc.Tests != "3" || *doc.Failures != "1" || *doc.Errors != "1" {
		t.Fatalf("suites %d tests %s failures %s errors %s; want 3 suites, 3 tests, 1 failure, 1 error\n%s",
			len(doc.Suites), *doc.Tests, *doc.Failures, *doc.Errors, b.String())
	}
	retail := doc.Suites[0]
	if *retail.Name != "a/retail.yaml" || *retail.Tests != "2" || *retail.Failures != "1" {
		t.Errorf("first suite %s tests %s failures %s", *retail.Name, *retail.Tests, *retail.Failures)
	}
	props := map[string]string{}
	for _, p := range retail.Properties[0].Props {
		props[*p.Name] = *p.Value
	}
	if props["file"] != "a/retail.yaml" || props["scenario"] != "retail" || props["seed"] != "42" {
		t.Errorf("properties %v", props)
	}
	pass, fail := retail.Cases[0], retail.Cases[1]
	if *pass.Name != "service_level >= 80%" || *pass.Classname != "a.retail" || len(pass.Failures) != 0 {
		t.Errorf("passing case: %+v", pass)
	}
	if len(fail.Failures) != 1 || !strings.Contains(*fail.Failures[0].Message, "whatsapp.service_level = 0.78 ± 0.03") {
		t.Errorf("failure message must carry the measured value: %+v", fail.Failures)
	}
	broken := doc.Suites[1]
	if *broken.Name != "b/broken.yaml" || len(broken.Cases) != 1 || len(broken.Cases[0].Errors) != 1 ||
		!strings.Contains(broken.Cases[0].Errors[0].Text, "intnets") {
		t.Errorf("invalid file's suite: %+v", broken)
	}
	if quiet := doc.Suites[2]; *quiet.Tests != "0" || len(quiet.Cases) != 0 {
		t.Errorf("scenario without assertions: %+v", quiet)
	}
}

func TestWriteJUnitDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	if err := WriteJUnit(&a, "x", testSuites()); err != nil {
		t.Fatal(err)
	}
	if err := WriteJUnit(&b, "x", testSuites()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two writes of the same suites differ")
	}
}

// TestWriteJUnitNamesSuitesByPath: two folders with a scenario of the same name
// give two suites and two classnames (consumers merge equal names into one).
func TestWriteJUnitNamesSuitesByPath(t *testing.T) {
	suites := []Suite{
		{Scenario: "retail", File: "teams/eu/retail.yaml"},
		{Scenario: "retail", File: "teams/us/retail.yml"},
		{Scenario: "retail", File: "./retail.yaml"},
	}
	for i := range suites {
		suites[i].Verdicts = []Verdict{{Assert: Assert{Text: "offered > 0"}, Pass: true}}
	}
	var b bytes.Buffer
	if err := WriteJUnit(&b, "omnisim check", suites); err != nil {
		t.Fatal(err)
	}
	doc, err := junitschema.Validate(b.Bytes())
	if err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	want := []struct{ suite, class string }{
		{"teams/eu/retail.yaml", "teams.eu.retail"},
		{"teams/us/retail.yml", "teams.us.retail"},
		{"./retail.yaml", "retail"},
	}
	for i, w := range want {
		s := doc.Suites[i]
		if *s.Name != w.suite || *s.Cases[0].Classname != w.class {
			t.Errorf("suite %d: name %q classname %q, want %q and %q", i, *s.Name, *s.Cases[0].Classname, w.suite, w.class)
		}
	}
	if strings.Contains(b.String(), "<testsuites name=\"omnisim check\" tests=\"3\" failures=\"0\" errors=\"0\" skipped") {
		t.Error("testsuites carries skipped, which junit-10.xsd does not allow")
	}
}
