package junitschema

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// The types below mirror Jenkins xunit's junit-10.xsd
// (src/main/resources/org/jenkinsci/plugins/xunit/types/model/xsd/junit-10.xsd):
//
//	testsuites[name, time, tests, failures, errors] > testsuite*
//	testsuite[name, tests, failures, errors (required); group, time, skipped,
//	  timestamp, hostname, id, package, file, log, url] >
//	  (testsuite | properties | testcase | system-out | system-err)*
//	properties > property[name, value (required)]*
//	testcase[name (required), time, classname, group] >
//	  (skipped | error | failure | rerunFailure | rerunError | flakyFailure |
//	   flakyError | system-out | system-err)*
//	failure, error, skipped [type, message], text
//
// Note what the root may not carry: skipped (and disabled, which junit-4.xsd
// allows). Anything else the file holds, element or attribute, lands in the ,any
// fields and fails Validate: a decoder that ignored the unknown would validate
// nothing.

type Testsuites struct {
	XMLName  xml.Name    `xml:"testsuites"`
	Name     *string     `xml:"name,attr"`
	Tests    *string     `xml:"tests,attr"`
	Failures *string     `xml:"failures,attr"`
	Errors   *string     `xml:"errors,attr"`
	Time     *string     `xml:"time,attr"`
	Suites   []Testsuite `xml:"testsuite"`
	Unknown  []xml.Attr  `xml:",any,attr"`
	Other    []Element   `xml:",any"`
	Text     string      `xml:",chardata"`
}

type Testsuite struct {
	Name       *string      `xml:"name,attr"`
	Tests      *string      `xml:"tests,attr"`
	Failures   *string      `xml:"failures,attr"`
	Errors     *string      `xml:"errors,attr"`
	Group      *string      `xml:"group,attr"`
	Time       *string      `xml:"time,attr"`
	Skipped    *string      `xml:"skipped,attr"`
	Timestamp  *string      `xml:"timestamp,attr"`
	Hostname   *string      `xml:"hostname,attr"`
	ID         *string      `xml:"id,attr"`
	Package    *string      `xml:"package,attr"`
	File       *string      `xml:"file,attr"`
	Log        *string      `xml:"log,attr"`
	URL        *string      `xml:"url,attr"`
	Suites     []Testsuite  `xml:"testsuite"`
	Properties []Properties `xml:"properties"`
	Cases      []Testcase   `xml:"testcase"`
	SystemOut  []string     `xml:"system-out"`
	SystemErr  []string     `xml:"system-err"`
	Unknown    []xml.Attr   `xml:",any,attr"`
	Other      []Element    `xml:",any"`
	Text       string       `xml:",chardata"`
}

type Properties struct {
	Props   []Property `xml:"property"`
	Unknown []xml.Attr `xml:",any,attr"`
	Other   []Element  `xml:",any"`
	Text    string     `xml:",chardata"`
}

type Property struct {
	Name    *string    `xml:"name,attr"`
	Value   *string    `xml:"value,attr"`
	Unknown []xml.Attr `xml:",any,attr"`
	Other   []Element  `xml:",any"`
	Text    string     `xml:",chardata"`
}

type Testcase struct {
	Name          *string    `xml:"name,attr"`
	Classname     *string    `xml:"classname,attr"`
	Time          *string    `xml:"time,attr"`
	Group         *string    `xml:"group,attr"`
	Failures      []Problem  `xml:"failure"`
	Errors        []Problem  `xml:"error"`
	Skipped       []Problem  `xml:"skipped"`
	RerunFailures []Rerun    `xml:"rerunFailure"`
	RerunErrors   []Rerun    `xml:"rerunError"`
	FlakyFailures []Rerun    `xml:"flakyFailure"`
	FlakyErrors   []Rerun    `xml:"flakyError"`
	SystemOut     []string   `xml:"system-out"`
	SystemErr     []string   `xml:"system-err"`
	Unknown       []xml.Attr `xml:",any,attr"`
	Other         []Element  `xml:",any"`
	Text          string     `xml:",chardata"`
}

type Problem struct {
	Message *string    `xml:"message,attr"`
	Type    *string    `xml:"type,attr"`
	Unknown []xml.Attr `xml:",any,attr"`
	Other   []Element  `xml:",any"`
	Text    string     `xml:",chardata"`
}

// Rerun is the XSD's rerunType (Surefire's reruns of a flaky test): type is
// required.
type Rerun struct {
	Message    *string    `xml:"message,attr"`
	Type       *string    `xml:"type,attr"`
	StackTrace []string   `xml:"stackTrace"`
	SystemOut  []string   `xml:"system-out"`
	SystemErr  []string   `xml:"system-err"`
	Unknown    []xml.Attr `xml:",any,attr"`
	Other      []Element  `xml:",any"`
	Text       string     `xml:",chardata"`
}

type Element struct {
	XMLName xml.Name
}

// Validate decodes data strictly against the schema above and checks the
// required attributes, their types and that the counts agree with the testcases.
// It returns the decoded document.
func Validate(data []byte) (*Testsuites, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	var doc Testsuites
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("not well-formed JUnit XML: %w", err)
	}
	// One root element, nothing after it but white space.
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if cd, ok := tok.(xml.CharData); !ok || strings.TrimSpace(string(cd)) != "" {
			return nil, fmt.Errorf("content after the root element: %v", tok)
		}
	}
	v := &validator{}
	v.extra("testsuites", doc.Unknown, doc.Other, doc.Text)
	v.surefireTime("testsuites", doc.Time)
	var total counts
	for i := range doc.Suites {
		total.add(v.suite(fmt.Sprintf("testsuite[%d]", i), &doc.Suites[i]))
	}
	for _, c := range []struct {
		attr string
		v    *string
		n    int
	}{{"tests", doc.Tests, total.tests}, {"failures", doc.Failures, total.failures}, {"errors", doc.Errors, total.errors}} {
		if n := v.count("testsuites", c.attr, c.v, false); n >= 0 && n != c.n {
			v.bad("testsuites: %s=%d, but the suites hold %d", c.attr, n, c.n)
		}
	}
	if len(v.problems) > 0 {
		return nil, fmt.Errorf("JUnit XML does not fit the schema:\n%s", strings.Join(v.problems, "\n"))
	}
	return &doc, nil
}

