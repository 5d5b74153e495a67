package rules

import "testing"

func TestPageURL(t *testing.T) {
	runConds(t, []condCase{
		{name: "path equals", cond: `{"path": {"equals": "/products/shoes"}}`, want: true},
		{name: "path equals is exact", cond: `{"path": {"equals": "/products"}}`, want: false},
		{name: "path prefix", cond: `{"path": {"prefix": "/products/"}}`, want: true},
		{name: "path suffix", cond: `{"path": {"suffix": "/shoes"}}`, want: true},
		{name: "path contains", cond: `{"path": {"contains": "shoe"}}`, want: true},
		{name: "path glob star", cond: `{"path": {"glob": "/products/*"}}`, want: true},
		{name: "path glob star stays in segment", cond: `{"path": {"glob": "/*"}}`, want: false},
		{name: "path glob double star", cond: `{"path": {"glob": "/**/shoes"}}`, want: true},
		{name: "path regex", cond: `{"path": {"regex": "^/products/[a-z]+$"}}`, want: true},
		{name: "path regex no match", cond: `{"path": {"regex": "^/docs"}}`, want: false},
		{name: "case sensitive", cond: `{"path": {"equals": "/Products/Shoes"}}`, want: false},
		{name: "ignoreCase", cond: `{"path": {"equals": "/Products/Shoes", "ignoreCase": true}}`, want: true},
		{name: "ignoreCase glob", cond: `{"path": {"glob": "/PRODUCTS/*", "ignoreCase": true}}`, want: true},
		{name: "url prefix", cond: `{"url": {"prefix": "https://shop.example/products"}}`, want: true},
		{name: "url glob", cond: `{"url": {"glob": "https://*.example/**"}}`, want: true},
		{name: "hash", cond: `{"hash": {"equals": "#reviews"}}`, want: true},
		{name: "title contains", cond: `{"title": {"contains": "Shoes"}}`, want: true},
		{name: "title contains ignoreCase", cond: `{"title": {"contains": "shop", "ignoreCase": true}}`, want: true},
	})
}

func TestQueryAndUTM(t *testing.T) {
	runConds(t, []condCase{
		{name: "param equals", cond: `{"query": {"name": "ref", "equals": "mail"}}`, want: true},
		{name: "param differs", cond: `{"query": {"name": "ref", "equals": "ads"}}`, want: false},
		{name: "param missing", cond: `{"query": {"name": "gclid", "prefix": ""}}`, want: false},
		{name: "param exists", cond: `{"query": {"name": "ref", "exists": true}}`, want: true},
		{name: "param absent", cond: `{"query": {"name": "gclid", "exists": false}}`, want: true},
		{name: "utm of the session", cond: `{"utm": {"tag": "campaign", "equals": "spring"}}`, want: true},
		{name: "utm glob", cond: `{"utm": {"tag": "source", "glob": "new*"}}`, want: true},
		{name: "utm absent", cond: `{"utm": {"tag": "medium", "exists": true}}`, want: false},
	})
}

func TestReferrer(t *testing.T) {
	from := func(ref string) func(*Visit) { return func(v *Visit) { v.Referrer = ref } }
	runConds(t, []condCase{
		{name: "url contains", cond: `{"referrer": {"contains": "/faq"}}`, want: true},
		{name: "url glob", cond: `{"referrer": {"glob": "https://shop.example/faq/**"}}`, want: true},
		{name: "host equals", cond: `{"referrerHost": {"equals": "shop.example"}}`, want: true},
		{name: "host is lower-cased", cond: `{"referrerHost": {"equals": "Partner.example"}}`,
			visit: from("https://user@PARTNER.example:8443/x"), want: true},
		{name: "host suffix", cond: `{"referrerHost": {"suffix": ".partner.example"}}`,
			visit: from("https://blog.partner.example/post"), want: true},
		{name: "no referrer", cond: `{"referrerHost": {"prefix": ""}}`, visit: from(""), want: true},
		{name: "relative referrer has no host", cond: `{"referrerHost": {"equals": "faq"}}`, visit: from("faq"), want: false},
	})
}

func TestSource(t *testing.T) {
	entry := func(e string) func(*Visit) { return func(v *Visit) { v.Entry = e } }
	runConds(t, []condCase{
		{name: "search", cond: `{"source": "search"}`, want: true},
		{name: "search on a country domain", cond: `{"source": "search"}`, visit: entry("https://www.google.co.uk/"), want: true},
		{name: "bing", cond: `{"source": ["search"]}`, visit: entry("https://www.bing.com/search?q=x"), want: true},
		{name: "direct", cond: `{"source": "direct"}`, visit: entry(""), want: true},
		{name: "direct or search", cond: `{"source": ["direct", "search"]}`, visit: entry(""), want: true},
		{name: "external", cond: `{"source": "external"}`, visit: entry("https://news.example/"), want: true},
		{name: "not search", cond: `{"source": "search"}`, visit: entry("https://mail.example/"), want: false},
		{name: "internal", cond: `{"source": "internal"}`, visit: entry("https://shop.example/"), want: true},
	})
}

func TestHostOf(t *testing.T) {
	for in, want := range map[string]string{
		"https://a.example/x":          "a.example",
		"http://u:p@A.Example:80/?q#f": "a.example",
		"https://[::1]:8080/":          "[::1]",
		"https://[::1]/":               "[::1]",
		"https://a.example?x":          "a.example",
		"a.example/x":                  "",
		"":                             "",
	} {
		if got := hostOf(in); got != want {
			t.Errorf("hostOf(%q) = %q, want %q", in, got, want)
		}
	}
}
