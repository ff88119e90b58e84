package image

import (
	"archive/tar"
	"bytes"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

var epoch = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

// file is one entry of the layer as the test reads it back.
type file struct {
	mode     int64
	uid, gid int
	dir      bool
	contents []byte
}

// layerFiles reads the image's layers: it must have exactly one.
func layerFiles(t *testing.T, img v1.Image) (map[string]file, []string) {
	t.Helper()
	layers, err := img.Layers()
	if err != nil {
		t.Fatal(err)
	}
	if len(layers) != 1 {
		t.Fatalf("%d layers, want 1", len(layers))
	}
	rc, err := layers[0].Uncompressed()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	files := map[string]file{}
	var order []string
	tr := tar.NewReader(rc)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		if !h.ModTime.Equal(epoch) && !h.ModTime.Equal(wantMtime) {
			t.Errorf("%s: mtime %v, want the epoch", h.Name, h.ModTime)
		}
		files[h.Name] = file{mode: h.Mode, uid: h.Uid, gid: h.Gid, dir: h.Typeflag == tar.TypeDir, contents: b}
		order = append(order, h.Name)
	}
	return files, order
}

// wantMtime is the epoch of the image TestMakeImage reads (the commit's time).
var wantMtime time.Time

func TestBuild(t *testing.T) {
	bin := []byte("\x7fELF not really a binary")
	cfg := Config{Binary: bin, Arch: "arm64", Version: "v1.2.3", Revision: "abc123", Source: "https://example.com/omnisim", Created: epoch}
	img, err := Build(cfg)
	if err != nil {
		t.Fatal(err)
	}
	checkImage(t, img, cfg)

	// The same inputs give the same digest; another time or binary does not.
	digest := func(c Config) v1.Hash {
		img, err := Build(c)
		if err != nil {
			t.Fatal(err)
		}
		d, err := img.Digest()
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	d0 := digest(cfg)
	if d := digest(cfg); d != d0 {
		t.Errorf("same inputs: digest %s then %s", d0, d)
	}
	later := cfg
	later.Created = epoch.Add(time.Second)
	other := cfg
	other.Binary = []byte("another binary")
	for name, c := range map[string]Config{"created": later, "binary": other} {
		if d := digest(c); d == d0 {
			t.Errorf("%s changed, digest did not: %s", name, d)
		}
	}

	for name, c := range map[string]Config{"no binary": {Arch: "amd64"}, "no arch": {Binary: bin}} {
		if _, err := Build(c); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// checkImage verifies the config (entrypoint, user, env, labels) and the one layer:
// exactly the expected files, the binary byte for byte, owners and modes.
func checkImage(t *testing.T, img v1.Image, c Config) {
	t.Helper()
	mt, err := img.MediaType()
	if err != nil || mt != "application/vnd.oci.image.manifest.v1+json" {
		t.Errorf("manifest media type %q (%v), want OCI", mt, err)
	}
	cf, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	if cf.OS != "linux" || cf.Architecture != c.Arch {
		t.Errorf("platform %s/%s, want linux/%s", cf.OS, cf.Architecture, c.Arch)
	}
	if !cf.Created.Time.Equal(c.Created) {
		t.Errorf("created %v, want %v", cf.Created.Time, c.Created)
	}
	if want := []string{"omnisim"}; !reflect.DeepEqual(cf.Config.Entrypoint, want) || len(cf.Config.Cmd) != 0 {
		t.Errorf("entrypoint %q cmd %q, want %q and no cmd", cf.Config.Entrypoint, cf.Config.Cmd, want)
	}
	if cf.Config.User != "65532:65532" {
		t.Errorf("user %q, want 65532:65532 (numeric: runAsNonRoot can check it)", cf.Config.User)
	}
	if !contains(cf.Config.Env, "PATH=/usr/local/bin:/usr/bin:/bin") {
		t.Errorf("env %q: the entrypoint omnisim must be on the PATH", cf.Config.Env)
	}
	for k, want := range map[string]string{LabelVersion: c.Version, LabelRevision: c.Revision, LabelSource: c.Source, LabelTitle: "omnisim", LabelCreated: c.Created.UTC().Format(time.RFC3339)} {
		if got := cf.Config.Labels[k]; got != want {
			t.Errorf("label %s = %q, want %q", k, got, want)
		}
	}
	if len(cf.RootFS.DiffIDs) != 1 {
		t.Errorf("rootfs has %d diff ids, want 1", len(cf.RootFS.DiffIDs))
	}

	files, order := layerFiles(t, img)
	wantOrder := []string{"etc/", "etc/group", "etc/passwd", "etc/ssl/", "etc/ssl/certs/", CABundle,
		"home/", Home + "/", "tmp/", "usr/", "usr/local/", "usr/local/bin/", BinaryPath}
	if !reflect.DeepEqual(order, wantOrder) {
		t.Errorf("layer files\n%q\nwant\n%q", order, wantOrder)
	}
	b := files[BinaryPath]
	if !bytes.Equal(b.contents, c.Binary) || b.mode != 0o755 || b.uid != 0 || b.dir {
		t.Errorf("%s: %d bytes mode %o uid %d, want the binary (%d bytes), 0755, root", BinaryPath, len(b.contents), b.mode, b.uid, len(c.Binary))
	}
	if h := files[Home+"/"]; h.uid != UID || h.gid != UID || !h.dir {
		t.Errorf("%s: owner %d:%d, want the user's", Home, h.uid, h.gid)
	}
	if !strings.Contains(string(files["etc/passwd"].contents), "nonroot:x:65532:65532:") {
		t.Errorf("etc/passwd has no user 65532:\n%s", files["etc/passwd"].contents)
	}
	checkCABundle(t, files[CABundle].contents)
}

// checkCABundle: a PEM file of parseable CA certificates, enough of them to be the
// Mozilla set (about 150 roots).
func checkCABundle(t *testing.T, b []byte) {
	t.Helper()
	n := 0
	for {
		var blk *pem.Block
		blk, b = pem.Decode(b)
		if blk == nil {
			break
		}
		c, err := x509.ParseCertificate(blk.Bytes)
		if err != nil {
			t.Fatalf("CA bundle: certificate %d: %v", n, err)
		}
		if !c.IsCA {
			t.Errorf("CA bundle: %s is not a CA", c.Subject)
		}
		n++
	}
	if len(bytes.TrimSpace(b)) != 0 || n < 100 {
		t.Errorf("CA bundle: %d certificates and %d bytes left over, want over 100 and none", n, len(b))
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestMakeImage runs make image's script twice from this checkout into two
// directories: the same digest both times, and the image has the built binary, the
// config and the labels of the commit. The OCI layout is checked with skopeo and the
// tarball run with podman where they are installed.
func TestMakeImage(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	git := func(args ...string) string {
		out, err := exec.Command("git", append([]string{"-C", root}, args...)...).Output()
		if err != nil {
			t.Skipf("not a git checkout (git %s: %v): make image labels come from git", strings.Join(args, " "), err)
		}
		return strings.TrimSpace(string(out))
	}
	version, revision := git("describe", "--tags", "--always", "--dirty"), git("rev-parse", "HEAD")
	secs := git("log", "-1", "--format=%ct")
	build := func() string {
		out := t.TempDir()
		cmd := exec.Command(filepath.Join(root, "scripts/image.sh"))
		cmd.Env = append(os.Environ(), "OUT="+out, "GOARCH=", "VERSION=", "REVISION=", "SOURCE_DATE_EPOCH=")
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("scripts/image.sh: %v\n%s", err, b)
		} else {
			t.Logf("scripts/image.sh: %s", bytes.TrimSpace(b))
		}
		return out
	}
	a, b := build(), build()

	img := readLayout(t, filepath.Join(a, "oci"), "omnisim:"+version)
	d1, _ := img.Digest()
	d2, _ := readLayout(t, filepath.Join(b, "oci"), "omnisim:"+version).Digest()
	if d1 != d2 {
		t.Errorf("two builds of one checkout: digests %s and %s", d1, d2)
	}
	bin, err := os.ReadFile(filepath.Join(a, "omnisim"))
	if err != nil {
		t.Fatal(err)
	}
	if bin2, _ := os.ReadFile(filepath.Join(b, "omnisim")); !bytes.Equal(bin, bin2) {
		t.Errorf("two builds of one checkout: the binaries differ")
	}
	var s int64
	if _, err := fmt.Sscan(secs, &s); err != nil {
		t.Fatal(err)
	}
	wantMtime = time.Unix(s, 0).UTC()
	arch := runtimeGOARCH(t, root)
	checkImage(t, img, Config{Binary: bin, Arch: arch, Version: version, Revision: revision,
		Source: "https://github.com/omnisim/omnisim", Created: wantMtime})

	// The tarball holds the same config and layer.
	tb, err := tarball.ImageFromPath(filepath.Join(a, "omnisim.tar"), nil)
	if err != nil {
		t.Fatal(err)
	}
	// (docker-save keeps the config and layer; its manifest has docker media types.)
	c1, _ := img.ConfigName()
	if c, _ := tb.ConfigName(); c != c1 {
		t.Errorf("tarball config %s, layout %s", c, c1)
	}
	size := layerSize(t, img)
	t.Logf("image %s: binary %.1f MiB, one layer of %.1f MiB compressed", d1, float64(len(bin))/(1<<20), float64(size)/(1<<20))

	t.Run("skopeo", func(t *testing.T) {
		skopeoInspect(t, filepath.Join(a, "oci"), "omnisim:"+version, d1, arch, version, revision)
	})
	t.Run("podman", func(t *testing.T) { podmanRun(t, filepath.Join(a, "omnisim.tar"), "omnisim:"+version, bin) })
}

func readLayout(t *testing.T, dir, ref string) v1.Image {
	t.Helper()
	idx, err := layout.ImageIndexFromPath(dir)
	if err != nil {
		t.Fatal(err)
	}
	m, err := idx.IndexManifest()
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Manifests) != 1 || m.Manifests[0].Annotations["org.opencontainers.image.ref.name"] != ref {
		t.Fatalf("%s/index.json: %+v, want one manifest named %s", dir, m.Manifests, ref)
	}
	img, err := idx.Image(m.Manifests[0].Digest)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func layerSize(t *testing.T, img v1.Image) int64 {
	t.Helper()
	ls, err := img.Layers()
	if err != nil {
		t.Fatal(err)
	}
	n, err := ls[0].Size()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// skopeoInspect checks the layout with a standard tool: skopeo reads the same
// digest, platform, labels and one layer.
func skopeoInspect(t *testing.T, dir, ref string, digest v1.Hash, arch, version, revision string) {
	if _, err := exec.LookPath("skopeo"); err != nil {
		t.Skip("skopeo not installed (make image installs it: apt-get install skopeo)")
	}
	out, err := exec.Command("skopeo", "inspect", "oci:"+dir+":"+ref).Output()
	if err != nil {
		t.Fatalf("skopeo inspect: %v\n%s", err, stderrOf(err))
	}
	var got struct {
		Digest       string
		Architecture string
		Os           string
		Labels       map[string]string
		Layers       []string
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("skopeo inspect: %v\n%s", err, out)
	}
	if got.Digest != digest.String() || got.Architecture != arch || got.Os != "linux" || len(got.Layers) != 1 ||
		got.Labels[LabelVersion] != version || got.Labels[LabelRevision] != revision {
		t.Errorf("skopeo inspect:\n%s\nwant digest %s, linux/%s, one layer, version %s, revision %s", out, digest, arch, version, revision)
	}
	cfgOut, err := exec.Command("skopeo", "inspect", "--config", "oci:"+dir+":"+ref).Output()
	if err != nil {
		t.Fatalf("skopeo inspect --config: %v\n%s", err, stderrOf(err))
	}
	var cf v1.ConfigFile
	if err := json.Unmarshal(cfgOut, &cf); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(cf.Config.Entrypoint, []string{"omnisim"}) || cf.Config.User != User {
		t.Errorf("skopeo inspect --config: entrypoint %q user %q", cf.Config.Entrypoint, cf.Config.User)
	}
}

// podmanRun loads the tarball and runs the image on the default scenario: the
// report is the one the binary prints outside the container.
func podmanRun(t *testing.T, tarFile, ref string, bin []byte) {
	if _, err := exec.LookPath("podman"); err != nil {
		t.Skip("podman not installed (apt-get install podman): the image is not run")
	}
	if out, err := exec.Command("podman", "info").CombinedOutput(); err != nil {
		t.Skipf("podman cannot run containers on this machine (podman info: %v): the image is not run\n%s", err, lastLines(out, 5))
	}
	if out, err := exec.Command("podman", "load", "-i", tarFile).CombinedOutput(); err != nil {
		t.Skipf("podman cannot load images on this machine (%v): the image is not run\n%s", err, lastLines(out, 5))
	}
	got, err := exec.Command("podman", "run", "--rm", "--network=none", "localhost/"+ref, "run").Output()
	if err != nil {
		msg := stderrOf(err)
		if isRuntimeFailure(msg) {
			t.Skipf("podman cannot start containers in this sandbox: %s", lastLines(msg, 5))
		}
		t.Fatalf("podman run %s run: %v\n%s", ref, err, msg)
	}
	local := filepath.Join(t.TempDir(), "omnisim")
	if err := os.WriteFile(local, bin, 0o755); err != nil {
		t.Fatal(err)
	}
	want, err := exec.Command(local, "run").Output()
	if err != nil {
		t.Fatalf("omnisim run: %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("podman run %s run printed\n%s\nwant (the binary outside the container)\n%s", ref, got, want)
	}
}

// isRuntimeFailure tells a container runtime that cannot start containers here (no
// user namespaces, cgroups or overlay in a sandbox) from the image's own failure.
func isRuntimeFailure(msg []byte) bool {
	for _, s := range []string{"crun:", "runc:", "OCI runtime", "newuidmap", "cgroup", "namespace", "overlay", "netavark", "slirp4netns", "pasta"} {
		if bytes.Contains(msg, []byte(s)) {
			return true
		}
	}
	return false
}

func stderrOf(err error) []byte {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.Stderr
	}
	return nil
}

func lastLines(b []byte, n int) []byte {
	lines := bytes.Split(bytes.TrimSpace(b), []byte("\n"))
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return bytes.Join(lines, []byte("\n"))
}

func runtimeGOARCH(t *testing.T, root string) string {
	t.Helper()
	cmd := exec.Command("go", "env", "GOARCH")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(out))
}
