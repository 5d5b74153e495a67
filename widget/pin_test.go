package widget

import (
	"testing"

	"github.com/lcwasm/lcwasm/chat"
	"github.com/stretchr/testify/assert"
)

func TestPin(t *testing.T) {
	var p pin
	assert.True(t, p.Pinned(), "a new transcript follows its newest message")
	assert.True(t, p.Added())

	p.Scrolled(Scroll{Top: 299, Height: 645, Client: 346}) // 0 px from the bottom
	assert.True(t, p.Pinned())
	p.Scrolled(Scroll{Top: 645 - 346 - PinSlack, Height: 645, Client: 346})
	assert.True(t, p.Pinned(), "within PinSlack of the bottom")

	p.Scrolled(Scroll{Top: 100, Height: 645, Client: 346})
	assert.False(t, p.Pinned(), "scrolled up to read")
	assert.False(t, p.Unseen())
	assert.False(t, p.Added(), "a new message does not move what the visitor reads")
	assert.True(t, p.Unseen(), "the New messages control shows")

	p.Scrolled(Scroll{Top: 0, Height: 0, Client: 0})
	assert.False(t, p.Pinned(), "a hidden (minimized) box says nothing")
	top, bottom := p.Restore()
	assert.Equal(t, 100.0, top, "shown again where the visitor was")
	assert.False(t, bottom)

	p.Scrolled(Scroll{Top: 400, Height: 746, Client: 346})
	assert.True(t, p.Pinned(), "back at the bottom by hand")
	assert.False(t, p.Unseen(), "the control goes")

	p.Scrolled(Scroll{Top: 10, Height: 746, Client: 346})
	p.Added()
	p.Jump()
	assert.True(t, p.Pinned())
	assert.False(t, p.Unseen())
	_, bottom = p.Restore()
	assert.True(t, bottom)
}

func TestStartsGroup(t *testing.T) {
	ada := chat.Message{From: "agent", Name: "Ada", At: 1_000_000}
	later := func(m chat.Message, ms int64) chat.Message { m.At += ms; return m }
	bob := ada
	bob.Name = "Bob"
	me := chat.Message{From: "visitor", At: 1_000_000}
	sys := chat.Message{From: "system", At: 1_000_000}
	tests := []struct {
		name string
		prev *chat.Message
		m    chat.Message
		want bool
	}{
		{"first message", nil, ada, true},
		{"same agent soon after", &ada, later(ada, 60_000), false},
		{"same agent after a pause", &ada, later(ada, GroupGap+1), true},
		{"same agent at GroupGap", &ada, later(ada, GroupGap), false},
		{"another agent", &ada, bob, true},
		{"the visitor after the agent", &ada, me, true},
		{"the visitor again", &me, later(me, 1000), false},
		{"a system line", &me, sys, true},
		{"after a system line", &sys, me, true},
		{"two system lines", &sys, sys, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { assert.Equal(t, tt.want, startsGroup(tt.prev, tt.m)) })
	}
}
