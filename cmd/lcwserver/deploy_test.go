package main

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/lcwasm/lcwasm/server/metrics"
)

// The deployment examples in deploy/ are checked against the binary:
// the unit's flags parse, the proxies reach every route the server
// serves with the WebSocket headers, and the alert rules name metrics
// that exist. docs/deployment.md explains them.

func readDeploy(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "deploy", name))
	require.NoError(t, err)
	return string(b)
}

// unitExecStart returns the unit's ExecStart arguments, continuation
// lines joined and comments dropped.
func unitExecStart(t *testing.T) (settings map[string][]string, args []string) {
	t.Helper()
	text := strings.ReplaceAll(readDeploy(t, "lcwserver.service"), "\\\n", " ")
	settings = map[string][]string{}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "[") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		require.True(t, ok, "not a setting: %q", line)
		settings[k] = append(settings[k], v)
	}
	require.Len(t, settings["ExecStart"], 1)
	return settings, strings.Fields(settings["ExecStart"][0])[1:]
}

func TestSystemdUnit(t *testing.T) {
	settings, args := unitExecStart(t)
	c, err := parseFlags(args, io.Discard)
	require.NoError(t, err, "every flag of ExecStart exists in the binary and parses")
	assert.Empty(t, parseFlagsRest(t, args), "no stray arguments")
	assert.NotEmpty(t, c.ops.trustProxy, "the examples put a proxy in front")

	stop, err := time.ParseDuration(settings["TimeoutStopSec"][0])
	require.NoError(t, err)
	assert.Greater(t, stop, c.ops.drainDelay+c.ops.shutdownTimeout,
		"systemd waits longer than the drain delay and the shutdown timeout before SIGKILL")
	for k, want := range map[string]string{"KillSignal": "SIGTERM", "NoNewPrivileges": "yes", "ProtectSystem": "strict",
		"ProtectHome": "yes", "PrivateTmp": "yes", "PrivateDevices": "yes", "DynamicUser": "yes", "CapabilityBoundingSet": "",
		"StateDirectory": "lcwasm", "MemoryDenyWriteExecute": "yes", "RestrictNamespaces": "yes"} {
		assert.Contains(t, settings[k], want, "%s=%s", k, want)
	}
	assert.Equal(t, "/var/lib/lcwasm", c.data, "-data is the StateDirectory")
}

// parseFlagsRest returns what the flag parser leaves over.
func parseFlagsRest(t *testing.T, args []string) []string {
	t.Helper()
	for i := 0; i < len(args); i++ {
		if !strings.HasPrefix(args[i], "-") {
			return args[i:]
		}
		if !strings.Contains(args[i], "=") {
			i++ // every flag of the unit takes a value
		}
	}
	return nil
}

// served lists a request for each kind of route the server has, and
// checks against a running server that none of them is a 404.
func served(t *testing.T) []string {
	t.Helper()
	dist := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dist, "lcw.js"), []byte("loader"), 0o644))
	site := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(site, "index.html"), []byte("<h1>shop"), 0o644))
	base := start(t, "-site", site, "-dist", dist)
	paths := []string{"/", "/lcw/lcw.js", "/api/v1/widgets/lcw-demo/config", "/api/v1/widgets/lcw-demo/chat",
		"/api/v1/widgets/lcw-demo/availability", "/api/v1/widgets/lcw-demo/beacon", "/agent", "/agent/ws",
		"/agent/static/console.js", "/admin", "/healthz", "/readyz"}
	for _, p := range paths {
		method := http.MethodGet
		if strings.HasSuffix(p, "/beacon") {
			method = http.MethodPost
		}
		req, err := http.NewRequest(method, strings.TrimSuffix(base, "/")+p, nil)
		require.NoError(t, err)
		resp, err := http.DefaultTransport.RoundTrip(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.NotEqual(t, http.StatusNotFound, resp.StatusCode, "%s %s is a route of the server", method, p)
	}
	return paths
}

// nginxLocation is one location block: its match and its directives.
type nginxLocation struct {
	exact bool
	path  string
	body  string
}

func nginxLocations(conf string) []nginxLocation {
	var out []nginxLocation
	for _, m := range regexp.MustCompile(`(?s)location\s+(=\s+)?(\S+)\s*\{([^}]*)\}`).FindAllStringSubmatch(conf, -1) {
		out = append(out, nginxLocation{exact: m[1] != "", path: m[2], body: m[3]})
	}
	return out
}

// match is nginx's choice for a path: an exact match, else the longest
// prefix.
func match(locs []nginxLocation, path string) (nginxLocation, bool) {
	var best nginxLocation
	found := false
	for _, l := range locs {
		if l.exact && l.path == path {
			return l, true
		}
		if !l.exact && strings.HasPrefix(path, l.path) && (!found || len(l.path) > len(best.path)) {
			best, found = l, true
		}
	}
	return best, found
}

