package widget

import (
	"strconv"
	"strings"

	"github.com/lcwasm/lcwasm/chat"
	"github.com/lcwasm/lcwasm/internal/wire"
)

// FilePicker is an optional part of a Node: a file input, which opens
// the browser's file chooser and tells what the visitor picked.
type FilePicker interface {
	// Pick opens the chooser; browsers allow it only while handling the
	// visitor's click or key press.
	Pick()
	// Files are the files picked; the input forgets them, so picking
	// the same file again is a new pick.
	Files() []File
}

// attachControls puts the attach button and its hidden file input in the
// send box, when the widget takes files: a labelled 44 px button, reached
// with Tab like the others, opening the chooser on Enter or Space.
func (v *DOMView) attachControls(form Node, files Attachments) {
	if !files.Enabled() {
		return
	}
	l := v.conv
	l.files = files
	l.file = v.el("input", "type", "file", "id", "oc-lcw-chat-file", "accept", files.Accept(), "hidden", "", "tabindex", "-1")
	l.file.On("change", v.picked)
	l.attach = v.el("button", "type", "button", "id", "oc-lcw-chat-attach", "class", "lcw-attach",
		"aria-label", v.say(PhraseAttach), "title", v.say(PhraseAttach), "aria-describedby", "oc-lcw-chat-problem")
	v.appendIcon(l.attach, iconPaperclip, iconTilt, "22")
	l.attach.On("click", func() {
		if p, ok := l.file.(FilePicker); ok {
			p.Pick()
		}
	})
	form.Append(l.file)
	form.Append(l.attach)
}

// picked is the visitor choosing files in the chooser.
func (v *DOMView) picked() {
	p, ok := v.conv.file.(FilePicker)
	if !ok {
		return
	}
	for _, f := range p.Files() {
		v.Upload(f)
	}
}

// Upload sends f, showing its progress below the messages with a
// button that cancels it; a refusal, a failure or a cancel says so in
// the send box's problem line, in the visitor's language. The file
// shows as a message once the service has it (its message frame), so
// the progress line goes when the upload ends.
func (v *DOMView) Upload(f File) {
	l := v.conv
	if l == nil {
		return
	}
	l.problem.SetText("")
	label := v.say(PhraseFileSending, "name", f.Name)
	row := v.el("div", "class", "lcw-msg lcw-msg-visitor lcw-upload", "data-state", "pending")
	row.Append(v.text("p", f.Name, "class", "lcw-msg-text"))
	bar := v.el("progress", "class", "lcw-progress", "max", strconv.FormatInt(max(f.Size, 1), 10), "value", "0", "aria-label", label)
	row.Append(bar)
	stop := v.text("button", v.say(PhraseConfirmNo), "type", "button", "class", "lcw-secondary lcw-upload-cancel",
		"aria-label", v.say(PhraseFileCancel, "name", f.Name))
	row.Append(stop)
	l.uploads = append(l.uploads, row)
	l.pin.Jump()
	v.keepLast()
	v.added()
	progress := func(sent, total int64) {
		bar.SetAttr("max", strconv.FormatInt(max(total, 1), 10))
		bar.SetAttr("value", strconv.FormatInt(sent, 10))
	}
	cancel := v.act.Attach(f, progress, func(code string) {
		row.Remove()
		l.uploads = removeNode(l.uploads, row)
		if code != "" {
			text := v.refusal(code)
			v.sentenceName(l.problem, text, f.Name)
			v.Announce(strings.ReplaceAll(text, "{name}", f.Name))
		}
		v.follow()
	})
	stop.On("click", func() {
		if l.attach != nil {
			l.attach.Focus() // the button goes with its row: focus stays in the send box
		}
		cancel()
	})
}

// refusal is the phrase of a refused file, its {name} left for
// sentenceName.
func (v *DOMView) refusal(code string) string {
	files := v.conv.files
	switch code {
	case wire.AttachTooBig:
		return v.say(PhraseFileTooBig, "max", Size(files.Max()))
	case wire.AttachType:
		return v.say(PhraseFileType, "types", files.TypeList())
	case wire.AttachFull:
		return v.say(PhraseFilesFull)
	case AttachCancelled:
		return v.say(PhraseFileCancelled)
	}
	return v.say(PhraseFileFailed)
}

// sentenceName fills n with text, its {name} an isolated <bdi> holding
// name (see sentenceWith).
func (v *DOMView) sentenceName(n Node, text, name string) {
	n.SetText("")
	before, after, ok := strings.Cut(text, "{name}")
	if !ok {
		n.SetText(text)
		return
	}
	if before != "" {
		n.Append(v.text("span", before))
	}
	n.Append(v.text("bdi", name))
	if after != "" {
		n.Append(v.text("span", after))
	}
}

// attachmentBody is what a file message shows: an image as a thumbnail
// (its name the alternative text), any other file as a button that
// downloads it, with its size.
func (v *DOMView) attachmentBody(a chat.Attachment) Node {
	if IsImage(a.Type) {
		img := v.el("img", "class", "lcw-image", "alt", a.Name, "title", a.Name)
		img.On("load", v.follow)
		v.preview(a, img)
		return img
	}
	b := v.el("button", "type", "button", "class", "lcw-file", "data-attachment", a.ID)
	v.sentenceName(b, v.say(PhraseFileDownload), a.Name)
	b.Append(v.text("span", " ("+Size(a.Size)+")", "class", "lcw-file-size"))
	b.On("click", func() { v.act.Save(a) })
	return b
}

// preview gives img the URL of attachment a: fetched once per
// attachment, shared by every line that shows it.
func (v *DOMView) preview(a chat.Attachment, img Node) {
	l := v.conv
	if url, ok := l.previews[a.ID]; ok {
		if url != "" {
			img.SetAttr("src", url)
		} else {
			l.waiting[a.ID] = append(l.waiting[a.ID], img)
		}
		return
	}
	l.previews[a.ID] = ""
	l.waiting[a.ID] = []Node{img}
	v.act.Preview(a, func(url string) {
		if url == "" {
			delete(l.previews, a.ID) // the next line showing it tries again
		} else {
			l.previews[a.ID] = url
		}
		for _, n := range l.waiting[a.ID] {
			if url != "" {
				n.SetAttr("src", url)
			}
		}
		delete(l.waiting, a.ID)
	})
}

func removeNode(list []Node, n Node) []Node {
	for i, x := range list {
		if x == n {
			return append(list[:i], list[i+1:]...)
		}
	}
	return list
}
