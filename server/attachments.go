package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/lcwasm/lcwasm/internal/wire"
	"github.com/lcwasm/lcwasm/server/chat"
	"github.com/lcwasm/lcwasm/server/store"
	"github.com/lcwasm/lcwasm/widget"
)

// Attachment limits (docs/server.md); the store caps the count and
// bytes per conversation and in all, a widget's "attachments" may allow
// fewer types and less.
const (
	maxAttachmentBytes = wire.MaxAttachmentBytes // one file (413 too_big beyond)
	maxAttachmentName  = 200                     // characters of a file name (cut beyond)
)

// attachmentTypes are the files that may be attached, by what their first
// bytes are (the client's Content-Type is not trusted): images, shown
// inline, and PDF, always downloaded.
var attachmentTypes = []struct {
	typ    string
	magic  string
	inline bool
}{
	{wire.TypePNG, "\x89PNG\r\n\x1a\n", true},
	{wire.TypeJPEG, "\xff\xd8\xff", true},
	{wire.TypeGIF, "GIF8", true},
	{wire.TypePDF, "%PDF-", false},
}

// sniff is the allowed type of b, "" for none; WebP is RIFF....WEBP.
func sniff(b []byte) (typ string, inline bool) {
	for _, t := range attachmentTypes {
		if bytes.HasPrefix(b, []byte(t.magic)) {
			return t.typ, t.inline
		}
	}
	if len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP" {
		return wire.TypeWebP, true
	}
	return "", false
}

// bearer is the token of an "Authorization: Bearer …" header.
func bearer(r *http.Request) string {
	t, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return t
}

// visitorConversation authorizes the visitor for the conversation in the
// path with the Bearer token, within the path's widget and its allowed
// origins; false when it answered an error.
func (d *visitorDesk) visitorConversation(w http.ResponseWriter, r *http.Request) (store.Conversation, bool) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Cache-Control", "no-store")
	cw, ok := d.live.Chat(r.PathValue("appId"))
	if !ok {
		visitorError(w, http.StatusNotFound, "unknown_widget", "unknown widget "+r.PathValue("appId"))
		return store.Conversation{}, false
	}
	if !chat.OriginAllowed(r, cw.AllowedOrigins) {
		visitorError(w, http.StatusForbidden, "origin", "the page's origin "+r.Header.Get("Origin")+" is not in the widget's allowedOrigins")
		return store.Conversation{}, false
	}
	conv, err := d.store.Authorize(r.Context(), r.PathValue("id"), bearer(r))
	if err != nil || conv.AppID != r.PathValue("appId") {
		visitorError(w, http.StatusForbidden, "token", "no such conversation, or not its token")
		return store.Conversation{}, false
	}
	return conv, true
}

// serveAttach is POST …/conversations/{id}/attachments?name=…: the body
// is the file (at most 10 MiB, or the widget's attachments.maxBytes; 413
// too_big), its type found in its bytes (415 type unless PNG, JPEG, GIF,
// WebP or PDF and among the widget's attachments.types); 409 ended once
// the conversation is over, 409 conversation_full past the
// conversation's caps, 507 store_full past the store's; 201 {id, name,
// type, size, seq}: the file is message seq of the conversation.
func (d *visitorDesk) serveAttach(w http.ResponseWriter, r *http.Request) {
	conv, ok := d.visitorConversation(w, r)
	if !ok {
		return
	}
	d.attach(w, r, conv, wire.FromVisitor, "", d.widgetAttachments(conv.AppID))
}

// serveAgentAttach is POST /agent/attachments/{id}?name=… for the agent
// of the conversation: the session, its CSRF token in X-CSRF-Token, from
// our own pages; the server's limits, then as serveAttach.
func (d *visitorDesk) serveAgentAttach(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	user, ok := d.agentRequest(w, r)
	if !ok {
		return
	}
	conv, err := d.store.Get(r.Context(), r.PathValue("id"))
	if err != nil || conv.Agent != user {
		visitorError(w, http.StatusForbidden, "not_yours", "not a conversation of yours")
		return
	}
	d.attach(w, r, conv, wire.FromAgent, user, widget.Attachments{})
}

// widgetAttachments is what the widget's configuration allows visitors
// to attach (within the server's limits).
func (d *visitorDesk) widgetAttachments(appID string) widget.Attachments {
	raw, _, _ := d.live.Config(appID)
	var tree map[string]any
	if json.Unmarshal(raw, &tree) != nil {
		return widget.Attachments{}
	}
	var cfg widget.Config
	widget.DecodeConfig(&cfg, map[string]any{"attachments": tree["attachments"]})
	return cfg.Attachments
}

