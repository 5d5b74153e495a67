package server_test

import (
	"encoding/json"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server"
)

func TestMergeWidgetsAddsAndOverridesByID(t *testing.T) {
	base := server.DemoWidgets()
	over := map[string]json.RawMessage{
		"mine":     json.RawMessage(`{"appId":"mine"}`),
		"lcw-demo": json.RawMessage(`{"appId":"lcw-demo","chat":{"enabled":true}}`),
	}
	got := server.MergeWidgets(base, over)
	assert.Len(t, got, len(base)+1)
	assert.JSONEq(t, `{"appId":"mine"}`, string(got["mine"]))
	assert.JSONEq(t, `{"appId":"lcw-demo","chat":{"enabled":true}}`, string(got["lcw-demo"]))
	assert.Equal(t, base["lcw-demo-off"], got["lcw-demo-off"], "the other built-in widget stays")
	assert.NotEqual(t, string(over["lcw-demo"]), string(server.DemoWidgets()["lcw-demo"]), "base is not modified")
}

func TestAllowOriginsRefusesWhatIsNoOrigin(t *testing.T) {
	opts := func(o string) server.Options {
		return server.Options{Site: fstest.MapFS{}, Dist: fstest.MapFS{}, AllowOrigins: []string{o}}
	}
	for _, o := range []string{"127.0.0.1:9000", "http://127.0.0.1:9000/", "http://shop.example/page", "ftp://shop.example", "", "http://"} {
		t.Run(o, func(t *testing.T) {
			_, err := server.New(opts(o))
			require.Error(t, err)
			assert.Contains(t, err.Error(), "scheme://host[:port]")
		})
	}
	for _, o := range []string{"*", "https://shop.example", "http://[::1]:8080"} {
		s, err := server.New(opts(o))
		require.NoError(t, err, o)
		s.Shutdown(t.Context())
	}
}
