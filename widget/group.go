package widget

import (
	"github.com/lcwasm/lcwasm/chat"
	"github.com/lcwasm/lcwasm/internal/wire"
)

// GroupGap is the longest pause, in milliseconds, between two messages of
// one sender that still keeps them in one group (under one name and one
// time): five minutes.
const GroupGap = 5 * 60 * 1000

// startsGroup reports whether m opens a new group after prev (nil for the
// first message): another sender (the visitor, an agent by name, or the
// system, whose lines stand alone), or a pause over GroupGap.
func startsGroup(prev *chat.Message, m chat.Message) bool {
	switch {
	case prev == nil, m.From == wire.FromSystem, prev.From == wire.FromSystem:
		return true
	case prev.From != m.From || prev.Name != m.Name:
		return true
	}
	return m.At-prev.At > GroupGap || prev.At-m.At > GroupGap
}
