package widget

import (
	"strconv"
	"strings"
)

// afterChat puts, where the send box was, the post-chat survey (by
// default two toggle thumbs and an optional comment; see PostChat) and
// the transcript download.
func (v *DOMView) afterChat() {
	l := v.conv
	l.form.SetAttr("class", "lcw-sendbox lcw-hidden")
	after := v.el("div", "id", "oc-lcw-chat-after", "class", "lcw-after")
	if v.post.Asks() {
		after.Append(v.survey(v.post))
	}
	if _, ok := v.doc.(Downloader); ok {
		dl := v.text("button", v.say(PhraseDownload), "id", "oc-lcw-chat-download", "class", "lcw-secondary lcw-download", "type", "button")
		dl.On("click", v.download)
		after.Append(dl)
	}
	l.body.Append(after)
	l.after = after
	v.follow() // the transcript lost room: its end stays in view
}

// survey is the post-chat form of p.
func (v *DOMView) survey(p PostChat) Node {
	l := v.conv
	form := v.el("form", "id", "oc-lcw-chat-rating", "class", "lcw-rating", "novalidate", "",
		"aria-labelledby", "oc-lcw-chat-rating-question")
	form.Append(v.text("p", v.say(PhraseRateQuestion), "id", "oc-lcw-chat-rating-question", "class", "lcw-rating-question"))
	if !p.NoRating {
		choices := v.el("div", "class", "lcw-rating-choices", "role", "group", "aria-labelledby", "oc-lcw-chat-rating-question")
		good := v.thumbButton("oc-lcw-chat-rate-good", "", PhraseRateGood)
		bad := v.thumbButton("oc-lcw-chat-rate-bad", iconTurn, PhraseRateBad)
		good.On("click", func() { v.choose(1, good, bad) })
		bad.On("click", func() { v.choose(-1, good, bad) })
		choices.Append(good)
		choices.Append(bad)
		form.Append(choices)
	}
	// With a rating, the rest shows once a thumb is chosen: until then the
	// rating takes two lines, and the end notice above keeps its room.
	class := "lcw-rating-more"
	if !p.NoRating {
		class += " lcw-hidden"
	}
	more := v.el("div", "id", "oc-lcw-chat-rating-more", "class", class)
	var comment Node
	if !p.NoComment {
		more.Append(v.text("label", v.say(PhraseRateComment), "for", "oc-lcw-chat-rating-comment", "class", "lcw-rating-label"))
		comment = v.el("textarea", "id", "oc-lcw-chat-rating-comment", "rows", "2", "maxlength", strconv.Itoa(MaxRatingComment))
		more.Append(comment)
	}
	v.inputs = nil
	for i, f := range p.Fields {
		more.Append(v.fieldAs("oc-lcw-chat-survey-field-", i, f))
	}
	more.Append(v.text("button", v.say(PhraseRateSend), "id", "oc-lcw-chat-rating-send", "class", "lcw-primary", "type", "submit"))
	l.rateMore = more
	form.Append(more)
	l.rateNote = v.el("p", "id", "oc-lcw-chat-rating-result", "class", "lcw-error", "role", "status")
	form.Append(l.rateNote)
	form.On("submit", func() {
		r := Rating{Good: l.thumb > 0}
		if comment != nil {
			r.Comment = comment.Value()
		}
		values := map[string]string{}
		for _, in := range v.inputs {
			values[in.name] = in.control.Value()
		}
		v.act.Rate(l.thumb != 0, r, values)
	})
	return form
}

// thumbButton is a toggle button showing a thumb, up or turned down,
// and its word, which is its name.
func (v *DOMView) thumbButton(id, turn string, word Phrase) Node {
	b := v.el("button", "id", id, "class", "lcw-thumb", "type", "button", "aria-pressed", "false")
	v.appendIcon(b, iconThumb, turn, "20")
	b.Append(v.text("span", v.say(word)))
	return b
}

// choose presses one thumb and releases the other.
func (v *DOMView) choose(thumb int, good, bad Node) {
	v.conv.thumb = thumb
	v.conv.rateMore.SetAttr("class", "lcw-rating-more")
	v.follow() // the transcript lost room
	good.SetAttr("aria-pressed", boolAttr(thumb > 0))
	bad.SetAttr("aria-pressed", boolAttr(thumb < 0))
	v.conv.rateNote.SetText("")
}

func boolAttr(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// Rated replaces the rating form by its thanks, or says why it did not
// go.
func (v *DOMView) Rated(thanks, problem string) {
	l := v.conv
	if l == nil || l.after == nil {
		return
	}
	if problem != "" {
		l.rateNote.SetText(problem)
		return
	}
	done := v.text("p", thanks, "id", "oc-lcw-chat-rating-thanks", "class", "lcw-notice", "role", "status", "tabindex", "-1")
	l.after.SetText("")
	v.inputs = nil
	l.after.Append(done)
	v.follow()
	if _, ok := v.doc.(Downloader); ok {
		dl := v.text("button", v.say(PhraseDownload), "id", "oc-lcw-chat-download", "class", "lcw-secondary lcw-download", "type", "button")
		dl.On("click", v.download)
		l.after.Append(dl)
	}
	done.Focus()
}

// download hands the visitor the conversation as a text file.
func (v *DOMView) download() {
	d, ok := v.doc.(Downloader)
	if !ok || v.conv == nil {
		return
	}
	if err := d.Download("chat-transcript.txt", v.TranscriptText()); err != nil {
		v.conv.rateNote.SetText(v.say(PhraseNotSent))
	}
}

// TranscriptText is the conversation in the pane as plain text: a title,
// then one line per message, "[time] who: text", the visitor's own
// conversation only (what this pane shows), in the visitor's language.
func (v *DOMView) TranscriptText() string {
	l := v.conv
	if l == nil {
		return ""
	}
	t, timed := v.doc.(Times)
	var b strings.Builder
	b.WriteString(v.say(PhraseTranscript))
	if len(l.order) > 0 && timed {
		if at := l.lines[l.order[0]].m.At; at != 0 {
			b.WriteString(" — " + t.LongTime(at))
		}
	}
	b.WriteString("\n\n")
	if l.invitation != "" {
		b.WriteString(v.say(PhraseInviteLabel) + ": " + l.invitation + "\n")
	}
	for _, k := range l.order {
		m := l.lines[k].m
		if timed && m.At != 0 {
			b.WriteString("[" + t.ShortTime(m.At) + "] ")
		}
		switch m.From {
		case "visitor":
			b.WriteString(v.say(PhraseYou) + ": ")
		case "agent":
			name := m.Name
			if name == "" {
				name = l.agent
			}
			b.WriteString(name + ": ")
		}
		b.WriteString(strings.ReplaceAll(m.Text, "\n", "\n    ") + "\n")
	}
	if l.endedText != "" {
		b.WriteString(l.endedText + "\n")
	}
	return b.String()
}
