package junitschema

import "testing"

const suiteAttrs = `name="a" tests="0" failures="0" errors="0"`

// TestValidateRejects makes sure the validator is not a rubber stamp: each document
// breaks one rule of junit-10.xsd (or one of omnisim's stricter rules).
func TestValidateRejects(t *testing.T) {
	cases := map[string]string{
		"not XML":                    `<testsuites`,
		"unknown element":            `<testsuites><testsuite ` + suiteAttrs + `><bogus/></testsuite></testsuites>`,
		"unknown attribute":          `<testsuites><testsuite ` + suiteAttrs + ` color="red"/></testsuites>`,
		"skipped on testsuites":      `<testsuites skipped="0"><testsuite ` + suiteAttrs + `/></testsuites>`,
		"disabled on testsuites":     `<testsuites disabled="0"><testsuite ` + suiteAttrs + `/></testsuites>`,
		"disabled on testsuite":      `<testsuites><testsuite ` + suiteAttrs + ` disabled="0"/></testsuites>`,
		"assertions on testcase":     `<testsuites><testsuite name="a" tests="1" failures="0" errors="0"><testcase name="x" classname="a" assertions="1"/></testsuite></testsuites>`,
		"missing tests":              `<testsuites><testsuite name="a" failures="0" errors="0"/></testsuites>`,
		"missing errors":             `<testsuites><testsuite name="a" tests="0" failures="0"/></testsuites>`,
		"count mismatch":             `<testsuites><testsuite name="a" tests="2" failures="0" errors="0"><testcase name="x" classname="a"/></testsuite></testsuites>`,
		"root count mismatch":        `<testsuites tests="3"><testsuite name="a" tests="1" failures="0" errors="0"><testcase name="x" classname="a"/></testsuite></testsuites>`,
		"skipped count mismatch":     `<testsuites><testsuite name="a" tests="1" failures="0" errors="0" skipped="1"><testcase name="x" classname="a"/></testsuite></testsuites>`,
		"no classname":               `<testsuites><testsuite name="a" tests="1" failures="0" errors="0"><testcase name="x"/></testsuite></testsuites>`,
		"failure no message":         `<testsuites><testsuite name="a" tests="1" failures="1" errors="0"><testcase name="x" classname="a"><failure/></testcase></testsuite></testsuites>`,
		"time with a sign":           `<testsuites><testsuite ` + suiteAttrs + ` time="-1"/></testsuites>`,
		"time with an exponent":      `<testsuites time="1e3"><testsuite ` + suiteAttrs + `/></testsuites>`,
		"rerun without type":         `<testsuites><testsuite name="a" tests="1" failures="0" errors="0"><testcase name="x" classname="a"><flakyFailure message="m"/></testcase></testsuite></testsuites>`,
		"nested suite count":         `<testsuites><testsuite name="a" tests="0" failures="0" errors="0"><testsuite name="b" tests="1" failures="0" errors="0"><testcase name="x" classname="b"/></testsuite></testsuite></testsuites>`,
		"wrong root":                 `<testsuite ` + suiteAttrs + `/>`,
		"content after root element": `<testsuites/><testsuites/>`,
	}
	for name, doc := range cases {
		if _, err := Validate([]byte(doc)); err == nil {
			t.Errorf("%s: accepted %s", name, doc)
		}
	}
}

// TestValidateAccepts: what junit-10.xsd allows passes, optional attributes and
// nesting included, so that a rejection above is the rule's and not a blanket no.
func TestValidateAccepts(t *testing.T) {
	cases := map[string]string{
		"empty":   `<testsuites/>`,
		"minimal": `<testsuites><testsuite ` + suiteAttrs + `/></testsuites>`,
		"full": `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="n" tests="3" failures="1" errors="1" time="1,234.5">
  <testsuite name="a/b.yaml" tests="3" failures="1" errors="1" skipped="0" time="0" group="g" timestamp="t" hostname="h" id="1" package="p" file="a/b.yaml" log="l" url="u">
    <properties><property name="seed" value="42"/></properties>
    <testcase name="x" classname="a.b" time="0.5" group="g"/>
    <testcase name="y" classname="a.b"><failure message="m" type="assertion">text</failure><system-out>o</system-out></testcase>
    <testcase name="z" classname="a.b"><error message="m">text</error><flakyError type="t"><stackTrace>s</stackTrace></flakyError></testcase>
    <system-out>out</system-out>
    <system-err>err</system-err>
  </testsuite>
</testsuites>`,
		"nested":  `<testsuites tests="1"><testsuite name="a" tests="1" failures="0" errors="0"><testsuite name="b" tests="1" failures="0" errors="0"><testcase name="x" classname="b"/></testsuite></testsuite></testsuites>`,
		"skipped": `<testsuites><testsuite name="a" tests="1" failures="0" errors="0" skipped="1"><testcase name="x" classname="a"><skipped/></testcase></testsuite></testsuites>`,
	}
	for name, doc := range cases {
		if _, err := Validate([]byte(doc)); err != nil {
			t.Errorf("%s: rejected: %v", name, err)
		}
	}
}
