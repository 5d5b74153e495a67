package proactive_test

import (
	"testing"

	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/proactive"
)

func TestFlick(t *testing.T) {
	ms := func(n int) instant.Duration { return instant.Duration(n) * instant.Millisecond }
	type ev struct {
		y  float64
		at instant.Duration
	}
	tests := []struct {
		name   string
		events []ev
		want   []bool // per event
	}{
		{"200 px up in 300 ms", []ev{{1000, 0}, {900, ms(100)}, {800, ms(300)}}, []bool{false, false, true}},
		{"199 px up is not enough", []ev{{1000, 0}, {801, ms(100)}}, []bool{false, false}},
		{"one jump under a second", []ev{{1000, 0}, {700, ms(900)}}, []bool{false, true}},
		{"one jump over a second", []ev{{1000, 0}, {700, ms(1100)}}, []bool{false, false}},
		{"slow and steady", []ev{{1000, 0}, {950, ms(200)}, {900, ms(400)}, {850, ms(600)}, {800, ms(800)}}, []bool{false, false, false, false, false}},
		{"moving down breaks the run", []ev{{1000, 0}, {900, ms(50)}, {950, ms(100)}, {800, ms(200)}}, []bool{false, false, false, false}},
		{"a flick is reported once", []ev{{1000, 0}, {700, ms(100)}, {650, ms(150)}}, []bool{false, true, false}},
		{"fast within a long run", []ev{{2000, 0}, {1950, ms(500)}, {1900, ms(1000)}, {1800, ms(1100)}, {1690, ms(1200)}}, []bool{false, false, false, false, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f proactive.Flick
			for i, e := range tt.events {
				if got := f.Scroll(e.y, e.at); got != tt.want[i] {
					t.Errorf("event %d (y %v at %v): flick %v, want %v", i, e.y, e.at, got, tt.want[i])
				}
			}
		})
	}
}
