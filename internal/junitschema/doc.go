// Package junitschema checks JUnit XML reports against the common JUnit schema, for
// tests of the code that writes them (omnisim check --junit). encoding/xml ignores
// what a struct does not name, so the types here catch every other element and
// attribute and Validate reports them: decoding into them is a structural
// validation, without an XSD engine.
package junitschema
