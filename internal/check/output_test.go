package check

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	dir := writeFiles(t, map[string]string{"good.yaml": scenario("good"), "bad.yaml": "version: 1\nnope: 3\n"})
	var stdout, stderr bytes.Buffer
	err := Validate([]string{dir}, "", &stdout, &stderr)
	if err == nil || err.Error() != "1 of 2 scenario files are invalid" {
		t.Errorf("error %v", err)
	}
	if want := "ok " + filepath.Join(dir, "good.yaml") + "\n"; stdout.String() != want {
		t.Errorf("stdout %q, want %q", stdout.String(), want)
	}
	if !strings.Contains(stderr.String(), filepath.Join(dir, "bad.yaml")+":2") {
		t.Errorf("stderr lacks the file:line of the bad key: %q", stderr.String())
	}
	stdout.Reset()
	if err := Validate([]string{filepath.Join(dir, "good.yaml")}, "", &stdout, &stderr); err != nil {
		t.Errorf("a valid file: %v", err)
	}
	if err := Validate([]string{filepath.Join(dir, "bad.yaml")}, "", &stdout, &stderr); err == nil || err.Error() != "1 of 1 scenario file is invalid" {
		t.Errorf("one invalid file: %v", err)
	}
}

func TestResultWrite(t *testing.T) {
	dir := writeFiles(t, map[string]string{"a.yaml": scenario("a", "service_level >= 0")})
	res := Run([]string{dir}, Options{Quick: true, Parallel: 1}, &bytes.Buffer{})
	var out, stderr bytes.Buffer
	if err := res.Write(&out, "text", true, &stderr); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "quick mode: ") || stderr.Len() != 0 {
		t.Errorf("text: the quick note leads the table: %q / %q", out.String(), stderr.String())
	}
	out.Reset()
	if err := res.Write(&out, "json", true, &stderr); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(stderr.String(), "quick mode: ") || strings.Contains(out.String(), "quick mode") {
		t.Errorf("json: the quick note goes to stderr: %q / %q", out.String(), stderr.String())
	}
	p := filepath.Join(t.TempDir(), "check.xml")
	if err := res.WriteJUnitFile(p); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(p); err != nil || !bytes.Contains(b, []byte("<testsuites")) {
		t.Errorf("JUnit file: %v, %.80q", err, b)
	}
	if err := res.WriteJUnitFile(filepath.Join(t.TempDir(), "no", "dir.xml")); err == nil || !strings.HasPrefix(err.Error(), "--junit: ") {
		t.Errorf("unwritable --junit: %v", err)
	}
}
