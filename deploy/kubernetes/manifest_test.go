package kubernetes

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

// baseFS is the shipped base as an in-memory file system, to break copies of it.
func baseFS(t *testing.T) fstest.MapFS {
	t.Helper()
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	m := fstest.MapFS{}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".yaml") {
			data, err := os.ReadFile(e.Name())
			if err != nil {
				t.Fatal(err)
			}
			m[e.Name()] = &fstest.MapFile{Data: data}
		}
	}
	return m
}

func TestShippedBase(t *testing.T) {
	b, err := Check(os.DirFS("."))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"omnisim-sweep", "omnisim-tune-bot", "omnisim-load", "omnisim-merge"} {
		if b.Jobs[name] == nil {
			t.Errorf("no Job %s", name)
		}
	}
	if b.ConfigMaps["omnisim-scenario"] == nil || b.Claims["omnisim-results"] == nil {
		t.Errorf("scenario ConfigMap or results claim missing: %v", b.Files)
	}
	if c := b.Claims["omnisim-results"]; c != nil && (len(c.Spec.AccessModes) != 1 || c.Spec.AccessModes[0] != "ReadWriteMany") {
		t.Errorf("results claim access modes %v, want [ReadWriteMany]", c.Spec.AccessModes)
	}
	if s := b.Jobs["omnisim-sweep"]; s != nil && (*s.Spec.Completions != 20 || s.Spec.BackoffLimitPerIndex == nil) {
		t.Errorf("sweep: completions %d, backoffLimitPerIndex %v; want 20 and set", *s.Spec.Completions, s.Spec.BackoffLimitPerIndex)
	}
}

// TestCheckRefusesBrokenBase: each copy of the base breaks one rule; Check must say which.
func TestCheckRefusesBrokenBase(t *testing.T) {
	for _, tc := range []struct {
		name, file, old, new, want string
		remove, add                string
	}{
		{name: "unknown field", file: "indexed-job.yaml", old: "  completionMode: Indexed\n", new: "  completionMode: Indexed\n  completionMod: Indexed\n", want: `unknown field "completionMod"`},
		{name: "unknown container field", file: "indexed-job.yaml", old: "          args:\n", new: "          argz: [x]\n          args:\n", want: "unknown field"},
		{name: "completions != JOB_COMPLETIONS", file: "indexed-job.yaml", old: "  completions: 20\n", new: "  completions: 19\n", want: `JOB_COMPLETIONS is "20" but completions is 19`},
		{name: "JOB_COMPLETIONS != completions", file: "tune-bot-job.yaml", old: "              value: \"5\"\n", new: "              value: \"6\"\n", want: `JOB_COMPLETIONS is "6" but completions is 5`},
		{name: "not Indexed", file: "indexed-job.yaml", old: "  completionMode: Indexed\n", new: "  completionMode: NonIndexed\n", want: "report merge of"},
		{name: "undeclared var in args", file: "indexed-job.yaml", old: "/results/part-$(JOB_COMPLETION_INDEX).json", new: "/results/part-$(JOB_INDEX).json", want: "$(JOB_INDEX) is not a declared env var"},
		{name: "index not from the annotation", file: "load-job.yaml", old: "batch.kubernetes.io/job-completion-index", new: "job-index", want: "JOB_COMPLETION_INDEX must come from"},
		{name: "no image", file: "load-job.yaml", old: "          image: omnisim\n", new: "", want: "no image"},
		{name: "image kustomize does not set", file: "tune-bot-job.yaml", old: "          image: omnisim\n", new: "          image: omnisim-dev\n", want: `image "omnisim-dev"`},
		{name: "one out for every shard", file: "tune-bot-job.yaml", old: "/results/bot-$(JOB_COMPLETION_INDEX).json", new: "/results/bot.json", want: "overwrite one file"},
		{name: "merge misses a shard", file: "merge-job.yaml", old: "            - /results/part-19.json\n", new: "", want: "report merge of"},
		{name: "missing claim", file: "results-pvc.yaml", old: "name: omnisim-results", new: "name: results", want: `claim "omnisim-results" is not in the base`},
		{name: "file not listed", file: "kustomization.yaml", old: "  - load-job.yaml\n", new: "", want: "but the directory holds"},
		{name: "listed file absent", remove: "load-job.yaml", want: "but the directory holds"},
		{name: "extra file", add: "extra.yaml", want: "but the directory holds"},
		{name: "kind the base does not use", file: "results-pvc.yaml", old: "kind: PersistentVolumeClaim", new: "kind: PersistentVolume", want: `kind "PersistentVolume"`},
		{name: "duplicate key", file: "scenario-configmap.yaml", old: "  name: omnisim-scenario\n", new: "  name: omnisim-scenario\n  name: other\n", want: "already set in map"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := baseFS(t)
			if tc.file != "" {
				s := string(fsys[tc.file].Data)
				if !strings.Contains(s, tc.old) {
					t.Fatalf("%s has no %q to break", tc.file, tc.old)
				}
				fsys[tc.file] = &fstest.MapFile{Data: []byte(strings.Replace(s, tc.old, tc.new, 1))}
			}
			if tc.remove != "" {
				delete(fsys, tc.remove)
			}
			if tc.add != "" {
				fsys[tc.add] = &fstest.MapFile{Data: []byte("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n")}
			}
			_, err := Check(fsys)
			if err == nil {
				t.Fatalf("Check accepted the broken base")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestExpand(t *testing.T) {
	env := map[string]string{"A": "1", "JOB_COMPLETION_INDEX": "7"}
	for _, tc := range []struct{ in, want string }{
		{"part-$(JOB_COMPLETION_INDEX).json", "part-7.json"},
		{"$(A)$(A)", "11"},
		{"$$(A)", "$(A)"},
		{"$(B)", "$(B)"},
		{"$A", "$A"},
	} {
		if got := Expand(tc.in, env); got != tc.want {
			t.Errorf("Expand(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
