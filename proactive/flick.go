package proactive

import "github.com/lcwasm/lcwasm/internal/instant"

// A flick back up on a touch screen: at least FlickDistance pixels up
// within FlickWindow, timed by the scroll events' own timestamps (a busy
// page handles them late, not at a different pace). A flick the browser
// delivered as one jump between two events counts if it took under
// FlickJump.
const (
	FlickDistance = 200
	FlickWindow   = 300 * instant.Millisecond
	FlickJump     = instant.Second
)

// Flick detects a fast flick back up in a touch screen's scroll events:
// there is no pointer to leave the window, so it stands for exit intent.
// The zero Flick is ready.
type Flick struct {
	run []mark // this upward run's recent positions, oldest first
}

type mark struct {
	y  float64
	at instant.Duration // the event's timeStamp
}

// Scroll takes one scroll event, the page's scrollY and the event's
// timeStamp, and reports whether it ends a flick.
func (f *Flick) Scroll(y float64, at instant.Duration) bool {
	if n := len(f.run); n > 0 && y >= f.run[n-1].y {
		f.run = f.run[:0] // moving down or still: no flick
	}
	f.run = append(f.run, mark{y, at})
	for len(f.run) > 2 && at-f.run[0].at > FlickWindow {
		f.run = f.run[1:]
	}
	dt := at - f.run[0].at
	if f.run[0].y-y >= FlickDistance && (dt <= FlickWindow || len(f.run) == 2 && dt <= FlickJump) {
		f.run = f.run[:0]
		return true
	}
	return false
}
