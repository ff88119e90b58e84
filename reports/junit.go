package reports

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"
)

// JUnit XML as CI servers read it (Jenkins, GitLab, GitHub Actions reporters,
// Azure Pipelines): <testsuites> holding one <testsuite> per scenario, one
// <testcase> per assertion, a <failure message="…"> with the measured value when
// an assertion fails, and an <error> when the scenario could not be loaded or run.
// The attributes are those of the common JUnit schema (Ant's junit task, as in
// Jenkins' junit-4.xsd). Times are 0: wall-clock times would make the file differ
// from run to run, and the simulated time is not a test duration.

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string           `xml:"name,attr"`
	Tests      int              `xml:"tests,attr"`
	Failures   int              `xml:"failures,attr"`
	Errors     int              `xml:"errors,attr"`
	Skipped    int              `xml:"skipped,attr"`
	Time       string           `xml:"time,attr"`
	Properties *junitProperties `xml:"properties,omitempty"`
	Cases      []junitCase      `xml:"testcase"`
}

type junitProperties struct {
	Props []junitProperty `xml:"property"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes suites as a JUnit XML report named name. Each scenario is a
// testsuite named after it (classname of its testcases); its file and run
// parameters are properties. A scenario that could not run is a testsuite with one
// testcase in error whose text lists every error. The same suites always give the
// same bytes.
func WriteJUnit(w io.Writer, name string, suites []Suite) error {
	doc := junitSuites{Name: name, Time: "0"}
	for _, s := range suites {
		js := junitSuite{Name: s.Label(), Time: "0"}
		props := append([]Property{{"file", s.File}}, s.Properties...)
		js.Properties = &junitProperties{}
		for _, p := range props {
			js.Properties.Props = append(js.Properties.Props, junitProperty(p))
		}
		if len(s.Errors) > 0 {
			msg := s.Errors[0]
			if len(s.Errors) > 1 {
				msg = "invalid scenario: " + plural(len(s.Errors), "error")
			}
			js.Cases = append(js.Cases, junitCase{
				Name: "load and run", Classname: s.Label(), Time: "0",
				Error: &junitProblem{Message: msg, Type: "invalid", Text: strings.Join(s.Errors, "\n")},
			})
			js.Errors = 1
		}
		for _, v := range s.Verdicts {
			c := junitCase{Name: v.Assert.Text, Classname: s.Label(), Time: "0"}
			if !v.Pass {
				msg := v.Message()
				c.Failure = &junitProblem{Message: msg, Type: "assertion", Text: failureText(v)}
				js.Failures++
			}
			js.Cases = append(js.Cases, c)
		}
		js.Tests = len(js.Cases)
		doc.Tests += js.Tests
		doc.Failures += js.Failures
		doc.Errors += js.Errors
		doc.Suites = append(doc.Suites, js)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// failureText is the body of a <failure>: the assertion, what was measured and why
// it failed, one fact a line.
func failureText(v Verdict) string {
	a := v.Assert
	lines := []string{
		"assertion: " + a.Text,
		"metric:    " + a.Name(),
		"mean:      " + FormatNumber(v.Value.Mean),
		"ci95:      " + FormatNumber(v.Value.CI95),
		"n:         " + strconv.Itoa(v.Value.N) + " replications where the metric is defined",
		"why:       " + v.Why,
	}
	return strings.Join(lines, "\n")
}
