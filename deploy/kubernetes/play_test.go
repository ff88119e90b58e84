package kubernetes

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	corev1 "k8s.io/api/core/v1"
)

// TestPlaySweepJob plays indexed-job.yaml without a cluster: omnisim built from the
// parent module, the scenario ConfigMap and the results claim as temporary directories
// at the mount paths, one process per completion index with the environment exactly as
// the manifest's env sets it (and nothing else of the test's), at most the Job's
// parallelism at once. One index is killed on its first attempt after a half-written
// partial was left at its --out, and retried, as backoffLimitPerIndex would. Then the
// merge Job's command runs over the partials, and its bytes must equal one machine
// running the sweep's args unsharded.
//
// The test's copy of the scenario runs 8 replications instead of the ConfigMap's 40
// (everything else as shipped) to keep the 20 processes to seconds.
func TestPlaySweepJob(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: TestPlaySweepJob builds omnisim and runs the 20-pod sweep Job as processes")
	}
	b, err := Check(os.DirFS("."))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "omnisim")
	build := exec.Command("go", "build", "-o", bin, "./cmd/omnisim")
	build.Dir = filepath.Join("..", "..") // the parent module: deploy/ sits inside it
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	job := b.Jobs["omnisim-sweep"]
	merge := b.Jobs["omnisim-merge"]
	spec := job.Spec.Template.Spec
	c := spec.Containers[0]
	n := int(*job.Spec.Completions)
	parallel := n
	if p := job.Spec.Parallelism; p != nil {
		parallel = int(*p)
	}

	// Volumes as directories at their mount paths.
	mounts := map[string]string{} // mountPath -> directory
	dirs := map[string]string{}   // volume name -> directory
	for _, v := range spec.Volumes {
		dir := filepath.Join(tmp, "vol-"+v.Name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		dirs[v.Name] = dir
		if v.ConfigMap != nil {
			for key, data := range b.ConfigMaps[v.ConfigMap.Name].Data {
				if key == "retail.yaml" {
					if !strings.Contains(data, "\nreplications: 40\n") {
						t.Fatalf("the scenario's replications are not 40 any more; adjust the test's shrink:\n%s", data)
					}
					data = strings.Replace(data, "\nreplications: 40\n", "\nreplications: 8\n", 1)
				}
				if err := os.WriteFile(filepath.Join(dir, key), []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	for _, m := range c.VolumeMounts {
		mounts[m.MountPath] = dirs[m.Name]
	}
	// The merge Job mounts the same claim at its own path.
	mc := merge.Spec.Template.Spec.Containers[0]
	mergeMounts := map[string]string{}
	for _, m := range mc.VolumeMounts {
		for _, v := range merge.Spec.Template.Spec.Volumes {
			if v.Name == m.Name && v.PersistentVolumeClaim != nil {
				for _, sv := range spec.Volumes {
					if sv.PersistentVolumeClaim != nil && sv.PersistentVolumeClaim.ClaimName == v.PersistentVolumeClaim.ClaimName {
						mergeMounts[m.MountPath] = dirs[sv.Name]
					}
				}
			}
		}
	}
	if len(mergeMounts) == 0 {
		t.Fatal("the merge Job does not mount the sweep's results claim")
	}

	podEnv := func(index int) []string {
		env := map[string]string{}
		var list []string
		for _, e := range c.Env {
			var v string
			switch {
			case e.ValueFrom == nil:
				v = Expand(e.Value, env)
			case e.ValueFrom.FieldRef != nil && e.ValueFrom.FieldRef.FieldPath == IndexAnnotation:
				v = strconv.Itoa(index)
			default:
				t.Fatalf("env %s: a source the test cannot play", e.Name)
			}
			env[e.Name] = v
			list = append(list, e.Name+"="+v)
		}
		return append(list, "HOME="+tmp, "PATH="+os.Getenv("PATH"))
	}
	args := func(c corev1.Container, env []string, mounts map[string]string) []string {
		vars := map[string]string{}
		for _, kv := range env {
			k, v, _ := strings.Cut(kv, "=")
			vars[k] = v
		}
		var out []string
		for _, a := range c.Args {
			a = Expand(a, vars)
			for path, dir := range mounts {
				if rest, ok := strings.CutPrefix(a, path+"/"); ok {
					a = filepath.Join(dir, rest)
				}
			}
			out = append(out, a)
		}
		return out
	}
	run := func(argv, env []string) ([]byte, error) {
		cmd := exec.Command(bin, argv...)
		cmd.Env, cmd.Dir = env, tmp
		return cmd.CombinedOutput()
	}

	// The pods. Index 7 is killed on its first attempt, after leaving half a file.
	const failing = 7
	outPath := func(i int) string {
		for j, a := range args(c, podEnv(i), mounts) {
			if a == "--out" {
				return args(c, podEnv(i), mounts)[j+1]
			}
		}
		t.Fatal("no --out")
		return ""
	}
	if err := os.WriteFile(outPath(failing), []byte(`{"kind": "sweep", "items": [`), 0o644); err != nil {
		t.Fatal(err)
	}
	attempts := make([]int, n)
	var mu sync.Mutex
	var failures []string
	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			env := podEnv(i)
			for attempt := 0; ; attempt++ {
				mu.Lock()
				attempts[i]++
				mu.Unlock()
				if i == failing && attempt == 0 {
					cmd := exec.Command(bin, args(c, env, mounts)...)
					cmd.Env, cmd.Dir = env, tmp
					if err := cmd.Start(); err != nil {
						t.Error(err)
						return
					}
					_ = cmd.Process.Kill()
					var exit *exec.ExitError
					if err := cmd.Wait(); !errors.As(err, &exit) {
						t.Errorf("index %d: killed pod ended with %v, want a failure", i, err)
					}
					continue // the controller starts the index again
				}
				out, err := run(args(c, env, mounts), env)
				if err == nil {
					return
				}
				if attempt >= int(*job.Spec.BackoffLimitPerIndex) {
					mu.Lock()
					failures = append(failures, fmt.Sprintf("index %d: %v\n%s", i, err, out))
					mu.Unlock()
					return
				}
			}
		}()
	}
	wg.Wait()
	if len(failures) > 0 {
		t.Fatalf("pods failed:\n%s", strings.Join(failures, "\n"))
	}
	if attempts[failing] != 2 {
		t.Fatalf("index %d ran %d times, want 2 (killed, retried)", failing, attempts[failing])
	}
	partials, _ := filepath.Glob(filepath.Join(dirs["results"], "part-*.json"))
	if len(partials) != n {
		t.Fatalf("%d partials, want %d: %v", len(partials), n, partials)
	}

	// The merge Job, then one machine: the sweep's args without --out, with the merge's
	// --format and --out (to another file), no JOB_* in the environment.
	mergeEnv := []string{"HOME=" + tmp, "PATH=" + os.Getenv("PATH")}
	margs := args(mc, mergeEnv, mergeMounts)
	if out, err := run(margs, mergeEnv); err != nil {
		t.Fatalf("omnisim %s: %v\n%s", strings.Join(margs, " "), err, out)
	}
	merged := flagValue(margs, "--out")
	single := filepath.Join(tmp, "single"+filepath.Ext(merged))
	var sargs []string
	sa := args(c, mergeEnv, mounts)
	for i := 0; i < len(sa); i++ {
		if sa[i] == "--out" {
			i++
			continue
		}
		sargs = append(sargs, sa[i])
	}
	sargs = append(sargs, "--format", flagValue(margs, "--format"), "--out", single)
	if out, err := run(sargs, mergeEnv); err != nil {
		t.Fatalf("omnisim %s: %v\n%s", strings.Join(sargs, " "), err, out)
	}
	got, err := os.ReadFile(merged)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(single)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) < 1000 {
		t.Fatalf("the single run's report is %d bytes: %s", len(want), want)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("merged report (%d bytes) differs from the single run's (%d bytes)", len(got), len(want))
	}
	t.Logf("%d pods (index %d killed once and retried, %d attempts), merged %s = single run, %d bytes", n, failing, attempts[failing], filepath.Base(merged), len(got))
}
