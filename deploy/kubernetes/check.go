package kubernetes

import (
	"bytes"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"
)

// Kustomization is the part of kustomization.yaml the base uses; other fields are errors.
type Kustomization struct {
	APIVersion string   `json:"apiVersion"`
	Kind       string   `json:"kind"`
	Resources  []string `json:"resources"`
	Labels     []struct {
		Pairs            map[string]string `json:"pairs"`
		IncludeSelectors bool              `json:"includeSelectors,omitempty"`
	} `json:"labels,omitempty"`
	Images []Image `json:"images,omitempty"`
}

// Image is an images: entry (kustomize edit set image NAME=NEWNAME:NEWTAG).
type Image struct {
	Name    string `json:"name"`
	NewName string `json:"newName,omitempty"`
	NewTag  string `json:"newTag,omitempty"`
	Digest  string `json:"digest,omitempty"`
}

// Base is a decoded and checked Kustomize base.
type Base struct {
	Kustomization Kustomization
	ConfigMaps    map[string]*corev1.ConfigMap
	Claims        map[string]*corev1.PersistentVolumeClaim
	Jobs          map[string]*batchv1.Job
	// Files maps each object ("Job/omnisim-sweep") to the file it came from.
	Files map[string]string
}

var (
	docSep = regexp.MustCompile(`(?m)^---[ \t]*$`)
	varRef = regexp.MustCompile(`\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)`)
)

// IndexAnnotation is where the Job controller puts a pod's completion index.
const IndexAnnotation = "metadata.annotations['batch.kubernetes.io/job-completion-index']"

// Check decodes the base in fsys (kustomization.yaml and the files it lists) and checks it.
func Check(fsys fs.FS) (*Base, error) {
	kb, err := fs.ReadFile(fsys, "kustomization.yaml")
	if err != nil {
		return nil, err
	}
	b := &Base{ConfigMaps: map[string]*corev1.ConfigMap{}, Claims: map[string]*corev1.PersistentVolumeClaim{},
		Jobs: map[string]*batchv1.Job{}, Files: map[string]string{}}
	if err := yaml.UnmarshalStrict(kb, &b.Kustomization); err != nil {
		return nil, fmt.Errorf("kustomization.yaml: %w", err)
	}
	if k := b.Kustomization; k.APIVersion != "kustomize.config.k8s.io/v1beta1" || k.Kind != "Kustomization" {
		return nil, fmt.Errorf("kustomization.yaml: apiVersion/kind %s/%s, want kustomize.config.k8s.io/v1beta1/Kustomization", k.APIVersion, k.Kind)
	}
	present, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, err
	}
	present = slices.DeleteFunc(present, func(s string) bool { return s == "kustomization.yaml" })
	listed := slices.Clone(b.Kustomization.Resources)
	sort.Strings(listed)
	if !slices.Equal(present, listed) {
		return nil, fmt.Errorf("kustomization.yaml: resources %v, but the directory holds %v", listed, present)
	}
	for _, name := range b.Kustomization.Resources {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		if err := b.decodeFile(name, data); err != nil {
			return nil, err
		}
	}
	// Indexed Jobs first: a merge Job is checked against them.
	for _, indexed := range []bool{true, false} {
		for _, name := range sortedKeys(b.Jobs) {
			if isIndexed(b.Jobs[name]) != indexed {
				continue
			}
			if err := b.checkJob(b.Jobs[name]); err != nil {
				return nil, fmt.Errorf("%s: Job %s: %w", b.Files["Job/"+name], name, err)
			}
		}
	}
	return b, nil
}

