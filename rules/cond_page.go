package rules

import (
	"slices"
	"strings"

	"github.com/lcwasm/lcwasm/internal/instant"
)

// The visit fields a text matcher can read.
const (
	pagePath = iota
	pageURL
	pageHash
	pageTitle
	referrerURL
	referrerHost
)

// textIs holds when a visit field matches.
type textIs struct {
	field int
	t     *text
}

func decodeField(d *decoder, arg any, path string, f int) node {
	m := d.object(arg, path, textFields...)
	if m == nil {
		return nil
	}
	if t := d.text(m, path, false, f == referrerHost); t != nil {
		return textIs{field: f, t: t}
	}
	return nil
}

func (n textIs) eval(c *ctx) (bool, instant.Time) {
	var s string
	switch n.field {
	case pagePath:
		s = c.v.Path
	case pageURL:
		s = c.v.URL
	case pageHash:
		s = c.v.Hash
	case pageTitle:
		s = c.v.Title
	case referrerURL:
		s = c.v.Referrer
	default:
		s = c.referrerHost()
	}
	return n.t.match(s), 0
}

func (c *ctx) referrerHost() string {
	if !c.hostSet {
		c.refHost, c.hostSet = hostOf(c.v.Referrer), true
	}
	return c.refHost
}

// utmTags are the tags a "utm" condition may name.
var utmTags = []string{"source", "medium", "campaign", "term", "content"}

// param holds when a query parameter (or a session UTM tag) exists, or
// matches.
type param struct {
	name   string
	utm    bool
	exists bool  // with t nil: whether it must be present
	t      *text // nil: only presence counts
}

func decodeParam(d *decoder, arg any, path string, variant int) node {
	utm := variant == 1
	key := "name"
	if utm {
		key = "tag"
	}
	m := d.object(arg, path, slices.Concat(textFields, []string{key, "exists"})...)
	if m == nil {
		return nil
	}
	name, ok := d.name(m, key, path)
	if ok && utm && !slices.Contains(utmTags, name) {
		d.fail(path, "want tag one of "+strings.Join(utmTags, ", "))
		return nil
	}
	p := param{name: name, utm: utm, exists: d.boolean(m, "exists", path, true)}
	if _, has := m["exists"]; has == hasAny(m, textOps) {
		d.fail(path, "want exists or one of "+strings.Join(textOps, ", "))
		return nil
	}
	p.t = d.text(m, path, true, false)
	return p
}

func (p param) eval(c *ctx) (bool, instant.Time) {
	values := c.v.Query
	if p.utm {
		values = c.v.UTM
	}
	s, ok := values[p.name]
	if p.t == nil {
		return ok == p.exists, 0
	}
	return ok && p.t.match(s), 0
}

// hasAny reports whether m has one of keys.
func hasAny(m map[string]any, keys []string) bool {
	for _, k := range keys {
		if _, ok := m[k]; ok {
			return true
		}
	}
	return false
}

// sources are the values of a "source" condition.
var sources = []string{"direct", "search", "internal", "external"}

// source holds when the session came in one of the listed ways.
type source []string

func decodeSource(d *decoder, arg any, path string, _ int) node {
	list := d.strings(arg, path)
	for i, s := range list {
		if !slices.Contains(sources, s) {
			d.fail(index(path, i), "want one of "+strings.Join(sources, ", "))
			return nil
		}
	}
	if list == nil {
		return nil
	}
	return source(list)
}

func (s source) eval(c *ctx) (bool, instant.Time) {
	return slices.Contains(s, sourceOf(c.v.Entry, hostOf(c.v.URL))), 0
}

// searchEngines are host prefixes (after "www.") of known search engines.
var searchEngines = []string{
	"google.", "bing.", "duckduckgo.", "search.yahoo.", "yandex.", "baidu.",
	"ecosia.", "qwant.", "startpage.", "search.brave.", "naver.", "seznam.",
}

// sourceOf classifies a session's entry referrer relative to the site host.
func sourceOf(entry, site string) string {
	host := hostOf(entry)
	switch {
	case host == "":
		return "direct"
	case host == site:
		return "internal"
	}
	host = strings.TrimPrefix(host, "www.")
	for _, e := range searchEngines {
		if strings.HasPrefix(host, e) {
			return "search"
		}
	}
	return "external"
}

// hostOf returns the lower-cased host of an absolute URL, without user or
// port; "" when u has none.
func hostOf(u string) string {
	i := strings.Index(u, "://")
	if i < 0 {
		return ""
	}
	u = u[i+3:]
	if j := strings.IndexAny(u, "/?#"); j >= 0 {
		u = u[:j]
	}
	if j := strings.LastIndexByte(u, '@'); j >= 0 {
		u = u[j+1:]
	}
	if j := strings.LastIndexByte(u, ':'); j >= 0 && !strings.Contains(u[j:], "]") {
		u = u[:j]
	}
	return strings.ToLower(u)
}