// attach stores the request's body as a file of conv from sender (user
// for an agent) within allow, makes it a message of the conversation and
// answers 201 {id, name, type, size, seq}.
func (d *visitorDesk) attach(w http.ResponseWriter, r *http.Request, conv store.Conversation, sender, user string, allow widget.Attachments) {
	if conv.State == store.Ended || conv.State == store.Abandoned || !allow.Enabled() {
		visitorError(w, http.StatusConflict, wire.AttachEnded, "the conversation is over, or takes no files")
		return
	}
	// A file takes longer to arrive than the server's read deadline allows
	// a request: two minutes (10 MiB at 0.7 Mbit/s).
	http.NewResponseController(w).SetReadDeadline(time.Now().Add(2 * time.Minute))
	b, err := io.ReadAll(io.LimitReader(r.Body, allow.Max()+1))
	if err != nil {
		visitorError(w, http.StatusBadRequest, "bad_body", "cannot read the file")
		return
	}
	if int64(len(b)) > allow.Max() {
		visitorError(w, http.StatusRequestEntityTooLarge, wire.AttachTooBig, "the file is over "+widget.Size(allow.Max()))
		return
	}
	typ, _ := sniff(b)
	if typ == "" || !slices.Contains(allow.Allowed(), typ) {
		visitorError(w, http.StatusUnsupportedMediaType, wire.AttachType, "only "+allow.TypeList()+" files may be attached")
		return
	}
	a, err := d.store.AddAttachment(r.Context(), store.Attachment{Conversation: conv.ID, Sender: sender,
		Name: attachmentName(r.URL.Query().Get("name")), Type: typ, Data: b}, d.now())
	var m store.Message
	if err == nil {
		if m, err = d.hub.PostAttachment(r.Context(), a, user); err != nil {
			// Not a message, so not kept: it would count against the caps.
			if derr := d.store.DeleteAttachment(r.Context(), conv.ID, a.ID); derr != nil {
				d.logger.Error("server: removing an attachment", "err", derr)
			}
		}
	}
	switch {
	case errors.Is(err, store.ErrConversationFull), errors.Is(err, chat.ErrTooManyMessages):
		visitorError(w, http.StatusConflict, wire.AttachFull, err.Error())
		return
	case errors.Is(err, store.ErrConflict):
		visitorError(w, http.StatusConflict, wire.AttachEnded, "the conversation is over")
		return
	case errors.Is(err, store.ErrStoreFull):
		visitorError(w, http.StatusInsufficientStorage, "store_full", err.Error())
		return
	case err != nil:
		d.logger.Error("server: storing an attachment", "err", err)
		visitorError(w, http.StatusServiceUnavailable, "unavailable", "the file could not be stored")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(map[string]any{"id": a.ID, "name": a.Name, "type": a.Type, "size": a.Size, "seq": m.Seq})
}

// attachmentName is a file name fit to show and to send back: valid
// text, no path, no control characters, at most maxAttachmentName
// characters; "file" for none.
func attachmentName(s string) string {
	s = strings.ToValidUTF8(s, "")
	if i := strings.LastIndexAny(s, `/\`); i >= 0 {
		s = s[i+1:]
	}
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
	if utf8.RuneCountInString(s) > maxAttachmentName {
		s = string([]rune(s)[:maxAttachmentName])
	}
	if strings.TrimSpace(s) == "" {
		return "file"
	}
	return s
}

// serveVisitorAttachment is GET …/conversations/{id}/attachments/{aid}
// for the conversation's visitor (Bearer token).
func (d *visitorDesk) serveVisitorAttachment(w http.ResponseWriter, r *http.Request) {
	conv, ok := d.visitorConversation(w, r)
	if ok {
		d.serveAttachment(w, r, conv.ID, r.PathValue("aid"))
	}
}

// serveAgentAttachment is GET /agent/attachments/{id}/{aid} for the
// conversation's agent or a supervisor, and for any agent once the
// conversation is over (the history shows every agent its transcript);
// 403 for another agent while it is live.
func (d *visitorDesk) serveAgentAttachment(w http.ResponseWriter, r *http.Request) {
	user, _, ok := d.auth.Session(r)
	if !ok {
		http.Error(w, "server: sign in first", http.StatusUnauthorized)
		return
	}
	if conv, err := d.store.Get(r.Context(), r.PathValue("id")); err == nil && conv.Agent != user && !d.auth.IsSupervisor(user) &&
		conv.State != store.Ended && conv.State != store.Abandoned {
		http.Error(w, "server: not a conversation of yours", http.StatusForbidden)
		return
	}
	d.serveAttachment(w, r, r.PathValue("id"), r.PathValue("aid"))
}

// serveAttachment writes the attachment as its sniffed type, never
// sniffed again by the browser (nosniff), sandboxed, not cached; images
// inline, PDF as a download.
func (d *visitorDesk) serveAttachment(w http.ResponseWriter, r *http.Request, conv, id string) {
	a, err := d.store.AttachmentOf(r.Context(), conv, id)
	if errors.Is(err, store.ErrNotFound) {
		visitorError(w, http.StatusNotFound, "unknown_attachment", "no such attachment in the conversation")
		return
	}
	if err != nil {
		d.logger.Error("server: reading an attachment", "err", err)
		visitorError(w, http.StatusServiceUnavailable, "unavailable", "the file cannot be read now")
		return
	}
	_, inline := sniff(a.Data)
	disposition := "attachment"
	if inline {
		disposition = "inline"
	}
	hdr := w.Header()
	hdr.Set("Content-Type", a.Type)
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Content-Disposition", disposition+"; filename*=UTF-8''"+url.PathEscape(a.Name))
	hdr.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	hdr.Set("Cache-Control", "private, no-store")
	w.Write(a.Data)
}

// serveAttachPreflight answers the CORS preflight of the attachment
// requests, which carry an Authorization header.
func serveAttachPreflight(w http.ResponseWriter, _ *http.Request) {
	hdr := w.Header()
	hdr.Set("Access-Control-Allow-Origin", "*")
	hdr.Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
	hdr.Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
	hdr.Set("Access-Control-Max-Age", "600")
	w.WriteHeader(http.StatusNoContent)
}