func (b *Base) decodeFile(file string, data []byte) error {
	for i, doc := range docSep.Split(string(data), -1) {
		if strings.TrimSpace(stripComments(doc)) == "" {
			continue
		}
		where := fmt.Sprintf("%s: document %d", file, i+1)
		var tm metav1.TypeMeta
		if err := yaml.Unmarshal([]byte(doc), &tm); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		var obj interface{ GetName() string }
		switch tm.APIVersion + "/" + tm.Kind {
		case "v1/ConfigMap":
			obj = &corev1.ConfigMap{}
		case "v1/PersistentVolumeClaim":
			obj = &corev1.PersistentVolumeClaim{}
		case "batch/v1/Job":
			obj = &batchv1.Job{}
		default:
			return fmt.Errorf("%s: kind %q of apiVersion %q is not one the base uses", where, tm.Kind, tm.APIVersion)
		}
		if err := yaml.UnmarshalStrict([]byte(doc), obj); err != nil {
			return fmt.Errorf("%s (%s): %w", where, tm.Kind, err)
		}
		name := obj.GetName()
		if name == "" {
			return fmt.Errorf("%s: %s without metadata.name", where, tm.Kind)
		}
		key := tm.Kind + "/" + name
		if f, dup := b.Files[key]; dup {
			return fmt.Errorf("%s: %s already defined in %s", where, key, f)
		}
		b.Files[key] = file
		switch o := obj.(type) {
		case *corev1.ConfigMap:
			b.ConfigMaps[name] = o
		case *corev1.PersistentVolumeClaim:
			b.Claims[name] = o
		case *batchv1.Job:
			b.Jobs[name] = o
		}
	}
	return nil
}

