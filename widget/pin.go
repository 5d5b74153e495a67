package widget

// Scroll is a scrolling box's position as the browser reports it, in CSS
// pixels: scrollTop, scrollHeight and clientHeight.
type Scroll struct{ Top, Height, Client float64 }

// PinSlack is how far above the bottom of the transcript, in CSS pixels,
// the visitor still counts as reading the newest message: a fraction of a
// line, so a wheel notch or subpixel rounding does not unpin them.
const PinSlack = 24

// bottom is how far the box is scrolled from its bottom end.
func (s Scroll) bottom() float64 { return s.Height - s.Client - s.Top }

// pin decides whether the transcript follows new messages. It starts
// pinned (a new or resumed chat shows its newest message); the visitor
// scrolling up unpins it and scrolling back down pins it again. While it
// is unpinned, a new message is "unseen": the view offers the "New
// messages" control instead of moving what the visitor reads.
type pin struct {
	loose  bool    // the visitor scrolled away from the bottom
	top    float64 // where they were, to put them back after the pane was hidden
	unseen bool    // messages came below while loose
}

// Pinned reports whether new messages scroll into view.
func (p *pin) Pinned() bool { return !p.loose }

// Unseen reports whether the "New messages" control shows.
func (p *pin) Unseen() bool { return p.loose && p.unseen }

// Scrolled records where the box is now. A box with no height (the pane
// is minimized, or not laid out yet) says nothing about the visitor and
// changes nothing.
func (p *pin) Scrolled(s Scroll) {
	if s.Client <= 0 {
		return
	}
	p.loose = s.bottom() > PinSlack
	p.top = s.Top
	if !p.loose {
		p.unseen = false
	}
}

// Added is a message added to the transcript; it reports whether to
// scroll to the bottom.
func (p *pin) Added() bool {
	if p.loose {
		p.unseen = true
		return false
	}
	return true
}

// Jump is the visitor asking for the newest message: pinned again.
func (p *pin) Jump() { p.loose, p.unseen = false, false }

// Restore is where to put the box once it is shown again (restored from
// minimized): at the bottom when pinned, else where the visitor was.
func (p *pin) Restore() (top float64, toBottom bool) {
	return p.top, !p.loose
}
