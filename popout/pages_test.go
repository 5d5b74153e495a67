package popout_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/lcwasm/lcwasm/chat"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/internal/jstree"
	"github.com/lcwasm/lcwasm/popout"
	"github.com/stretchr/testify/assert"
)

func view(i int) chat.PageView {
	return chat.PageView{Path: "/p" + string(rune('a'+i)), Title: "Page", Start: t0.Add(instant.Duration(i) * instant.Second)}
}

// TestPagesRoundTrip: what the opener sends is what the pop-out reads,
// the newest MaxPages with paths and titles cut as the chat cuts them.
func TestPagesRoundTrip(t *testing.T) {
	var views []chat.PageView
	for i := range chat.MaxPages + 5 {
		views = append(views, view(i))
	}
	views[len(views)-1].Path = "/" + strings.Repeat("é", chat.MaxPathLength+10)
	views[len(views)-1].Title = strings.Repeat("t", chat.MaxTitleLength+1)
	got, problem := popout.ReadPages(popout.Pages(views))
	assert.Empty(t, problem)
	want := append([]chat.PageView(nil), views[5:]...)
	want[len(want)-1].Path = "/" + strings.Repeat("é", chat.MaxPathLength-1)
	want[len(want)-1].Title = strings.Repeat("t", chat.MaxTitleLength)
	assert.Equal(t, want, got)
	assert.Nil(t, popout.Pages(nil), "no pages, none sent")
}

// TestReadPagesRefusesWhatTheOpenerDoesNotSend: budgets and shapes as
// chat's; a wrong list carries none of its pages, and says so.
func TestReadPagesRefusesWhatTheOpenerDoesNotSend(t *testing.T) {
	ms := float64(t0.UnixMilli())
	page := func(path, title string, start any) map[string]any {
		return map[string]any{"path": path, "title": title, "startMs": start}
	}
	tooMany := make([]any, chat.MaxPages+1)
	for i := range tooMany {
		tooMany[i] = page("/a", "A", ms+float64(i))
	}
	tests := []struct {
		name  string
		in    any
		wrong bool // the problem is popout.WrongPages
	}{
		{name: "absent", in: nil},
		{name: "undefined", in: jstree.Undefined{}},
		{name: "not a list", in: map[string]any{}, wrong: true},
		{name: "too many", in: tooMany, wrong: true},
		{name: "not an object", in: []any{"/a"}, wrong: true},
		{name: "no path", in: []any{map[string]any{"title": "A", "startMs": ms}}, wrong: true},
		{name: "path too long", in: []any{page(strings.Repeat("a", chat.MaxPathLength+1), "A", ms)}, wrong: true},
		{name: "title too long", in: []any{page("/a", strings.Repeat("a", chat.MaxTitleLength+1), ms)}, wrong: true},
		{name: "title not a string", in: []any{map[string]any{"path": "/a", "title": 1.0, "startMs": ms}}, wrong: true},
		{name: "start a string", in: []any{page("/a", "A", "1")}, wrong: true},
		{name: "start negative", in: []any{page("/a", "A", -1.0)}, wrong: true},
		{name: "start fractional", in: []any{page("/a", "A", ms+0.5)}, wrong: true},
		{name: "start too late", in: []any{page("/a", "A", 1e300)}, wrong: true},
		{name: "out of order", in: []any{page("/a", "A", ms), page("/b", "B", ms-1)}, wrong: true},
	}
	for _, n := range []int{chat.MaxPages, chat.MaxPathLength, chat.MaxTitleLength} {
		assert.Contains(t, popout.WrongPages, " "+strconv.Itoa(n)+" ", "the problem states the budgets")
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, problem := popout.ReadPages(tt.in)
			assert.Nil(t, got)
			if !tt.wrong {
				assert.Empty(t, problem)
				return
			}
			assert.Equal(t, popout.WrongPages, problem)
		})
	}
}
