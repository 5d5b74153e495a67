package chat

import (
	"testing"
	"time"

	"github.com/lcwasm/lcwasm/internal/hours"
)

// TestOperatingTimes: Microsoft's getAgentAvailability fields: UTC times,
// 01-01-0001 for what does not apply or is not known.
func TestOperatingTimes(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	weekdays := [7]bool{false, true, true, true, true, true, false}
	open := &Hours{Zone: "Europe/Paris", Windows: []hours.Window{{Days: weekdays, Open: 9 * 60, Close: 17*60 + 30}}}
	fri := func(h, m int) time.Time { return time.Date(2026, 11, 20, h, m, 0, 0, paris) }
	tests := []struct {
		name             string
		h                *Hours
		at               time.Time
		start, end, next string
	}{
		{"open", open, fri(10, 15), unknownTime, unknownTime, "2026-11-20T16:30:00Z"},
		{"closed before opening", open, fri(7, 59), "2026-11-20T08:00:00Z", "2026-11-20T16:30:00Z", "2026-11-20T08:00:00Z"},
		{"closed for the weekend", open, fri(18, 0), "2026-11-23T08:00:00Z", "2026-11-23T16:30:00Z", "2026-11-23T08:00:00Z"},
		{"never open", &Hours{Zone: "UTC"}, fri(10, 0), unknownTime, unknownTime, unknownTime},
		{"always open", nil, fri(10, 0), unknownTime, unknownTime, unknownTime},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := availability{IsQueueAvailable: openAt(tt.h, tt.at)}
			a.operatingTimes(tt.h, tt.at)
			got := [3]string{a.StartNext, a.EndNext, a.Transition}
			if want := [3]string{tt.start, tt.end, tt.next}; got != want {
				t.Errorf("start, end, next transition = %q, want %q", got, want)
			}
		})
	}
}
