// Package junitschema checks JUnit XML reports against the common JUnit schema —
// Jenkins xunit's junit-10.xsd, the one the xunit plugin and most consumers
// validate with — for tests of the code that writes them (omnisim check --junit).
// encoding/xml ignores what a struct does not name, so the types here catch every
// other element and attribute and Validate reports them: decoding into them is a
// structural validation, without an XSD engine. A few rules are stricter than the
// XSD because omnisim's consumers need them: every testcase has a classname, every
// failure and error a message, and the counts agree with the testcases.
package junitschema
