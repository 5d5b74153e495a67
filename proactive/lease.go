package proactive

import "github.com/lcwasm/lcwasm/internal/instant"

// LockRetry is how soon a tab that lost the race for the Web Lock looks
// again.
const LockRetry = instant.Second

// The cross-tab lease: while one tab shows an invitation, the visitor's
// other tabs raise none. The stored lease ends a second after the
// invitation's deadline, so a tab that dies holding it holds nothing for
// long; the Web Lock, which the browser frees with the tab, settles two
// tabs deciding at the same moment.

type lease struct {
	tab   string
	until instant.Time
}

func (r *Runner) readLease() (lease, bool) {
	tree, _ := r.load("lock")
	m, _ := tree.(map[string]any)
	tab, _ := m["tab"].(string)
	ms, _ := m["until"].(float64)
	return lease{tab: tab, until: instant.UnixMilli(int64(ms))}, tab != ""
}

// lockedElsewhere reports whether another tab holds the lease at now, and
// until when.
func (r *Runner) lockedElsewhere(now instant.Time) (instant.Time, bool) {
	l, ok := r.readLease()
	if !ok || l.tab == r.cfg.Tab || !now.Before(l.until) {
		return 0, false
	}
	return l.until, true
}

func (r *Runner) lock(deadline instant.Time) {
	r.put("lock", map[string]any{"tab": r.cfg.Tab, "until": float64(deadline.Add(instant.Second).UnixMilli())})
}

// unlock gives up this tab's lease and Web Lock.
func (r *Runner) unlock() {
	if l, ok := r.readLease(); ok && l.tab == r.cfg.Tab {
		r.d.Store.Remove(r.prefix + "lock")
	}
	if r.claimed != nil {
		r.claimed()
		r.claimed = nil
	}
}
