package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func attach(t *testing.T, h http.Handler, target, token string, body []byte) (*http.Response, map[string]any) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "text/html") // not trusted: the bytes decide
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	resp := rec.Result()
	var got map[string]any
	json.NewDecoder(resp.Body).Decode(&got)
	return resp, got
}

func TestAttachments(t *testing.T) {
	h, st := visitorServer(t)
	ctx := context.Background()
	conv, token, _, err := st.Start(ctx, "shop", "v1", "c1", nil, time.Now())
	require.NoError(t, err)
	base := "/api/v1/widgets/shop/conversations/" + conv.ID + "/attachments"
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 100)...)
	tests := []struct {
		name, target, token string
		body                []byte
		status              int
		code                string
	}{
		{"a PNG", base + "?name=" + "..%2Fshoe%0A.png", token, png, http.StatusCreated, ""},
		{"a PDF", base + "?name=receipt.pdf", token, []byte("%PDF-1.7 ..."), http.StatusCreated, ""},
		{"HTML is refused, whatever it says it is", base + "?name=x.png", token, []byte("<script>alert(1)</script>"), http.StatusUnsupportedMediaType, "type"},
		{"too big", base, token, append(png, make([]byte, 10<<20)...), http.StatusRequestEntityTooLarge, "too_big"},
		{"wrong token", base, "nope", png, http.StatusForbidden, "token"},
		{"another widget", "/api/v1/widgets/w1/conversations/" + conv.ID + "/attachments", token, png, http.StatusForbidden, "token"},
	}
	var pngID string
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, got := attach(t, h, tt.target, tt.token, tt.body)
			assert.Equal(t, tt.status, resp.StatusCode, "%v", got)
			if tt.code != "" {
				assert.Equal(t, tt.code, got["code"])
			} else if got["type"] == "image/png" {
				pngID, _ = got["id"].(string)
				assert.Equal(t, "shoe.png", got["name"], "no path, no control characters")
			}
		})
	}
	require.NotEmpty(t, pngID)

	get := func(target, token string) *http.Response {
		req := httptest.NewRequest(http.MethodGet, target, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Result()
	}
	resp := get(base+"/"+pngID, token)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "image/png", resp.Header.Get("Content-Type"))
	assert.Equal(t, "nosniff", resp.Header.Get("X-Content-Type-Options"))
	assert.Equal(t, "inline; filename*=UTF-8''shoe.png", resp.Header.Get("Content-Disposition"))
	assert.Contains(t, resp.Header.Get("Content-Security-Policy"), "sandbox")
	assert.Equal(t, http.StatusForbidden, get(base+"/"+pngID, "").StatusCode, "the token is needed")
	assert.Equal(t, http.StatusNotFound, get(base+"/nope", token).StatusCode)
	assert.Equal(t, http.StatusUnauthorized, get("/agent/attachments/"+conv.ID+"/"+pngID, "").StatusCode, "agents sign in")

	_, err = st.End(ctx, conv.ID, "agent", time.Now())
	require.NoError(t, err)
	resp, got := attach(t, h, base, token, png)
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	assert.Equal(t, "ended", got["code"])
}