func TestNginxConf(t *testing.T) {
	conf := readDeploy(t, "nginx.conf")
	_, args := unitExecStart(t)
	c, err := parseFlags(args, io.Discard)
	require.NoError(t, err)
	assert.Regexp(t, `(?s)upstream lcwasm \{\s*server `+regexp.QuoteMeta(c.addr)+`;`, conf, "the upstream is the unit's -addr")
	assert.Regexp(t, `(?s)map \$http_upgrade \$connection_upgrade \{\s*default upgrade;\s*''\s+close;`, conf)
	locs := nginxLocations(conf)
	for _, p := range served(t) {
		l, ok := match(locs, p)
		require.True(t, ok, "a location for %s", p)
		for _, d := range []string{"proxy_pass http://lcwasm;", "proxy_http_version 1.1;",
			"proxy_set_header Upgrade $http_upgrade;", "proxy_set_header Connection $connection_upgrade;",
			"proxy_set_header Host $host;", "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
			"proxy_set_header X-Forwarded-Proto $scheme;"} {
			assert.Contains(t, l.body, d, "the location of %s", p)
		}
		m := regexp.MustCompile(`proxy_read_timeout (\d+)s;`).FindStringSubmatch(l.body)
		require.NotNil(t, m, "proxy_read_timeout for %s", p)
		secs, err := strconv.Atoi(m[1])
		require.NoError(t, err)
		assert.Greater(t, secs, 60, "above the 30 s ping and its 30 s answer")
	}
	l, ok := match(locs, "/metrics")
	require.True(t, ok)
	assert.NotContains(t, l.body, "proxy_pass", "/metrics is not proxied")
	assert.Contains(t, conf, "listen 443 ssl")
}

func TestCaddyfile(t *testing.T) {
	conf := readDeploy(t, "Caddyfile")
	_, args := unitExecStart(t)
	c, err := parseFlags(args, io.Discard)
	require.NoError(t, err)
	// reverse_proxy without a matcher: every path, WebSockets included
	// (Caddy passes Upgrade and Connection through, and sets
	// X-Forwarded-For and X-Forwarded-Proto, by itself).
	assert.Regexp(t, `(?m)^\s*reverse_proxy `+regexp.QuoteMeta(c.addr)+` \{`, conf, "the unit's -addr, for every path")
	for _, removed := range []string{"header_up -Upgrade", "header_up -Connection", "header_up -X-Forwarded"} {
		assert.NotContains(t, conf, removed)
	}
	assert.Contains(t, conf, "health_uri /readyz")
	assert.Regexp(t, `(?s)@metrics path /metrics\s+respond @metrics 404`, conf)
	served(t)
}

// metricNames are the families the server exports, each series made to
// exist once.
func metricNames(t *testing.T) []string {
	t.Helper()
	m := metrics.New()
	m.MessageStored("visitor")
	m.Acked("visitor", time.Millisecond)
	m.StoreFailed()
	m.Refused("sockets_per_address")
	m.Beacon(true)
	m.SignInFailed("wrong_password")
	fams, err := m.Registry().Gather()
	require.NoError(t, err)
	var names []string
	for _, f := range fams {
		names = append(names, f.GetName())
		if f.GetType().String() == "HISTOGRAM" {
			names = append(names, f.GetName()+"_bucket", f.GetName()+"_sum", f.GetName()+"_count")
		}
	}
	return names
}

func TestAlertRules(t *testing.T) {
	var rules struct {
		Groups []struct {
			Name  string
			Rules []struct {
				Alert, Expr, For string
				Labels           map[string]string
				Annotations      map[string]string
			}
		}
	}
	require.NoError(t, yaml.Unmarshal([]byte(readDeploy(t, "alerts.yml")), &rules))
	require.NotEmpty(t, rules.Groups)
	names := metricNames(t)
	used := map[string]bool{}
	for _, g := range rules.Groups {
		for _, r := range g.Rules {
			assert.NotEmpty(t, r.Alert)
			assert.NotEmpty(t, r.Expr, r.Alert)
			_, err := time.ParseDuration(r.For)
			assert.NoError(t, err, "%s: for", r.Alert)
			assert.Contains(t, []string{"page", "warn", "info"}, r.Labels["severity"], r.Alert)
			assert.NotEmpty(t, r.Annotations["summary"], r.Alert)
			for _, n := range regexp.MustCompile(`\b(lcwasm|process|go)_[a-z_]+`).FindAllString(r.Expr, -1) {
				assert.True(t, slices.Contains(names, n), "%s: metric %s exists", r.Alert, n)
				used[n] = true
			}
		}
	}
	assert.True(t, used["lcwasm_store_errors_total"] && used["lcwasm_send_ack_seconds_bucket"], "the two that matter most")
}

// Every lcwasm_ metric is explained in docs/deployment.md.
func TestDeploymentGuideListsTheMetrics(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "docs", "deployment.md"))
	require.NoError(t, err)
	for _, n := range metricNames(t) {
		if strings.HasPrefix(n, "lcwasm_") && !regexp.MustCompile(`_(bucket|sum|count)$`).MatchString(n) {
			assert.Contains(t, string(b), "`"+n, "docs/deployment.md names %s", n)
		}
	}
}
