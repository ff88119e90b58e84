package junitschema

import "testing"

// TestValidateRejects makes sure the validator is not a rubber stamp.
func TestValidateRejects(t *testing.T) {
	cases := map[string]string{
		"not XML":            `<testsuites`,
		"unknown element":    `<testsuites><testsuite name="a" tests="0" failures="0" errors="0" skipped="0"><bogus/></testsuite></testsuites>`,
		"unknown attribute":  `<testsuites><testsuite name="a" tests="0" failures="0" errors="0" skipped="0" color="red"/></testsuites>`,
		"missing tests":      `<testsuites><testsuite name="a" failures="0" errors="0" skipped="0"/></testsuites>`,
		"count mismatch":     `<testsuites><testsuite name="a" tests="2" failures="0" errors="0" skipped="0"><testcase name="x" classname="a"/></testsuite></testsuites>`,
		"no classname":       `<testsuites><testsuite name="a" tests="1" failures="0" errors="0" skipped="0"><testcase name="x"/></testsuite></testsuites>`,
		"failure no message": `<testsuites><testsuite name="a" tests="1" failures="1" errors="0" skipped="0"><testcase name="x" classname="a"><failure/></testcase></testsuite></testsuites>`,
		"wrong root":         `<testsuite name="a" tests="0" failures="0" errors="0" skipped="0"/>`,
	}
	for name, doc := range cases {
		if _, err := Validate([]byte(doc)); err == nil {
			t.Errorf("%s: accepted %s", name, doc)
		}
	}
}