// counts are a suite's testcases and outcomes, nested suites included.
type counts struct{ tests, failures, errors, skipped int }

func (c *counts) add(o counts) {
	c.tests += o.tests
	c.failures += o.failures
	c.errors += o.errors
	c.skipped += o.skipped
}

type validator struct{ problems []string }

func (v *validator) bad(format string, args ...any) {
	v.problems = append(v.problems, fmt.Sprintf(format, args...))
}

func (v *validator) extra(where string, attrs []xml.Attr, other []Element, text string) {
	for _, a := range attrs {
		v.bad("%s: attribute %s is not in the schema", where, a.Name.Local)
	}
	for _, o := range other {
		v.bad("%s: element <%s> is not in the schema", where, o.XMLName.Local)
	}
	if strings.TrimSpace(text) != "" {
		v.bad("%s: text %q where the schema has none", where, text)
	}
}

// count parses a count attribute (-1 when absent).
func (v *validator) count(where, attr string, s *string, required bool) int {
	if s == nil {
		if required {
			v.bad("%s: attribute %s is required", where, attr)
		}
		return -1
	}
	n, err := strconv.Atoi(*s)
	if err != nil || n < 0 {
		v.bad("%s: %s=%q is not a non-negative integer", where, attr, *s)
		return -1
	}
	return n
}

// surefireTimeRE is the XSD's SUREFIRE_TIME: digits with optional thousands
// commas and decimals (no sign, no exponent).
var surefireTimeRE = regexp.MustCompile(`^(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?$`)

func (v *validator) surefireTime(where string, s *string) {
	if s != nil && !surefireTimeRE.MatchString(*s) {
		v.bad("%s: time=%q does not match the schema's SUREFIRE_TIME", where, *s)
	}
}

func (v *validator) suite(where string, s *Testsuite) counts {
	v.extra(where, s.Unknown, s.Other, s.Text)
	if s.Name == nil || *s.Name == "" {
		v.bad("%s: attribute name is required", where)
	}
	tests := v.count(where, "tests", s.Tests, true)
	failures := v.count(where, "failures", s.Failures, true)
	errs := v.count(where, "errors", s.Errors, true)
	skipped := v.count(where, "skipped", s.Skipped, false)
	v.surefireTime(where, s.Time)
	for _, ps := range s.Properties {
		v.extra(where+".properties", ps.Unknown, ps.Other, ps.Text)
		for j, p := range ps.Props {
			pw := fmt.Sprintf("%s.property[%d]", where, j)
			v.extra(pw, p.Unknown, p.Other, p.Text)
			if p.Name == nil || p.Value == nil {
				v.bad("%s: attributes name and value are required", pw)
			}
		}
	}
	var own counts
	for j, c := range s.Cases {
		cw := fmt.Sprintf("%s.testcase[%d]", where, j)
		v.extra(cw, c.Unknown, c.Other, c.Text)
		if c.Name == nil || *c.Name == "" {
			v.bad("%s: attribute name is required", cw)
		}
		// Not required by the XSD, but consumers group by it: omnisim always writes it.
		if c.Classname == nil || *c.Classname == "" {
			v.bad("%s: attribute classname is required (omnisim's rule)", cw)
		}
		if len(c.Failures)+len(c.Errors)+len(c.Skipped) > 1 {
			v.bad("%s: at most one of failure, error, skipped", cw)
		}
		for _, group := range [][]Problem{c.Failures, c.Errors, c.Skipped} {
			for _, p := range group {
				v.extra(cw+" problem", p.Unknown, p.Other, "")
			}
		}
		for _, group := range [][]Rerun{c.RerunFailures, c.RerunErrors, c.FlakyFailures, c.FlakyErrors} {
			for _, r := range group {
				v.extra(cw+" rerun", r.Unknown, r.Other, "")
				if r.Type == nil {
					v.bad("%s rerun: attribute type is required", cw)
				}
			}
		}
		for _, f := range c.Failures {
			if f.Message == nil || *f.Message == "" {
				v.bad("%s.failure: attribute message is required (omnisim's rule)", cw)
			}
		}
		for _, e := range c.Errors {
			if e.Message == nil || *e.Message == "" {
				v.bad("%s.error: attribute message is required (omnisim's rule)", cw)
			}
		}
		own.tests++
		own.failures += len(c.Failures)
		own.errors += len(c.Errors)
		own.skipped += len(c.Skipped)
	}
	all := own
	for k := range s.Suites {
		all.add(v.suite(fmt.Sprintf("%s.testsuite[%d]", where, k), &s.Suites[k]))
	}
	if tests >= 0 && tests != all.tests || failures >= 0 && failures != all.failures || errs >= 0 && errs != all.errors || skipped >= 0 && skipped != all.skipped {
		v.bad("%s: counts tests=%d failures=%d errors=%d skipped=%d, but it holds %d testcases, %d failures, %d errors, %d skipped",
			where, tests, failures, errs, skipped, all.tests, all.failures, all.errors, all.skipped)
	}
	return all
}
