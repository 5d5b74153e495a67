package admin

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/lcwasm/lcwasm/server/chat"
)

// CheckKeys fetches a keys URL (authKey.keysUrl) and describes the keys
// it serves for alg: chat.KeySets.Check.
type CheckKeys func(ctx context.Context, url, alg string) ([]chat.KeyInfo, error)

// keysProbeFor is how long the validation remembers what a keys URL
// gave, so that validating as the admin types fetches it once.
const keysProbeFor = time.Minute

// keysProbeMax bounds the URLs remembered.
const keysProbeMax = 64

// keysProbe is the console's check of keys URLs, remembered for
// keysProbeFor.
type keysProbe struct {
	check CheckKeys // nil: URLs are not fetched

	mu   sync.Mutex
	seen map[[2]string]probed
}

type probed struct {
	at  time.Time
	err error
}

// CheckKeysWith makes the console fetch the keys URLs it validates, and
// those its Test URL button names, with check.
func (c *Console) CheckKeysWith(check CheckKeys) { c.keys.check = check }

// problem is what the URL gave at now: nil when it serves keys for alg.
func (p *keysProbe) problem(ctx context.Context, url, alg string, now time.Time) error {
	if p.check == nil {
		return nil
	}
	k := [2]string{url, alg}
	p.mu.Lock()
	got, ok := p.seen[k]
	p.mu.Unlock()
	if ok && now.Sub(got.at) < keysProbeFor {
		return got.err
	}
	_, err := p.check(ctx, url, alg)
	p.mu.Lock()
	if p.seen == nil || len(p.seen) >= keysProbeMax {
		p.seen = map[[2]string]probed{}
	}
	p.seen[k] = probed{at: now, err: err}
	p.mu.Unlock()
	return err
}

// keysProblems is the problem of config's keys URL, when the rest of its
// authKey has none (found holds the other problems): a URL that serves
// no keys for its alg.
func (c *Console) keysProblems(ctx context.Context, config json.RawMessage, found []Problem) []Problem {
	for _, p := range found {
		if p.Path == authKeyField || strings.HasPrefix(p.Path, authKeyField+".") {
			return nil
		}
	}
	var cfg struct {
		AuthKey *struct {
			Alg     string `json:"alg"`
			KeysURL string `json:"keysUrl"`
		} `json:"authKey"`
	}
	if json.Unmarshal(config, &cfg) != nil || cfg.AuthKey == nil || cfg.AuthKey.KeysURL == "" {
		return nil
	}
	if err := c.keys.problem(ctx, cfg.AuthKey.KeysURL, cfg.AuthKey.Alg, c.now()); err != nil {
		return []Problem{serverProblem(authKeyField+".keysUrl", "serves no keys: "+strings.TrimPrefix(err.Error(), "chat: keys URL: "))}
	}
	return nil
}

// testKeysURL handles POST /admin/api/keys-url {"url", "alg"}: the
// console's Test URL button. It fetches the URL now and answers
// {"keys": [{"kid", "kty", "alg"}]} or {"problem"}, both with 200.
func (c *Console) testKeysURL(w http.ResponseWriter, r *http.Request, _ string) {
	var body struct {
		URL string `json:"url"`
		Alg string `json:"alg"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	if body.Alg != "RS256" && body.Alg != "ES256" {
		writeJSON(w, http.StatusOK, map[string]string{"problem": "alg: want RS256 or ES256"})
		return
	}
	if c.keys.check == nil {
		writeJSON(w, http.StatusOK, map[string]string{"problem": "this server does not fetch keys URLs"})
		return
	}
	keys, err := c.keys.check(r.Context(), body.URL, body.Alg)
	c.keys.forget(body.URL, body.Alg)
	if err != nil {
		writeJSON(w, http.StatusOK, map[string]string{"problem": strings.TrimPrefix(err.Error(), "chat: keys URL: ")})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"keys": keys})
}

// forget drops what the validation remembered of url, so that the next
// validation after a test fetches it again.
func (p *keysProbe) forget(url, alg string) {
	p.mu.Lock()
	delete(p.seen, [2]string{url, alg})
	p.mu.Unlock()
}
