package rules

import "testing"

func TestGlob(t *testing.T) {
	cases := []struct {
		pattern, s string
		want       bool
	}{
		{"/products/*", "/products/shoes", true},
		{"/products/*", "/products/", true},
		{"/products/*", "/products", false},
		{"/products/*", "/products/shoes/red", false},
		{"/products/*/reviews", "/products/shoes/reviews", true},
		{"/docs/**", "/docs", true},
		{"/docs/**", "/docs/", true},
		{"/docs/**", "/docs/a/b/c", true},
		{"/docs/**", "/docsx/a", false},
		{"/docs/**/*.html", "/docs/a/b/c.html", true},
		{"/docs/**/*.html", "/docs/c.html", true},
		{"/docs/**/*.html", "/docs/a/c.txt", false},
		{"**/faq", "/help/faq", true},
		{"**/faq", "/help/faq/more", false},
		{"/**/a/**/b", "/x/a/y/z/b", true},
		{"/**/a/**/b", "/x/b/y/a", false},
		{"/a/**/**/b", "/a/b", true},
		{"**", "", true},
		{"**", "/anything/at/all", true},
		{"/p?ge", "/page", true},
		{"/[a-c]at", "/bat", true},
		{"/[a-c]at", "/rat", false},
		{`/\*`, "/*", true},
		{`/\*`, "/x", false},
		{"/a**b", "/axxb", true},
		{"/a**b", "/ax/xb", false},
		{"", "", true},
		{"", "/", false},
		{"*.google.*", "www.google.com", true},
	}
	for _, tc := range cases {
		g, err := compileGlob(tc.pattern)
		if err != "" {
			t.Fatalf("compileGlob(%q): %s", tc.pattern, err)
		}
		if got := g.match(tc.s); got != tc.want {
			t.Errorf("glob %q on %q = %v, want %v", tc.pattern, tc.s, got, tc.want)
		}
	}
}

func TestGlobMalformed(t *testing.T) {
	for _, p := range []string{"/[a-", `/x\`, "/[]"} {
		if _, err := compileGlob(p); err == "" {
			t.Errorf("compileGlob(%q) accepted a malformed pattern", p)
		}
	}
}
