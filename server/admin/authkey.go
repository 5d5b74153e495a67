package admin

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/lcwasm/lcwasm/server/chat"
)

// authKeyField is the configuration's server-only field: the public key
// that verifies the JWTs of the widget's signed-in visitors, read by the
// chat service and never served to browsers. It is chat.ParseAuthKeys's
// entry for one widget, public keys only:
//
//	"authKey": {"alg": "RS256", "publicKey": "-----BEGIN PUBLIC KEY-----…", "aud": "…", "iss": "…", "allowNoExp": false}
//	"authKey": {"alg": "RS256", "keysUrl": "https://idp.example/.well-known/jwks.json", …}
//
// keysUrl serves a JWKS or a PEM key (chat.KeySets fetches it).
//
// A shared HS256 secret would be kept in every version and shown in the
// history: it stays in the server's -auth-keys file, which wins over this
// field for its widgets.
const authKeyField = "authKey"

// serverOnlyFields are the configuration's fields for the server alone:
// the chat service reads them, the configuration endpoint never serves
// them, and the widget's decoder (which would call them unknown) never
// sees them.
// Shared canned responses ("cannedResponses", chat.ParseCanned) are the
// agents'.
var serverOnlyFields = []string{authKeyField, cannedField}

const cannedField = "cannedResponses"

var authKeyFields = []string{"alg", "publicKey", "keysUrl", "aud", "iss", "allowNoExp"}

// checkAuthKey returns the problems of an authKey field.
func checkAuthKey(v any) []Problem {
	m, ok := v.(map[string]any)
	if !ok {
		return []Problem{serverProblem(authKeyField, "want an object with alg and publicKey or keysUrl")}
	}
	var out []Problem
	for k := range m {
		if k == "secret" {
			out = append(out, serverProblem(authKeyField+".secret", "a shared secret must not be published in a configuration (every version keeps it): use RS256 or ES256 with a public key, or the server's -auth-keys file"))
		} else if !slices.Contains(authKeyFields, k) {
			out = append(out, serverProblem(authKeyField, fmt.Sprintf("unknown field %q", k)))
		}
	}
	if u, has := m["keysUrl"]; has {
		if s, ok := u.(string); !ok || s == "" {
			out = append(out, serverProblem(authKeyField+".keysUrl", "want an https URL serving a JWKS or a PEM public key"))
		}
	}
	if alg, _ := m["alg"].(string); alg != "RS256" && alg != "ES256" {
		out = append(out, serverProblem(authKeyField+".alg", "want RS256 or ES256"))
	}
	if len(out) > 0 {
		return out
	}
	if _, err := parseAuthKey(v); err != nil {
		msg := strings.TrimPrefix(err.Error(), "chat: auth keys: "+authKeyField+": ")
		return []Problem{serverProblem(authKeyField+pathOf(msg), msg)}
	}
	return nil
}

// pathOf names the field a chat.ParseAuthKeys message is about.
func pathOf(msg string) string {
	switch {
	case strings.HasPrefix(msg, "publicKey and keysUrl"), strings.HasPrefix(msg, "keysUrl"):
		return ".keysUrl"
	case strings.HasPrefix(msg, "publicKey"):
		return ".publicKey"
	}
	return ""
}

// parseAuthKey reads the field with the chat service's own parser.
func parseAuthKey(v any) (chat.AuthKey, error) {
	b, err := json.Marshal(map[string]any{authKeyField: v})
	if err != nil {
		return chat.AuthKey{}, err
	}
	keys, err := chat.ParseAuthKeys(b)
	if err != nil {
		return chat.AuthKey{}, err
	}
	return keys[authKeyField], nil
}

// withoutKey returns a copy of m without key.
func withoutKey(m map[string]any, key string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if k != key {
			out[k] = v
		}
	}
	return out
}
