package server_test

import (
	"encoding/json"
	"testing"

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

func TestAllowOrigins(t *testing.T) {
	in := map[string]json.RawMessage{
		"a": json.RawMessage(`{"appId":"a"}`),
		"b": json.RawMessage(`{"appId":"b","allowedOrigins":["https://shop.example","http://127.0.0.1:9000"]}`),
	}
	got, err := server.AllowOrigins(in, []string{"http://127.0.0.1:9000", "http://localhost:3000"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"appId":"a","allowedOrigins":["http://127.0.0.1:9000","http://localhost:3000"]}`, string(got["a"]))
	assert.JSONEq(t, `{"appId":"b","allowedOrigins":["https://shop.example","http://127.0.0.1:9000","http://localhost:3000"]}`, string(got["b"]))
	assert.JSONEq(t, `{"appId":"a"}`, string(in["a"]), "the input is not modified")

	same, err := server.AllowOrigins(in, nil)
	require.NoError(t, err)
	assert.Equal(t, in, same)
}

func TestAllowOriginsRefusesWhatIsNoOrigin(t *testing.T) {
	in := map[string]json.RawMessage{"a": json.RawMessage(`{"appId":"a"}`)}
	for _, o := range []string{"127.0.0.1:9000", "http://127.0.0.1:9000/", "http://shop.example/page", "ftp://shop.example", "", "http://"} {
		t.Run(o, func(t *testing.T) {
			_, err := server.AllowOrigins(in, []string{o})
			require.Error(t, err)
			assert.Contains(t, err.Error(), "scheme://host[:port]")
		})
	}
	for _, o := range []string{"*", "https://shop.example", "http://[::1]:8080"} {
		_, err := server.AllowOrigins(in, []string{o})
		assert.NoError(t, err, o)
	}
	_, err := server.AllowOrigins(map[string]json.RawMessage{"x": json.RawMessage(`{"allowedOrigins":"*"}`)}, []string{"*"})
	assert.ErrorContains(t, err, `widget "x": allowedOrigins`)
}
