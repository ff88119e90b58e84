package planning

import (
	"bytes"
	"fmt"
	"io"
	"os"
)

// RunTo is Run with the report written in a.Format to the file out, or to
// stdout when out is "": rendered first, so that a failed render leaves no file.
func (a ErlangArgs) RunTo(out string, stdout io.Writer) error {
	rep, err := a.Run()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := rep.Write(&buf, a.Format); err != nil {
		return err
	}
	if out != "" {
		if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
			return fmt.Errorf("--out %q: %w", out, err)
		}
		return nil
	}
	_, err = stdout.Write(buf.Bytes())
	return err
}
