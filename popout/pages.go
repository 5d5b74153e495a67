package popout

import (
	"math"
	"unicode/utf8"

	"github.com/lcwasm/lcwasm/chat"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/internal/jstree"
	"github.com/lcwasm/lcwasm/internal/runes"
)

// The opener's session pages travel to the pop-out inside the browser, in
// the "pages" of its page context, and leave it only in the pop-out's
// start frame, as they would in the page's own: the pop-out opens, and
// asks, only once the visitor accepted the chat.

// Pages is the "pages" of the opener's page context: the session's page
// views as the page's own chat would send them (chat.Details.Pages),
// oldest first, the newest [chat.MaxPages] with path and title cut to
// [chat.MaxPathLength] and [chat.MaxTitleLength] characters, each
// {path, title, startMs} with its start in milliseconds since the epoch
// (both windows share the clock: the pop-out's chat counts the time on
// the last one up to its own start). Nil for none.
func Pages(views []chat.PageView) []any {
	if len(views) == 0 {
		return nil
	}
	views = views[max(0, len(views)-chat.MaxPages):]
	out := make([]any, len(views))
	for i, v := range views {
		out[i] = map[string]any{
			"path": runes.Prefix(v.Path, chat.MaxPathLength), "title": runes.Prefix(v.Title, chat.MaxTitleLength),
			"startMs": float64(v.Start.UnixMilli()),
		}
	}
	return out
}

// ReadPages reads the "pages" of an opener's page context, as [Pages]
// made them, with the same budgets: at most [chat.MaxPages] views, paths
// and titles within their lengths, starts whole milliseconds from 0 in
// order. Nothing (undefined or absent: an opener that sent none) is no
// pages. Anything else is no pages and [WrongPages]: not the widget's
// opener, whose chat would carry what it made up.
func ReadPages(v any) (views []chat.PageView, problem string) {
	if v == nil || v == (jstree.Undefined{}) {
		return nil, ""
	}
	list, ok := v.([]any)
	ok = ok && len(list) <= chat.MaxPages
	for i := 0; ok && i < len(list); i++ {
		var view chat.PageView
		if view, ok = readPage(list[i]); ok && (i == 0 || !view.Start.Before(views[i-1].Start)) {
			views = append(views, view)
		} else {
			ok = false
		}
	}
	if !ok {
		return nil, WrongPages
	}
	return views, ""
}

// WrongPages is the problem of pages that [Pages] did not make.
const WrongPages = "popout: the page that opened this chat window sent its pages in the wrong shape " +
	"(at most 20 of {path, title, startMs}, 200 and 100 characters, in order); the chat carries none of them"

// readPage reads one {path, title, startMs}.
func readPage(e any) (chat.PageView, bool) {
	m, _ := e.(map[string]any)
	path, okPath := m["path"].(string)
	title, okTitle := m["title"].(string)
	ms, okStart := m["startMs"].(float64)
	ok := okPath && okTitle && okStart && utf8.RuneCountInString(path) <= chat.MaxPathLength &&
		utf8.RuneCountInString(title) <= chat.MaxTitleLength && ms >= 0 && ms <= maxStartMs && ms == math.Trunc(ms)
	return chat.PageView{Path: path, Title: title, Start: instant.UnixMilli(int64(ms))}, ok
}

// maxStartMs is the latest start read, in the year 2255: later ones would
// not fit instant's nanoseconds.
const maxStartMs = 1 << 53 / 1000
