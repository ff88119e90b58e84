package reports

import (
	"encoding/xml"
	"io"
	"path/filepath"
	"strconv"
	"strings"
)

// JUnit XML as CI servers read it (Jenkins, GitLab, GitHub Actions reporters,
// Azure Pipelines): <testsuites> holding one <testsuite> per scenario, one
// <testcase> per assertion, a <failure message="…"> with the measured value when
// an assertion fails, and an <error> when the scenario could not be loaded or run.
// The attributes are those both common JUnit schemas allow (Jenkins xunit's
// junit-10.xsd and Ant's junit-4.xsd): the root <testsuites> has name, tests,
// failures, errors and time but no skipped (which only <testsuite> may carry).
// Times are 0: wall-clock times would make the file differ from run to run, and the
// simulated time is not a test duration.
//
// Suites are named by file path, not by scenario name: consumers merge suites (and
// classes) of the same name, and two folders may each hold a scenario called
// "retail". The scenario's name is a property.

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
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

// WriteJUnit writes suites as a JUnit XML report named name. Each scenario file is
// a testsuite named by its path; its testcases' classname is that path without
// the extension, with dots for slashes (scenarios.examples.retail-weekday: package
// and class in Jenkins); the scenario's name, its file and run parameters are
// properties. A scenario that could not run is a testsuite with one
// testcase in error whose text lists every error. The same suites always give the
// same bytes.
func WriteJUnit(w io.Writer, name string, suites []Suite) error {
	doc := junitSuites{Name: name, Time: "0"}
	for _, s := range suites {
		name, class := junitNames(s)
		js := junitSuite{Name: name, Time: "0"}
		props := []Property{{"file", s.File}}
		if s.Scenario != "" {
			props = append(props, Property{"scenario", s.Scenario})
		}
		props = append(props, s.Properties...)
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
				Name: "load and run", Classname: class, Time: "0",
				Error: &junitProblem{Message: msg, Type: "invalid", Text: strings.Join(s.Errors, "\n")},
			})
			js.Errors = 1
		}
		for _, v := range s.Verdicts {
			c := junitCase{Name: v.Assert.Text, Classname: class, Time: "0"}
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

// junitNames are a suite's name (its file's path, with forward slashes) and the
// classname of its testcases (the path without extension, dots for slashes: what
// Jenkins shows as package and class). A suite without a file falls back to its
// scenario's name.
func junitNames(s Suite) (suite, class string) {
	if s.File == "" {
		return s.Label(), s.Label()
	}
	suite = filepath.ToSlash(s.File)
	trimmed := strings.TrimPrefix(strings.TrimSuffix(suite, filepath.Ext(suite)), "./")
	var parts []string
	for _, p := range strings.Split(trimmed, "/") {
		if p != "" && p != "." {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return suite, suite
	}
	return suite, strings.Join(parts, ".")
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
