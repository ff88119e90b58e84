//go:build !unix

package server

import "os"

// lockFile opens the lock file; without flock(2) it does not keep a second
// server out (the operator's contract in doc.go).
func lockFile(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
}
