package widget

import (
	"strings"
	"unicode/utf8"
)

// MaxRatingComment is the longest post-chat comment, in characters (the
// server refuses longer ones).
const MaxRatingComment = 1000

// Rating is the visitor's answers to the post-chat survey: thumbs up or
// down (unless Unrated: the survey asks none), an optional comment, and
// the answers to the survey's other questions (PostChat.Fields).
type Rating struct {
	Good    bool
	Unrated bool
	Comment string
	Answers []Answer
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

// Rate is the visitor sending the post-chat survey of the conversation
// that ended in the pane: choose is false when no thumb was chosen,
// values are the answers to the survey's fields by name. With problems
// the form says what to fix. It reports whether the answers went to the
// service.
func (w *Widget) Rate(choose bool, r Rating, values map[string]string) bool {
	rater, ok := w.d.Chat.(Rater)
	pc := w.cfg.PostChat
	if w.phase != Chatting || !w.live || !ok || w.d.Chat.Running() || w.rating || !pc.Asks() {
		return false
	}
	if !choose && !pc.NoRating {
		w.d.View.Rated("", w.cfg.Lang.Say(PhraseRateChoose))
		return false
	}
	problems := w.cfg.Lang.ValidatePrechat(pc.Fields, values)
	w.d.View.PrechatProblems(problems)
	if len(problems) > 0 {
		return false
	}
	r.Answers = Answers(pc.Fields, values)
	r.Unrated = pc.NoRating
	if r.Unrated {
		r.Good = false
	}
	if pc.NoComment {
		r.Comment = ""
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
