package junitschema

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// The types below mirror the common JUnit XML schema (Jenkins' junit-4.xsd, after
// Ant's junit task): testsuites > testsuite[name, tests, failures, errors, skipped]
// > properties > property[name, value], and testcase[name, classname] >
// failure[message] | error[message] | skipped. Anything else the file holds, element
// or attribute, lands in the ,any fields and fails Validate: a decoder that
// ignored the unknown would validate nothing.

type Testsuites struct {
	XMLName  xml.Name    `xml:"testsuites"`
	Name     *string     `xml:"name,attr"`
	Tests    *string     `xml:"tests,attr"`
	Failures *string     `xml:"failures,attr"`
	Errors   *string     `xml:"errors,attr"`
	Skipped  *string     `xml:"skipped,attr"`
	Disabled *string     `xml:"disabled,attr"`
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
	Skipped    *string      `xml:"skipped,attr"`
	Disabled   *string      `xml:"disabled,attr"`
	Time       *string      `xml:"time,attr"`
	Timestamp  *string      `xml:"timestamp,attr"`
	Hostname   *string      `xml:"hostname,attr"`
	ID         *string      `xml:"id,attr"`
	Package    *string      `xml:"package,attr"`
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
	Name       *string    `xml:"name,attr"`
	Classname  *string    `xml:"classname,attr"`
	Assertions *string    `xml:"assertions,attr"`
	Time       *string    `xml:"time,attr"`
	Status     *string    `xml:"status,attr"`
	Failures   []Problem  `xml:"failure"`
	Errors     []Problem  `xml:"error"`
	Skipped    []Problem  `xml:"skipped"`
	SystemOut  []string   `xml:"system-out"`
	SystemErr  []string   `xml:"system-err"`
	Unknown    []xml.Attr `xml:",any,attr"`
	Other      []Element  `xml:",any"`
	Text       string     `xml:",chardata"`
}

type Problem struct {
	Message *string    `xml:"message,attr"`
	Type    *string    `xml:"type,attr"`
	Unknown []xml.Attr `xml:",any,attr"`
	Other   []Element  `xml:",any"`
	Text    string     `xml:",chardata"`
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
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	extra := func(where string, attrs []xml.Attr, other []Element, text string) {
		for _, a := range attrs {
			bad("%s: attribute %s is not in the schema", where, a.Name.Local)
		}
		for _, o := range other {
			bad("%s: element <%s> is not in the schema", where, o.XMLName.Local)
		}
		if strings.TrimSpace(text) != "" {
			bad("%s: text %q where the schema has none", where, text)
		}
	}
	count := func(where, attr string, v *string, required bool) int {
		if v == nil {
			if required {
				bad("%s: attribute %s is required", where, attr)
			}
			return -1
		}
		n, err := strconv.Atoi(*v)
		if err != nil || n < 0 {
			bad("%s: %s=%q is not a non-negative integer", where, attr, *v)
		}
		return n
	}
	decimal := func(where string, v *string) {
		if v == nil {
			return
		}
		if f, err := strconv.ParseFloat(*v, 64); err != nil || f < 0 {
			bad("%s: time=%q is not a non-negative decimal", where, *v)
		}
	}
	extra("testsuites", doc.Unknown, doc.Other, doc.Text)
	decimal("testsuites", doc.Time)
	total := map[string]int{}
	for i, s := range doc.Suites {
		where := fmt.Sprintf("testsuite[%d]", i)
		extra(where, s.Unknown, s.Other, s.Text)
		if s.Name == nil || *s.Name == "" {
			bad("%s: attribute name is required", where)
		}
		tests := count(where, "tests", s.Tests, true)
		failures := count(where, "failures", s.Failures, true)
		errs := count(where, "errors", s.Errors, true)
		skipped := count(where, "skipped", s.Skipped, true)
		decimal(where, s.Time)
		if len(s.Properties) > 1 {
			bad("%s: more than one <properties>", where)
		}
		for _, ps := range s.Properties {
			extra(where+".properties", ps.Unknown, ps.Other, ps.Text)
			for j, p := range ps.Props {
				pw := fmt.Sprintf("%s.property[%d]", where, j)
				extra(pw, p.Unknown, p.Other, p.Text)
				if p.Name == nil || p.Value == nil {
					bad("%s: attributes name and value are required", pw)
				}
			}
		}
		var nFail, nErr, nSkip int
		for j, c := range s.Cases {
			cw := fmt.Sprintf("%s.testcase[%d]", where, j)
			extra(cw, c.Unknown, c.Other, c.Text)
			if c.Name == nil || *c.Name == "" || c.Classname == nil || *c.Classname == "" {
				bad("%s: attributes name and classname are required", cw)
			}
			decimal(cw, c.Time)
			if len(c.Failures)+len(c.Errors)+len(c.Skipped) > 1 {
				bad("%s: at most one of failure, error, skipped", cw)
			}
			for _, group := range [][]Problem{c.Failures, c.Errors, c.Skipped} {
				for _, p := range group {
					extra(cw+" problem", p.Unknown, p.Other, "")
				}
			}
			for _, f := range c.Failures {
				if f.Message == nil || *f.Message == "" {
					bad("%s.failure: attribute message is required", cw)
				}
			}
			for _, e := range c.Errors {
				if e.Message == nil || *e.Message == "" {
					bad("%s.error: attribute message is required", cw)
				}
			}
			nFail += len(c.Failures)
			nErr += len(c.Errors)
			nSkip += len(c.Skipped)
		}
		if tests >= 0 && tests != len(s.Cases) || failures >= 0 && failures != nFail || errs >= 0 && errs != nErr || skipped >= 0 && skipped != nSkip {
			bad("%s: counts tests=%d failures=%d errors=%d skipped=%d, but it holds %d testcases, %d failures, %d errors, %d skipped",
				where, tests, failures, errs, skipped, len(s.Cases), nFail, nErr, nSkip)
		}
		total["tests"] += len(s.Cases)
		total["failures"] += nFail
		total["errors"] += nErr
		total["skipped"] += nSkip
	}
	for attr, v := range map[string]*string{"tests": doc.Tests, "failures": doc.Failures, "errors": doc.Errors, "skipped": doc.Skipped} {
		if n := count("testsuites", attr, v, false); n >= 0 && n != total[attr] {
			bad("testsuites: %s=%d, but the suites hold %d", attr, n, total[attr])
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("JUnit XML does not fit the schema:\n%s", strings.Join(problems, "\n"))
	}
	return &doc, nil
}
