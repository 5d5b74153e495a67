package widget

import (
	"strconv"
	"strings"

	"github.com/lcwasm/lcwasm/chat"
	"github.com/lcwasm/lcwasm/internal/strconvlite"
	"github.com/lcwasm/lcwasm/internal/wire"
)

// Attachments is a widget's "attachments" configuration: whether the
// visitor may attach files, which types and how big. The zero value is
// the default: on, images (PNG, JPEG, GIF, WebP) and PDF, up to 10 MiB,
// the most the server takes. A configuration can only narrow it.
type Attachments struct {
	Off      bool     // "enabled": false, or "types": []
	Types    []string // nil: AttachmentTypes
	MaxBytes int64    // 0: wire.MaxAttachmentBytes
}

// AttachmentTypes are the types the server takes, in the order the
// visitor is told them.
var AttachmentTypes = []string{wire.TypePNG, wire.TypeJPEG, wire.TypeGIF, wire.TypeWebP, wire.TypePDF}

// Allowed is the list of types a visitor may attach.
func (a Attachments) Allowed() []string {
	if a.Types == nil {
		return AttachmentTypes
	}
	return a.Types
}

// Max is the size limit in bytes.
func (a Attachments) Max() int64 {
	if a.MaxBytes <= 0 || a.MaxBytes > wire.MaxAttachmentBytes {
		return wire.MaxAttachmentBytes
	}
	return a.MaxBytes
}

// Enabled reports whether the composer offers to attach a file.
func (a Attachments) Enabled() bool { return !a.Off && len(a.Allowed()) > 0 }

// Accept is the file input's accept attribute.
func (a Attachments) Accept() string { return strings.Join(a.Allowed(), ",") }

// Refuse is the code of the reason a file may not be attached (the
// server's: wire.AttachTooBig, wire.AttachType), "" when it may. typ is
// what the browser says of the file; the server checks its bytes again.
func (a Attachments) Refuse(f File) string {
	switch {
	case !contains(a.Allowed(), f.Type):
		return wire.AttachType
	case f.Size > a.Max():
		return wire.AttachTooBig
	}
	return ""
}

// File is a file the visitor picked: its name, its type and size as the
// browser says them, and the browser's handle to it, which only the
// bridge reads.
type File struct {
	Name   string
	Type   string
	Size   int64
	Handle any
}

// IsImage reports whether a file of type typ shows as a thumbnail.
func IsImage(typ string) bool { return strings.HasPrefix(typ, "image/") }

// Size writes n bytes for people, in units of 1024 as most systems
// show file sizes: "850 B", "12 KB", "3.4 MB", "10 MB".
func Size(n int64) string {
	switch {
	case n < 1024:
		return strconv.FormatInt(n, 10) + " B"
	case n < 1<<20:
		return strconv.FormatInt((n+1023)>>10, 10) + " KB"
	}
	tenths := (n*10 + 1<<20 - 1) >> 20
	if tenths >= 100 || tenths%10 == 0 {
		return strconv.FormatInt((tenths+9)/10, 10) + " MB"
	}
	return strconv.FormatInt(tenths/10, 10) + "." + strconv.FormatInt(tenths%10, 10) + " MB"
}

// typeNames are the allowed types as a visitor knows them.
var typeNames = map[string]string{wire.TypePNG: "PNG", wire.TypeJPEG: "JPEG", wire.TypeGIF: "GIF", wire.TypeWebP: "WebP", wire.TypePDF: "PDF"}

// TypeList names the allowed types for a visitor: "PNG, JPEG, PDF".
func (a Attachments) TypeList() string {
	names := make([]string, 0, len(a.Allowed()))
	for _, t := range a.Allowed() {
		names = append(names, typeNames[t])
	}
	return strings.Join(names, ", ")
}

// decodeAttachments reads "attachments": {"enabled", "types", "maxBytes"}.
// "types": [] turns attachments off, unless "enabled" is true: then it is
// a mistake (the site console's form writes that when no type is ticked).
func decodeAttachments(f field) Attachments {
	var a Attachments
	if !f.Object("enabled", "types", "maxBytes") {
		return a
	}
	enabled := f.Get("enabled")
	a.Off = !enabled.Bool(true)
	if t := f.Get("types"); !absent(t.V) {
		a.Types = []string{}
		n := t.List()
		if n == 0 && enabled.V == true {
			t.Report(`want at least one type while "enabled" is true (or "enabled": false to take no files)`)
		}
		for i := range n {
			item := t.Index(i)
			s := item.Str("")
			if !contains(AttachmentTypes, s) {
				item.Report("want one of " + strings.Join(AttachmentTypes, ", ") + ", got " + strconvlite.Quote(s))
				continue
			}
			if !contains(a.Types, s) {
				a.Types = append(a.Types, s)
			}
		}
	}
	a.MaxBytes = int64(f.Get("maxBytes").Number(0, 1, wire.MaxAttachmentBytes))
	return a
}

// The codes of an upload's end that are the widget's own, not the
// service's (see package wire for those).
const (
	AttachFailed    = "failed"    // no answer came
	AttachCancelled = "cancelled" // the visitor cancelled it
)

// Attach is the visitor attaching f in the chat pane: refused at once
// (done with the code) when no chat runs or the widget's attachments do
// not allow it, else sent by the conversation. While it is on its way
// the page asks before the visitor leaves it (Deps.Leave); cancel stops
// it (done then hears AttachCancelled).
func (w *Widget) Attach(f File, progress func(sent, total int64), done func(code string)) (cancel func()) {
	switch {
	case !w.live || w.d.Chat == nil || !w.cfg.Attachments.Enabled():
		done(wire.AttachEnded)
	case w.cfg.Attachments.Refuse(f) != "":
		done(w.cfg.Attachments.Refuse(f))
	default:
		w.uploading(+1)
		ended := false
		return w.d.Chat.Attach(f, progress, func(code string) {
			if ended { // an upload ends once, whatever the conversation says
				return
			}
			ended = true
			w.uploading(-1)
			done(code)
		})
	}
	return func() {}
}

// Uploads is how many files are on their way to the chat service.
func (w *Widget) Uploads() int { return w.uploads }

// uploading counts an upload starting (+1) or ending (-1); the first to
// start and the last to end turn the page's question on and off.
func (w *Widget) uploading(delta int) {
	w.uploads += delta
	if w.d.Leave == nil {
		return
	}
	switch {
	case delta > 0 && w.uploads == 1:
		w.d.Leave.AskBeforeLeaving(true)
	case delta < 0 && w.uploads == 0:
		w.d.Leave.AskBeforeLeaving(false)
	}
}

// Preview fetches an attachment of the conversation for the pane.
func (w *Widget) Preview(a chat.Attachment, then func(url string)) {
	if w.d.Chat == nil {
		then("")
		return
	}
	w.d.Chat.Fetch(a, then)
}

// Save downloads an attachment of the conversation for the visitor.
func (w *Widget) Save(a chat.Attachment) {
	if w.d.Chat != nil {
		w.d.Chat.Save(a)
	}
}
