package chat_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/lcwasm/lcwasm/chat"
	"github.com/lcwasm/lcwasm/internal/jstree"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAuthToken(t *testing.T) {
	const jwt = "eyJhbGciOiJSUzI1NiJ9.e30.sig"
	tests := []struct {
		name     string
		start    chat.Start
		later    any // handed to the callback after Start returned, unless nil
		wait     bool
		closeWS  bool // the service closes with 4401
		code     int  // lcw:error code; 0 for none
		startErr bool
		token    string // the start frame's authToken; "" when none was sent
		says     string // in the lcw:error's description; "" for anything
	}{
		{name: "at once", start: withToken(jwt), token: jwt},
		{name: "later", start: chat.Start{Auth: func(func(any, error)) error { return nil }}, later: jwt, token: jwt},
		{name: "provider throws", start: chat.Start{Auth: func(func(any, error)) error { return errors.New("boom") }}, code: chat.CodeAuthProvider, startErr: true},
		{name: "empty token", start: withToken(""), code: chat.CodeNoToken, startErr: true},
		{name: "not a string", start: withToken(42.0), code: chat.CodeInvalidToken, startErr: true},
		{name: "an object", start: withToken(map[string]any{"token": jwt}), code: chat.CodeInvalidToken, startErr: true},
		{name: "too long", start: withToken(strings.Repeat("a", chat.MaxTokenBytes+1)), code: chat.CodeInvalidToken, startErr: true},
		{name: "longest", start: withToken(strings.Repeat("a", chat.MaxTokenBytes)), token: strings.Repeat("a", chat.MaxTokenBytes)},
		{name: "null", start: withToken(nil), code: chat.CodeNoToken, startErr: true},
		{name: "nothing", start: withToken(jstree.Undefined{}), code: chat.CodeNoToken, startErr: true},
		{name: "provider failed later", start: chat.Start{Auth: func(func(any, error)) error { return nil }}, later: errors.New("boom"), code: chat.CodeAuthProvider},
		{name: "empty token later", start: chat.Start{Auth: func(func(any, error)) error { return nil }}, later: "", code: chat.CodeNoToken},
		{name: "never", start: chat.Start{Auth: func(func(any, error)) error { return nil }}, wait: true, code: chat.CodeAuthProvider},
		{name: "refused by the service", start: withToken("forged"), closeWS: true, code: chat.CodeInvalidToken, token: "forged"},
		{name: "function not found", start: chat.Start{AuthMissing: "getToken"}, code: chat.CodeAuthNotFound, startErr: true,
			says: `"getToken" is not a function on this page`},
		{name: "function not found in the opener", start: chat.Start{AuthMissing: "getToken", ForOpener: true}, code: chat.CodeAuthNotFound, startErr: true,
			says: `"getToken" is not a function on the page that opened this chat window`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := newTab(t, newServer(), fakeStore{}, "a")
			var done func(any, error)
			if tt.start.Auth != nil && tt.later != nil {
				tt.start.Auth = func(cb func(any, error)) error { done = cb; return nil }
			}
			err := tb.c.Start(tt.start)
			assert.Equal(t, tt.startErr, err != nil, "Start error: %v", err)
			if done != nil {
				assert.Equal(t, chat.Authorizing, tb.c.Phase())
				if e, failed := tt.later.(error); failed {
					done(nil, e)
				} else {
					done(tt.later, nil)
				}
			}
			if tt.wait {
				tb.wait(t)
			}
			tb.net.accept()
			if tt.closeWS {
				tb.net.Close()
				tb.c.Closed(chat.CloseAuthFailed, "invalid token")
			}
			sentToken := ""
			if len(tb.net.sent) > 0 {
				sentToken = tb.net.sent[0]["authToken"].(string)
			}
			assert.Equal(t, tt.token, sentToken)
			errs := tb.events.named("lcw:error")
			if tt.code == 0 {
				assert.Empty(t, errs)
				tb.settle()
				assert.Equal(t, chat.Queued, tb.c.Phase())
				return
			}
			require.Len(t, errs, 1)
			assert.Equal(t, tt.code, errs[0]["errorCode"])
			assert.Regexp(t, "^chat: ", errs[0]["errorDescription"])
			assert.Contains(t, errs[0]["errorDescription"], tt.says)
			assert.Equal(t, chat.Ended, tb.c.Phase())
			ending := "ended failed" // the page's authentication failed
			if tt.closeWS {
				ending = "ended refused" // the service turned the token away
			}
			assert.Equal(t, ending, tb.view.log[len(tb.view.log)-1])
			assert.True(t, tb.timer.at.IsZero(), "no retry")
			if tt.code == chat.CodeAuthNotFound {
				assert.Empty(t, tb.events.named("lcw:startChat"), "no chat started")
			}
		})
	}
}

func withToken(token any) chat.Start {
	return chat.Start{Auth: func(done func(any, error)) error { done(token, nil); return nil }}
}

func TestAuthCallbackLateOrTwice(t *testing.T) {
	tb := newTab(t, newServer(), fakeStore{}, "a")
	var done func(any, error)
	require.NoError(t, tb.c.Start(chat.Start{Auth: func(cb func(any, error)) error { done = cb; return nil }}))
	tb.c.Close()
	done("jwt", nil) // after closeChat: ignored
	assert.Zero(t, tb.net.opens)

	require.NoError(t, tb.c.Start(withToken("one")))
	done("stale", nil) // the first chat's callback
	tb.net.accept()
	require.Len(t, tb.net.sent, 1)
	assert.Equal(t, "one", tb.net.sent[0]["authToken"])
}
