package widget

import (
	"strings"
	"unicode/utf8"
)

// MaxRatingComment is the longest post-chat comment, in characters (the
// server refuses longer ones).
const MaxRatingComment = 1000

// Rating is the visitor's post-chat rating: thumbs up or down, and an
// optional comment.
type Rating struct {
	Good    bool
	Comment string
}

// Rater is an optional part of a Conversation: it sends the rating of the
// conversation that just ended to the service, and answers through then,
// once (inside the call when it cannot even try).
type Rater interface {
	Rate(r Rating, then func(err error))
}

// Downloader is an optional part of a Document: it hands the visitor a
// text file made in the browser (a Blob), named name.
type Downloader interface {
	Download(name, text string) error
}

// Rate is the visitor sending the post-chat rating of the conversation
// that ended in the pane: choose is false when no thumb was chosen. It
// reports whether the rating went to the service.
func (w *Widget) Rate(choose bool, r Rating) bool {
	rater, ok := w.d.Chat.(Rater)
	if w.phase != Chatting || !w.live || !ok || w.d.Chat.Running() || w.rating {
		return false
	}
	if !choose {
		w.d.View.Rated("", w.cfg.Lang.Say(PhraseRateChoose))
		return false
	}
	r.Comment = strings.TrimSpace(r.Comment)
	if utf8.RuneCountInString(r.Comment) > MaxRatingComment {
		r.Comment = string([]rune(r.Comment)[:MaxRatingComment])
	}
	w.rating = true
	rater.Rate(r, func(err error) {
		w.rating = false
		if err != nil {
			w.d.Log.Error("lcwasm: the rating could not be sent: " + err.Error())
			w.d.View.Rated("", w.cfg.Lang.Say(PhraseRateFailed))
			return
		}
		w.d.View.Rated(w.cfg.Lang.Say(PhraseRateThanks), "")
	})
	return true
}
