package loadtest

import (
	"strings"
	"syscall"
	"testing"
)

// TestRaiseFilesFailsLoudly: more sockets than the hard limit allows is an
// error naming the limit, not a run that fails halfway.
func TestRaiseFilesFailsLoudly(t *testing.T) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatal(err)
	}
	if lim.Max != ^uint64(0) { // an unlimited hard limit cannot be exceeded
		err := raiseFiles(lim.Max + 1)
		if err == nil || !strings.Contains(err.Error(), "hard limit") {
			t.Fatalf("raiseFiles(hard+1) = %v, want an error about the hard limit", err)
		}
	}
	if err := raiseFiles(64); err != nil {
		t.Fatalf("raiseFiles(64) = %v", err)
	}
}
