package image

import (
	"archive/tar"
	"bytes"
	"encoding/pem"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
	"golang.org/x/crypto/x509roots/fallback/bundle"
)

// The image's fixed facts, which the Kubernetes manifests rely on (runAsUser 65532,
// the binary on the PATH).
const (
	BinaryPath = "usr/local/bin/omnisim"
	UID        = 65532
	User       = "65532:65532"
	Home       = "home/nonroot"
	CABundle   = "etc/ssl/certs/ca-certificates.crt"
	Path       = "/usr/local/bin:/usr/bin:/bin"
)

// Label keys of the OCI image spec (annotations.md, "Pre-Defined Annotation Keys").
const (
	LabelVersion  = "org.opencontainers.image.version"
	LabelSource   = "org.opencontainers.image.source"
	LabelRevision = "org.opencontainers.image.revision"
	LabelCreated  = "org.opencontainers.image.created"
	LabelTitle    = "org.opencontainers.image.title"
)

// Config is what the image is built from.
type Config struct {
	Binary   []byte    // the static omnisim binary (CGO_ENABLED=0)
	Arch     string    // GOARCH the binary was built for: amd64, arm64
	Version  string    // git describe
	Revision string    // the commit
	Source   string    // the repository URL
	Created  time.Time // mtime of every file and the config's created time (SOURCE_DATE_EPOCH)
}

// Build returns the image: one layer and its OCI config.
func Build(c Config) (v1.Image, error) {
	if len(c.Binary) == 0 {
		return nil, fmt.Errorf("image: no binary")
	}
	if c.Arch == "" {
		return nil, fmt.Errorf("image: no architecture")
	}
	created := c.Created.UTC().Truncate(time.Second)
	layerTar, err := layerTar(c.Binary, created)
	if err != nil {
		return nil, err
	}
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(layerTar)), nil
	}, tarball.WithMediaType(types.OCILayer))
	if err != nil {
		return nil, fmt.Errorf("image: layer: %w", err)
	}
	img := mutate.MediaType(empty.Image, types.OCIManifestSchema1)
	img = mutate.ConfigMediaType(img, types.OCIConfigJSON)
	img, err = mutate.Append(img, mutate.Addendum{
		Layer:     layer,
		MediaType: types.OCILayer,
		History: v1.History{
			Created:   v1.Time{Time: created},
			CreatedBy: "deploy/cmd/omnisim-image: " + BinaryPath + ", " + CABundle + ", passwd, group, /" + Home,
			Comment:   "omnisim " + c.Version,
		},
	})
	if err != nil {
		return nil, fmt.Errorf("image: append layer: %w", err)
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return nil, fmt.Errorf("image: config: %w", err)
	}
	cf = cf.DeepCopy()
	cf.Architecture = c.Arch
	cf.OS = "linux"
	cf.Created = v1.Time{Time: created}
	cf.Config = v1.Config{
		Entrypoint: []string{"omnisim"},
		Env:        []string{"PATH=" + Path, "HOME=/" + Home, "SSL_CERT_FILE=/" + CABundle},
		User:       User,
		WorkingDir: "/" + Home,
		Labels: map[string]string{
			LabelVersion:  c.Version,
			LabelSource:   c.Source,
			LabelRevision: c.Revision,
			LabelCreated:  created.Format(time.RFC3339),
			LabelTitle:    "omnisim",
		},
	}
	img, err = mutate.ConfigFile(img, cf)
	if err != nil {
		return nil, fmt.Errorf("image: set config: %w", err)
	}
	return img, nil
}

// layerTar is the layer's uncompressed tar: directories before their files, in a
// fixed order, fixed mtimes and owners.
func layerTar(binary []byte, mtime time.Time) ([]byte, error) {
	type entry struct {
		name     string
		mode     int64
		uid      int
		contents []byte
		dir      bool
	}
	ca := caBundle()
	passwd := fmt.Sprintf("root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:%d:%d:nonroot:/%s:/sbin/nologin\n", UID, UID, Home)
	group := fmt.Sprintf("root:x:0:\nnonroot:x:%d:\n", UID)
	entries := []entry{
		{name: "etc/", mode: 0o755, dir: true},
		{name: "etc/group", mode: 0o644, contents: []byte(group)},
		{name: "etc/passwd", mode: 0o644, contents: []byte(passwd)},
		{name: "etc/ssl/", mode: 0o755, dir: true},
		{name: "etc/ssl/certs/", mode: 0o755, dir: true},
		{name: CABundle, mode: 0o644, contents: ca},
		{name: "home/", mode: 0o755, dir: true},
		{name: Home + "/", mode: 0o700, uid: UID, dir: true},
		{name: "tmp/", mode: 0o1777, dir: true},
		{name: "usr/", mode: 0o755, dir: true},
		{name: "usr/local/", mode: 0o755, dir: true},
		{name: "usr/local/bin/", mode: 0o755, dir: true},
		{name: BinaryPath, mode: 0o755, contents: binary},
	}
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range entries {
		h := &tar.Header{
			Name:    e.name,
			Mode:    e.mode,
			Uid:     e.uid,
			Gid:     e.uid,
			ModTime: mtime,
			Format:  tar.FormatPAX,
		}
		if e.dir {
			h.Typeflag = tar.TypeDir
		} else {
			h.Typeflag = tar.TypeReg
			h.Size = int64(len(e.contents))
		}
		if err := tw.WriteHeader(h); err != nil {
			return nil, fmt.Errorf("image: layer %s: %w", e.name, err)
		}
		if _, err := tw.Write(e.contents); err != nil {
			return nil, fmt.Errorf("image: layer %s: %w", e.name, err)
		}
	}
	if err := tw.Close(); err != nil {
		return nil, fmt.Errorf("image: layer: %w", err)
	}
	return buf.Bytes(), nil
}

// caBundle is the Mozilla NSS roots of golang.org/x/crypto/x509roots/fallback as PEM,
// in the bundle's order. Roots with constraints that X.509 cannot express (distrust
// after a date) are left out: a PEM file would trust them unconditionally.
func caBundle() []byte {
	var buf bytes.Buffer
	for r := range bundle.Roots() {
		if r.Constraint != nil {
			continue
		}
		_ = pem.Encode(&buf, &pem.Block{Type: "CERTIFICATE", Bytes: r.Certificate})
	}
	return buf.Bytes()
}

// WriteLayout writes img as the only image of a fresh OCI image layout in dir
// (removed first, so that index.json holds one manifest), tagged ref
// (annotation org.opencontainers.image.ref.name: skopeo inspect oci:DIR:REF).
func WriteLayout(dir string, img v1.Image, ref string) error {
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("image: %w", err)
	}
	p, err := layout.Write(dir, empty.Index)
	if err != nil {
		return fmt.Errorf("image: layout %s: %w", dir, err)
	}
	if err := p.AppendImage(img, layout.WithAnnotations(map[string]string{"org.opencontainers.image.ref.name": ref})); err != nil {
		return fmt.Errorf("image: layout %s: %w", dir, err)
	}
	return nil
}

// WriteTarball writes img as a docker-save tarball tagged tag (docker load -i, podman load -i).
func WriteTarball(file string, img v1.Image, tag string) error {
	t, err := name.NewTag(tag, name.WithDefaultRegistry(""))
	if err != nil {
		return fmt.Errorf("image: tag %q: %w", tag, err)
	}
	if err := tarball.WriteToFile(file, t, img); err != nil {
		return fmt.Errorf("image: %s: %w", file, err)
	}
	return nil
}
