#!/usr/bin/env bash
# make image: omnisim's container image, built from this checkout with no container
# engine, registry or network (beyond the Go module proxy for the builder's modules):
#   OUT/omnisim      the static binary (CGO_ENABLED=0, -trimpath, no build id)
#   OUT/oci/         an OCI image layout, tagged omnisim:VERSION (skopeo inspect oci:OUT/oci:omnisim:VERSION)
#   OUT/omnisim.tar  the same image as a docker-save tarball (docker load -i / podman load -i)
# Reproducible: every time comes from the commit (SOURCE_DATE_EPOCH), so the same commit
# gives the same digest. Override with OUT=, VERSION=, REVISION=, SOURCE_DATE_EPOCH=, GOARCH=.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
OUT=${OUT:-bin/image}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
VERSION=${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
REVISION=${REVISION:-$(git rev-parse HEAD 2>/dev/null || echo unknown)}
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}
GOARCH=${GOARCH:-$($GO env GOARCH)}
export SOURCE_DATE_EPOCH

CGO_ENABLED=0 GOOS=linux GOARCH=$GOARCH $GO build -trimpath -ldflags='-s -w -buildid=' \
	-o "$OUT/omnisim" ./cmd/omnisim
(cd deploy && $GO run ./cmd/omnisim-image --binary "$OUT/omnisim" --arch "$GOARCH" \
	--version "$VERSION" --revision "$REVISION" --layout "$OUT/oci" --tarball "$OUT/omnisim.tar")
