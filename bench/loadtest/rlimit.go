package loadtest

import (
	"fmt"
	"syscall"
)

// raiseFiles raises the soft limit on open files to at least need, for
// this process and the server it starts, or fails saying why.
func raiseFiles(need uint64) error {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return fmt.Errorf("loadtest: RLIMIT_NOFILE: %w", err)
	}
	if lim.Max < need {
		return fmt.Errorf("loadtest: %d sockets need %d open files, the hard limit is %d (raise it: ulimit -Hn)", need-fileMargin, need, lim.Max)
	}
	// Set even when the soft limit is high enough: Go raised it for this
	// process at start-up but gives children the original one, unless
	// the program sets the limit itself.
	lim.Cur = max(lim.Cur, need)
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return fmt.Errorf("loadtest: raising RLIMIT_NOFILE to %d: %w", need, err)
	}
	return nil
}

// fileMargin is what a process needs besides the sockets.
const fileMargin = 256
