package rules_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var t0 = instant.Date(2026, 11, 21, 9, 0, 0, 0)

func page(path, referrer string, query map[string]string) rules.Page {
	return rules.Page{URL: "https://shop.example" + path, Path: path, Referrer: referrer, Query: query}
}

// roundTrip stores j as the browser does: Tree, JSON, back.
func roundTrip(t *testing.T, j rules.Journey) rules.Journey {
	t.Helper()
	b, err := json.Marshal(j.Tree())
	require.NoError(t, err)
	var tree any
	require.NoError(t, json.Unmarshal(b, &tree))
	return rules.JourneyFromTree(tree)
}

func TestJourneyAcrossPageLoads(t *testing.T) {
	// First page of a first visit, from a search engine with UTM tags.
	v := rules.Resume(rules.Journey{}, page("/", "https://www.google.com/", map[string]string{"utm_campaign": "winter", "q": "x"}), false, t0)
	assert.Equal(t, 1, v.VisitCount)
	assert.Equal(t, 1, v.PageCount)
	assert.True(t, v.LastVisit.IsZero())
	assert.Equal(t, map[string]string{"campaign": "winter"}, v.UTM)

	// Next page 2 minutes later: same visit, entry and UTM kept.
	j := roundTrip(t, v.Journey(t0.Add(2*instant.Minute)))
	v = rules.Resume(j, page("/pricing", "https://shop.example/", nil), false, t0.Add(2*instant.Minute))
	assert.Equal(t, 1, v.VisitCount)
	assert.Equal(t, 2, v.PageCount)
	assert.Equal(t, "https://www.google.com/", v.Entry)
	assert.Equal(t, map[string]string{"campaign": "winter"}, v.UTM)
	assert.Equal(t, t0, v.SessionStart)
	require.Len(t, v.Pages, 2)
	assert.Equal(t, "/pricing", v.Pages[1].Path)

	// Back the next day: a new visit, returning, last visit known.
	j = roundTrip(t, v.Journey(t0.Add(3*instant.Minute)))
	next := t0.Add(26 * instant.Hour)
	v = rules.Resume(j, page("/", "", nil), false, next)
	assert.Equal(t, 2, v.VisitCount)
	assert.Equal(t, t0, v.LastVisit)
	assert.Equal(t, 1, v.PageCount)
	assert.Equal(t, "", v.Entry)
	assert.Nil(t, v.UTM)
	assert.Equal(t, next, v.SessionStart)
}

func TestJourneySessionTimeout(t *testing.T) {
	v := rules.Resume(rules.Journey{}, page("/", "", nil), false, t0)
	j := v.Journey(t0)
	tests := []struct {
		name   string
		after  instant.Duration
		visits int
	}{
		{"within the timeout", rules.SessionTimeout, 1},
		{"past the timeout", rules.SessionTimeout + instant.Second, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := rules.Resume(j, page("/a", "", nil), false, t0.Add(tt.after))
			assert.Equal(t, tt.visits, got.VisitCount)
		})
	}
}

func TestJourneyKeepsEngagedSiteTime(t *testing.T) {
	v := rules.Resume(rules.Journey{}, page("/", "", nil), false, t0)
	v.Touch(t0.Add(10 * instant.Second))
	j := roundTrip(t, v.Journey(t0.Add(10*instant.Second)))
	assert.Equal(t, 10*instant.Second, j.EngagedSite)
	v = rules.Resume(j, page("/b", "", nil), false, t0.Add(11*instant.Second))
	assert.Equal(t, 10*instant.Second, v.Engaged.Site)
	assert.Zero(t, v.Engaged.Page)
}

func TestJourneyFromDamagedTree(t *testing.T) {
	for _, tree := range []any{nil, "x", 3.0, []any{1.0}, map[string]any{"visits": "many", "pages": "no", "visitStart": -5.0}} {
		j := rules.JourneyFromTree(tree)
		assert.Zero(t, j.Visits)
		assert.True(t, j.VisitStart.IsZero())
		assert.Empty(t, j.Pages)
	}
}

// TestJourneyKeepsTitles: each page view keeps its title, cut to
// MaxTitleLength characters, across page loads; a stored journey from
// before titles (or with a title of another type) reads as none.
func TestJourneyKeepsTitles(t *testing.T) {
	p := page("/", "", nil)
	p.Title = "Home"
	v := rules.Resume(rules.Journey{}, p, false, t0)
	long := page("/long", "", nil)
	long.Title = strings.Repeat("é", rules.MaxTitleLength+5)
	v = rules.Resume(roundTrip(t, v.Journey(t0.Add(instant.Minute))), long, false, t0.Add(instant.Minute))
	j := roundTrip(t, v.Journey(t0.Add(2*instant.Minute)))
	require.Len(t, j.Pages, 2)
	assert.Equal(t, "Home", j.Pages[0].Title)
	assert.Equal(t, strings.Repeat("é", rules.MaxTitleLength), j.Pages[1].Title)

	old := rules.JourneyFromTree(map[string]any{"visitStart": 1.0, "pages": []any{
		map[string]any{"path": "/a", "at": 1.0}, map[string]any{"path": "/b", "at": 2.0, "title": 3.0}}})
	require.Len(t, old.Pages, 2)
	assert.Equal(t, "", old.Pages[0].Title)
	assert.Equal(t, "", old.Pages[1].Title)
}
