package admin

import (
	"net/http"
	"slices"

	"github.com/lcwasm/lcwasm/widget"
)

// phraseJSON is one text of the widget, as the texts form lists it.
type phraseJSON struct {
	Key     string `json:"key"`
	English string `json:"english"`
}

// texts handles GET /admin/api/texts: what the texts form is generated
// from, the languages the widget ships and every phrase with its English
// text (widget.Languages, widget.English), so a new phrase or language
// reaches the console with no change to it.
func (c *Console) texts(w http.ResponseWriter, _ *http.Request, _ string) {
	phrases := []phraseJSON{}
	for p, en := range widget.English {
		phrases = append(phrases, phraseJSON{Key: string(p), English: en})
	}
	slices.SortFunc(phrases, func(a, b phraseJSON) int {
		switch {
		case a.Key < b.Key:
			return -1
		case a.Key > b.Key:
			return 1
		}
		return 0
	})
	writeJSON(w, http.StatusOK, map[string]any{"languages": widget.Languages, "phrases": phrases})
}
