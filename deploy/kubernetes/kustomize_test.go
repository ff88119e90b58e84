package kubernetes

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"
)

// TestKustomizeRender renders the base as `kubectl apply -k` would (kubectl kustomize,
// no cluster needed), decodes what it prints strictly, and checks that every Job's
// image is the one kustomization.yaml's images: sets and the common label is applied.
func TestKustomizeRender(t *testing.T) {
	kubectl, err := exec.LookPath("kubectl")
	if err != nil {
		t.Skip("kubectl not on PATH: the rendering of the base by kubectl kustomize is not checked (Check and TestPlaySweepJob still read the manifests)")
	}
	out, err := exec.Command(kubectl, "kustomize", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("kubectl kustomize: %v\n%s", err, out)
	}
	b, err := Check(os.DirFS("."))
	if err != nil {
		t.Fatal(err)
	}
	img := b.Kustomization.Images[0]
	want := img.NewName + ":" + img.NewTag
	jobs := 0
	for _, doc := range docSep.Split(string(out), -1) {
		var tm metav1.TypeMeta
		if err := yaml.Unmarshal([]byte(doc), &tm); err != nil {
			t.Fatal(err)
		}
		if tm.Kind != "Job" {
			continue
		}
		var j batchv1.Job
		if err := yaml.UnmarshalStrict([]byte(doc), &j); err != nil {
			t.Fatalf("rendered Job: %v\n%s", err, doc)
		}
		jobs++
		if got := j.Spec.Template.Spec.Containers[0].Image; got != want {
			t.Errorf("Job %s: rendered image %q, want %q", j.Name, got, want)
		}
		if j.Labels["app.kubernetes.io/name"] != "omnisim" {
			t.Errorf("Job %s: labels %v, want app.kubernetes.io/name=omnisim", j.Name, j.Labels)
		}
	}
	if jobs != len(b.Jobs) {
		t.Fatalf("rendered %d Jobs, the base has %d:\n%s", jobs, len(b.Jobs), strings.TrimSpace(string(out)))
	}
}
