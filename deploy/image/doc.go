// Package image builds omnisim's container image from a static binary, without a
// container engine or a registry: one layer (the binary at /usr/local/bin/omnisim, a
// CA bundle for load tests against HTTPS targets, passwd and group entries for the
// non-root user 65532, a home directory), an OCI image config with
// ENTRYPOINT ["omnisim"] and the org.opencontainers.image labels, written as an OCI
// image layout (skopeo, crane, podman and containerd read it) and as a docker-save
// tarball (docker load, podman load).
//
// The image is a pure function of its inputs: every file in the layer has the mtime
// of Config.Created (SOURCE_DATE_EPOCH, the commit's time in scripts/image.sh), owner
// 0:0 unless it belongs to the user, and a fixed order; the CA bundle comes from
// golang.org/x/crypto/x509roots/fallback at the version pinned in go.sum, not from the
// build machine. The same binary and inputs give the same digest on any machine.
//
// It lives in the nested module github.com/omnisim/omnisim/deploy so that
// go-containerregistry and the Kubernetes API types stay out of the omnisim binary
// and out of the main module's go test ./...
package image
