package rules

import (
	"slices"
	"testing"

	"github.com/lcwasm/lcwasm/internal/instant"
)

// TestThirdLoadOfThisPage: Microsoft's scenario 2 counts loads of a page
// with a cookie. A visit (visitCount) is a session, so three reloads in a
// minute stay visit 1; the loads of one page in this session are a
// journey whose steps are that page three times.
func TestThirdLoadOfThisPage(t *testing.T) {
	set := mustDecode(t, `{"rules": [
		{"id": "third-load", "conditions": [{"journey": {"steps": [
			{"equals": "/surface"}, {"equals": "/surface"}, {"equals": "/surface"}]}}]},
		{"id": "third-visit", "conditions": [{"visitCount": {"min": 3}}]}]}`)
	var j Journey
	var fired []string
	for i, path := range []string{"/surface", "/other", "/surface", "/surface"} {
		now := t0.Add(instant.Duration(i) * 20 * instant.Second)
		v := Resume(j, Page{Path: path}, false, now)
		if v.VisitCount != 1 {
			t.Fatalf("load %d: visitCount %d, want 1: reloads within SessionTimeout are one visit", i+1, v.VisitCount)
		}
		fired = append(fired, NewEngine(set, History{}).Evaluate(&v, now).Rule)
		j = v.Journey(now)
	}
	if want := []string{"", "", "", "third-load"}; !slices.Equal(fired, want) {
		t.Errorf("fired %q, want %q", fired, want)
	}
}
