//go:build !js

package chat_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/internal/pgtest"
	"github.com/lcwasm/lcwasm/internal/wire"
)

// waiting reports whether an offlineWaiting frame says n.
func waiting(n float64) func(map[string]any) bool {
	return func(f map[string]any) bool { return f["waiting"] == n }
}

// The consoles' count of offline messages waiting is one across
// instances: a console on B is told of a message left on A, and of its
// marking handled on A.
func TestOfflineCountSpansInstances(t *testing.T) {
	u := pgtest.DB(t)
	accounts := withAgents(t)
	a, b := instance(t, u, accounts), instance(t, u, accounts)
	ann := openConsoleAs(t, b, b, "ann", "ann")
	ann.expect(wire.OfflineWaiting, waiting(0))

	resp, err := http.Post(a.URL+"/api/v1/widgets/demo/offline-messages", "application/json",
		strings.NewReader(`{"name":"Ana","email":"ana@example.com","message":"Do you ship to Norway?"}`))
	require.NoError(t, err)
	var left struct{ ID string }
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&left))
	resp.Body.Close()
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	ann.expect(wire.OfflineWaiting, waiting(1))

	jar, csrf := signInAs(t, a.URL, "ben", "ben")
	req, err := http.NewRequest(http.MethodPost, a.URL+"/agent/api/offline-messages/"+left.ID+"/handled",
		strings.NewReader(`{"handled": true}`))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", a.URL)
	req.Header.Set("X-CSRF-Token", csrf)
	resp, err = (&http.Client{Jar: jar}).Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	ann.expect(wire.OfflineWaiting, waiting(0))
}
