# omnisim's container image for Docker or Podman (README, "Scale-out"):
#   docker build -t REGISTRY/omnisim:TAG --build-arg VERSION=$(git describe --tags --always) --build-arg REVISION=$(git rev-parse HEAD) .
# `make image` builds the same image (static binary, non-root, ENTRYPOINT omnisim)
# without a container engine or network, as an OCI layout and a tarball.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags='-s -w -buildid=' -o /out/omnisim ./cmd/omnisim

FROM gcr.io/distroless/static-debian12:nonroot
ARG VERSION=dev
ARG REVISION=unknown
LABEL org.opencontainers.image.title="omnisim" \
      org.opencontainers.image.description="Omnichannel contact-center simulator" \
      org.opencontainers.image.source="https://github.com/omnisim/omnisim" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}"
COPY --from=build /out/omnisim /usr/local/bin/omnisim
USER 65532:65532
ENTRYPOINT ["omnisim"]
