package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server"
	"github.com/lcwasm/lcwasm/server/store"
)

// An uploaded file is a message of its conversation: stored in order,
// replayed on resume with its reference, within the widget's own limits;
// the conversation's agent attaches too (session and CSRF) and only they
// download.
func TestAttachmentsAreMessages(t *testing.T) {
	st, err := store.Open(":memory:")
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	o := fixture()
	o.Store = st
	o.Widgets["shop"] = json.RawMessage(`{"appId":"shop","chat":{"enabled":true},
		"attachments":{"types":["image/png"],"maxBytes":1000}}`)
	h, err := server.New(o)
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	ctx := context.Background()
	conv, token, _, err := st.Start(ctx, "shop", "v1", "c1", nil, time.Now())
	require.NoError(t, err)
	other, _, _, err := st.Start(ctx, "shop", "v2", "c2", nil, time.Now())
	require.NoError(t, err)
	_, err = st.Accept(ctx, conv.ID, "demo", time.Now())
	require.NoError(t, err)
	_, err = st.Accept(ctx, other.ID, "someone-else", time.Now())
	require.NoError(t, err)

	post := func(c *http.Client, target string, hdr http.Header, body []byte) (int, map[string]any) {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+target, bytes.NewReader(body))
		for k, v := range hdr {
			req.Header[k] = v
		}
		resp, err := c.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		var got map[string]any
		json.NewDecoder(resp.Body).Decode(&got)
		return resp.StatusCode, got
	}
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 100)...)
	pdf := []byte("%PDF-1.7 receipt")
	base := "/api/v1/widgets/shop/conversations/" + conv.ID + "/attachments"
	bearer := http.Header{"Authorization": {"Bearer " + token}}

	status, got := post(http.DefaultClient, base+"?name=cat.png", bearer, png)
	require.Equal(t, http.StatusCreated, status, "%v", got)
	assert.Equal(t, 1.0, got["seq"], "the file is the conversation's first message")
	status, got = post(http.DefaultClient, base+"?name=r.pdf", bearer, pdf)
	assert.Equal(t, http.StatusUnsupportedMediaType, status, "the widget allows PNG only")
	assert.Equal(t, "type", got["code"])
	status, got = post(http.DefaultClient, base+"?name=big.png", bearer, append(png, make([]byte, 1000)...))
	assert.Equal(t, http.StatusRequestEntityTooLarge, status, "the widget allows 1000 bytes")
	assert.Equal(t, "too_big", got["code"])

	jar, _ := cookiejar.New(nil)
	agent := &http.Client{Jar: jar}
	resp, err := agent.PostForm(srv.URL+"/agent/login", url.Values{"user": {"demo"}, "password": {"demo"}})
	require.NoError(t, err)
	resp.Body.Close()
	resp, err = agent.Get(srv.URL + "/agent/session")
	require.NoError(t, err)
	var sess map[string]string
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&sess))
	resp.Body.Close()
	csrf := http.Header{"X-Csrf-Token": {sess["csrf"]}}
	status, _ = post(agent, "/agent/attachments/"+conv.ID+"?name=r.pdf", nil, pdf)
	assert.Equal(t, http.StatusForbidden, status, "the CSRF token is needed")
	status, _ = post(agent, "/agent/attachments/"+other.ID+"?name=r.pdf", csrf, pdf)
	assert.Equal(t, http.StatusForbidden, status, "not their conversation")
	status, got = post(agent, "/agent/attachments/"+conv.ID+"?name=r.pdf", csrf, pdf)
	require.Equal(t, http.StatusCreated, status, "%v", got)
	assert.Equal(t, 2.0, got["seq"], "agents are held to the server's limits, not the widget's")
	pdfID := got["id"].(string)

	resp, err = agent.Get(srv.URL + "/agent/attachments/" + conv.ID + "/" + pdfID)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "attachment; filename*=UTF-8''r.pdf", resp.Header.Get("Content-Disposition"))
	resp, err = agent.Get(srv.URL + "/agent/attachments/" + other.ID + "/" + pdfID)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusForbidden, resp.StatusCode, "another agent's conversation")

	msgs, err := st.Messages(ctx, conv.ID, 0)
	require.NoError(t, err)
	require.Len(t, msgs, 2)
	assert.Equal(t, "visitor", msgs[0].From)
	assert.Equal(t, "cat.png", msgs[0].Text)
	assert.Equal(t, "agent", msgs[1].From)
	assert.Equal(t, store.AttachmentRef{ID: pdfID, Type: "application/pdf", Size: int64(len(pdf))}, msgs[1].Attachment)

	wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(wctx, "ws"+strings.TrimPrefix(srv.URL, "http")+"/api/v1/widgets/shop/chat",
		&websocket.DialOptions{Subprotocols: []string{"lcwasm.v1"}, HTTPHeader: http.Header{"Origin": {srv.URL}}})
	require.NoError(t, err)
	defer ws.CloseNow()
	require.NoError(t, ws.Write(wctx, websocket.MessageText,
		[]byte(`{"type":"resume","conversation":"`+conv.ID+`","token":"`+token+`","after":0}`)))
	_, b, err := ws.Read(wctx)
	require.NoError(t, err)
	var resumed struct {
		Type     string
		Messages []struct {
			From, Text string
			Attachment *struct {
				ID, Name, Type string
				Size           int64
			}
		}
	}
	require.NoError(t, json.Unmarshal(b, &resumed))
	require.Equal(t, "resumed", resumed.Type)
	require.Len(t, resumed.Messages, 2)
	require.NotNil(t, resumed.Messages[1].Attachment, "resume replays the files")
	assert.Equal(t, "r.pdf", resumed.Messages[1].Attachment.Name)
	assert.Equal(t, "application/pdf", resumed.Messages[1].Attachment.Type)
	assert.Equal(t, pdfID, resumed.Messages[1].Attachment.ID)
}
