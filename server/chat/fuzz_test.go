package chat

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzClientFrame feeds arbitrary bytes to the server's decoding of a
// client frame, as a visitor's or an agent's WebSocket delivers them: the
// JSON decode of conn.read, then the checks of a start (and the context
// the server stores and shows the agent) and of a send. Nothing may
// panic, and what the checks let through must be what the protocol
// promises. Seeds live in testdata/fuzz/FuzzClientFrame.
func FuzzClientFrame(f *testing.F) {
	f.Add([]byte(`{"type":"start","cid":"c1","visitor":{"id":"v1"},"context":{"pageUrl":"https://shop.test/"}}`))
	f.Add([]byte(`{"type":"start","cid":"c3","visitor":{"id":"v1"},"context":{"device":"phone","language":"en","pages":[{"path":"/","title":"Home","timeMs":5}]}}`))
	f.Add([]byte(`{"type":"send","cid":"c2","text":"hello"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var fr in
		if err := json.Unmarshal(data, &fr); err != nil || fr.Type == "" {
			return // conn.read closes the connection
		}
		if msg := checkStart(fr); msg == "" {
			checkedStart(t, fr)
		} else if !strings.Contains(msg, ": ") {
			t.Fatalf("checkStart: %q does not name the field", msg)
		}
		if msg := checkText(fr); msg == "" {
			if !utf8.ValidString(fr.Text) || strings.TrimSpace(fr.Text) == "" || utf8.RuneCountInString(fr.Text) > MaxTextRunes {
				t.Fatalf("checkText let through %q", fr.Text)
			}
			idOK(t, "cid", fr.CID)
		}
	})
}

// checkedStart: a start frame that passed checkStart has ids within
// bounds, and a context buildContext accepts is one the server reads back
// as it stores it, within its budgets, with no identity but the server's,
// and can show to the agent.
func checkedStart(t *testing.T, fr in) {
	idOK(t, "cid", fr.CID)
	idOK(t, "visitor.id", fr.Visitor.ID)
	stored, msg := buildContext(fr.Context, nil)
	if msg != "" {
		if !strings.HasPrefix(msg, "context: ") {
			t.Fatalf("buildContext: %q does not name the field", msg)
		}
		return
	}
	if !json.Valid(stored) {
		t.Fatalf("the stored context %s is not JSON", stored)
	}
	vc := parseContext(stored)
	if vc.Authenticated != nil {
		t.Fatalf("a context from the client carries an identity: %s", stored)
	}
	if utf8.RuneCountInString(vc.PageURL) > MaxURLRunes || utf8.RuneCountInString(vc.Referrer) > MaxURLRunes {
		t.Fatal("an address over its budget")
	}
	if len(vc.Pages) > MaxPages || utf8.RuneCountInString(vc.Invitation) > MaxInvitationRunes || len(vc.Language) > MaxCodeLength {
		t.Fatalf("details over their budgets: %s", stored)
	}
	for _, p := range vc.Pages {
		if utf8.RuneCountInString(p.Path) > MaxPathRunes || utf8.RuneCountInString(p.Title) > MaxTitleRunes || p.TimeMs < 0 {
			t.Fatalf("a page over its budgets: %+v", p)
		}
	}
	for k, v := range vc.displayable() {
		if !json.Valid(v) {
			t.Fatalf("displayable %q is not JSON: %s", k, v)
		}
	}
	if vc.visitorName() == "" {
		t.Fatal("no visitor name")
	}
}

func idOK(t *testing.T, name, id string) {
	if id == "" || len(id) > maxIDLen {
		t.Fatalf("%s of %d bytes let through", name, len(id))
	}
}

// fuzzSecret is the HS256 key of FuzzVerify.
var fuzzSecret = []byte("0123456789abcdef0123456789abcdef")

// FuzzVerify feeds arbitrary tokens to the JWT check: it never panics,
// and a token it accepts carries a good HS256 signature over its first two
// segments. Seeds live in testdata/fuzz/FuzzVerify (one is well signed).
func FuzzVerify(f *testing.F) {
	f.Add("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.AAAA")
	f.Fuzz(func(t *testing.T, token string) {
		key := AuthKey{Alg: "HS256", Secret: fuzzSecret}
		claims, err := key.Verify(token, time.Unix(1_800_000_000, 0))
		if err != nil {
			if claims != (Claims{}) {
				t.Fatalf("an error (%v) and claims %+v", err, claims)
			}
			if !strings.HasPrefix(err.Error(), "chat: token: ") {
				t.Fatalf("error %q", err)
			}
			return
		}
		parts := strings.Split(token, ".")
		m := hmac.New(sha256.New, fuzzSecret)
		m.Write([]byte(parts[0] + "." + parts[1]))
		sig, _ := base64.RawURLEncoding.DecodeString(parts[2])
		if !hmac.Equal(m.Sum(nil), sig) {
			t.Fatalf("accepted a token without its signature: %q", token)
		}
	})
}