func stripComments(doc string) string {
	var out []string
	for _, l := range strings.Split(doc, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "#") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func (b *Base) checkJob(j *batchv1.Job) error {
	spec := j.Spec.Template.Spec
	if len(spec.Containers) != 1 {
		return fmt.Errorf("%d containers, want 1", len(spec.Containers))
	}
	if spec.RestartPolicy != corev1.RestartPolicyNever && spec.RestartPolicy != corev1.RestartPolicyOnFailure {
		return fmt.Errorf("restartPolicy %q: a Job's pods need Never or OnFailure", spec.RestartPolicy)
	}
	c := spec.Containers[0]
	if c.Image == "" {
		return fmt.Errorf("container %s: no image", c.Name)
	}
	if imgs := b.Kustomization.Images; len(imgs) > 0 && !slices.ContainsFunc(imgs, func(i Image) bool { return i.Name == c.Image }) {
		return fmt.Errorf("container %s: image %q is not one kustomization.yaml's images: sets", c.Name, c.Image)
	}
	vols := map[string]corev1.Volume{}
	for _, v := range spec.Volumes {
		vols[v.Name] = v
		if v.PersistentVolumeClaim != nil && b.Claims[v.PersistentVolumeClaim.ClaimName] == nil {
			return fmt.Errorf("volume %s: claim %q is not in the base", v.Name, v.PersistentVolumeClaim.ClaimName)
		}
		if v.ConfigMap != nil && b.ConfigMaps[v.ConfigMap.Name] == nil {
			return fmt.Errorf("volume %s: ConfigMap %q is not in the base", v.Name, v.ConfigMap.Name)
		}
	}
	for _, m := range c.VolumeMounts {
		if _, ok := vols[m.Name]; !ok {
			return fmt.Errorf("volumeMount %s: no such volume", m.Name)
		}
	}
	// $(VAR) expands only to an env var declared before it (Kubernetes leaves others as
	// written); in args every reference must be declared.
	declared := map[string]bool{}
	for _, e := range c.Env {
		for _, m := range varRef.FindAllStringSubmatch(e.Value, -1) {
			if !declared[m[1]] {
				return fmt.Errorf("env %s: $(%s) is not an env var declared before it", e.Name, m[1])
			}
		}
		declared[e.Name] = true
	}
	for _, a := range append(slices.Clone(c.Command), c.Args...) {
		for _, m := range varRef.FindAllStringSubmatch(a, -1) {
			if !declared[m[1]] {
				return fmt.Errorf("arg %q: $(%s) is not a declared env var (it would stay as written)", a, m[1])
			}
		}
	}
	if !isIndexed(j) {
		if len(c.Args) >= 2 && c.Args[0] == "report" && c.Args[1] == "merge" {
			return b.checkMerge(c.Args[2:])
		}
		return nil
	}
	// An Indexed Job.
	if j.Spec.Completions == nil {
		return fmt.Errorf("completionMode Indexed without completions")
	}
	n := int(*j.Spec.Completions)
	var count, index *corev1.EnvVar
	for i := range c.Env {
		switch c.Env[i].Name {
		case "JOB_COMPLETIONS":
			count = &c.Env[i]
		case "JOB_COMPLETION_INDEX":
			index = &c.Env[i]
		}
	}
	if count == nil {
		return fmt.Errorf("no env JOB_COMPLETIONS: omnisim would not know the shard count")
	}
	if count.Value != strconv.Itoa(n) {
		return fmt.Errorf("env JOB_COMPLETIONS is %q but completions is %d", count.Value, n)
	}
	if index == nil || index.ValueFrom == nil || index.ValueFrom.FieldRef == nil || index.ValueFrom.FieldRef.FieldPath != IndexAnnotation {
		return fmt.Errorf("env JOB_COMPLETION_INDEX must come from the fieldRef %s", IndexAnnotation)
	}
	out := flagValue(c.Args, "--out", "-o")
	if out == "" {
		return fmt.Errorf("no --out: the shards' partials would go to the pod logs")
	}
	if !strings.Contains(out, "$(JOB_COMPLETION_INDEX)") {
		return fmt.Errorf("--out %s does not contain $(JOB_COMPLETION_INDEX): the shards would overwrite one file", out)
	}
	if p := j.Spec.Parallelism; p != nil && int(*p) > n {
		return fmt.Errorf("parallelism %d above completions %d", *p, n)
	}
	return nil
}

// checkMerge: a report merge's files are exactly one Indexed Job's partials, index 0..N-1.
func (b *Base) checkMerge(args []string) error {
	var files []string
	for i := 0; i < len(args); i++ {
		if strings.HasPrefix(args[i], "-") {
			if !strings.Contains(args[i], "=") {
				i++
			}
			continue
		}
		files = append(files, args[i])
	}
	for _, name := range sortedKeys(b.Jobs) {
		j := b.Jobs[name]
		if !isIndexed(j) || j.Spec.Completions == nil {
			continue
		}
		out := flagValue(j.Spec.Template.Spec.Containers[0].Args, "--out", "-o")
		if out == "" || !strings.HasPrefix(files[0], strings.SplitN(out, "$(", 2)[0]) {
			continue
		}
		var want []string
		for i := 0; i < int(*j.Spec.Completions); i++ {
			want = append(want, Expand(out, map[string]string{"JOB_COMPLETION_INDEX": strconv.Itoa(i)}))
		}
		if !slices.Equal(files, want) {
			return fmt.Errorf("report merge of %v, but Job %s writes %v", files, name, want)
		}
		return nil
	}
	return fmt.Errorf("report merge of %v: no Indexed Job writes these", files)
}

func isIndexed(j *batchv1.Job) bool {
	return j.Spec.CompletionMode != nil && *j.Spec.CompletionMode == batchv1.IndexedCompletion
}

func flagValue(args []string, names ...string) string {
	for i, a := range args {
		for _, n := range names {
			if a == n && i+1 < len(args) {
				return args[i+1]
			}
			if v, ok := strings.CutPrefix(a, n+"="); ok {
				return v
			}
		}
	}
	return ""
}

// Expand replaces $(VAR) in s with env's VAR, as the kubelet expands a container's args
// ($$ is a literal $; a reference to a variable not in env stays as written).
func Expand(s string, env map[string]string) string {
	var out bytes.Buffer
	for i := 0; i < len(s); i++ {
		if s[i] == '$' && i+1 < len(s) && s[i+1] == '$' {
			out.WriteByte('$')
			i++
			continue
		}
		if loc := varRef.FindStringSubmatchIndex(s[i:]); loc != nil && loc[0] == 0 {
			if v, ok := env[s[i+loc[2]:i+loc[3]]]; ok {
				out.WriteString(v)
				i += loc[1] - 1
				continue
			}
		}
		out.WriteByte(s[i])
	}
	return out.String()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
