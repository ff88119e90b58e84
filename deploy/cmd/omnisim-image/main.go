// Command omnisim-image writes omnisim's container image, from a static binary, as an
// OCI image layout and a docker-save tarball, with no container engine or registry
// (scripts/image.sh, make image). See package image for what the image holds.
package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/omnisim/omnisim/deploy/image"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "omnisim-image: "+err.Error())
		os.Exit(2)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("omnisim-image", flag.ContinueOnError)
	binary := fs.String("binary", "", "the static omnisim `FILE` (CGO_ENABLED=0 GOOS=linux)")
	arch := fs.String("arch", "", "GOARCH of the binary")
	version := fs.String("version", "dev", "label org.opencontainers.image.version and the tag")
	revision := fs.String("revision", "", "label org.opencontainers.image.revision (the commit)")
	source := fs.String("source", "https://github.com/omnisim/omnisim", "label org.opencontainers.image.source")
	epoch := fs.String("epoch", os.Getenv("SOURCE_DATE_EPOCH"), "file mtimes and created time, in `SECONDS` since 1970 (default $SOURCE_DATE_EPOCH)")
	layoutDir := fs.String("layout", "", "write an OCI image layout to `DIR` (replaced)")
	tarFile := fs.String("tarball", "", "write a docker-save tarball to `FILE`")
	tag := fs.String("tag", "", "image reference in the layout and tarball (default omnisim:VERSION)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *binary == "" || *arch == "" || (*layoutDir == "" && *tarFile == "") {
		return fmt.Errorf("want --binary, --arch and --layout or --tarball")
	}
	secs, err := strconv.ParseInt(*epoch, 10, 64)
	if err != nil {
		return fmt.Errorf("--epoch %q: want seconds since 1970", *epoch)
	}
	bin, err := os.ReadFile(*binary)
	if err != nil {
		return err
	}
	if *tag == "" {
		*tag = "omnisim:" + *version
	}
	img, err := image.Build(image.Config{
		Binary: bin, Arch: *arch, Version: *version, Revision: *revision, Source: *source,
		Created: time.Unix(secs, 0),
	})
	if err != nil {
		return err
	}
	if *layoutDir != "" {
		if err := image.WriteLayout(*layoutDir, img, *tag); err != nil {
			return err
		}
	}
	if *tarFile != "" {
		if err := image.WriteTarball(*tarFile, img, *tag); err != nil {
			return err
		}
	}
	digest, err := img.Digest()
	if err != nil {
		return err
	}
	layers, err := img.Layers()
	if err != nil {
		return err
	}
	var compressed int64
	for _, l := range layers {
		n, err := l.Size()
		if err != nil {
			return err
		}
		compressed += n
	}
	fmt.Printf("%s %s: %d layer, %.1f MiB compressed (binary %.1f MiB)\n",
		*tag, digest, len(layers), float64(compressed)/(1<<20), float64(len(bin))/(1<<20))
	return nil
}
