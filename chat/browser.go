package chat

import "strings"

// browsers are the user agent tokens Browser knows, most specific first:
// Edge, Opera and Samsung Internet also say "Chrome/", Chrome and every
// iOS browser "Safari/".
var browsers = []struct{ token, name string }{
	{"Edg/", "Edge"}, {"EdgA/", "Edge"}, {"EdgiOS/", "Edge"},
	{"OPR/", "Opera"}, {"SamsungBrowser/", "Samsung Internet"},
	{"Firefox/", "Firefox"}, {"FxiOS/", "Firefox"},
	{"CriOS/", "Chrome"}, {"HeadlessChrome/", "Headless Chrome"}, {"Chrome/", "Chrome"},
	{"Version/", "Safari"}, // Safari's version: "Version/18.1 Safari/605.1.15"
}

// systems are the platform tokens Browser knows, most specific first
// (Android says "Linux", an iPhone "like Mac OS X").
var systems = []struct{ token, name string }{
	{"Windows", "Windows"}, {"iPhone", "iOS"}, {"iPad", "iPadOS"}, {"Android", "Android"},
	{"CrOS", "ChromeOS"}, {"Mac OS X", "macOS"}, {"Linux", "Linux"},
}

// Browser names the browser and its system from a user agent string, in
// a few words an agent reads: "Chrome 156 on Linux", "Safari 18 on iOS";
// "" when it knows neither. Only these names and a major version (at most
// 4 digits) are made of it: nothing else of the string is sent.
func Browser(userAgent string) string {
	name := ""
	for _, b := range browsers {
		if i := strings.Index(userAgent, b.token); i >= 0 {
			name = b.name
			if v := major(userAgent[i+len(b.token):]); v != "" {
				name += " " + v
			}
			break
		}
	}
	system := ""
	for _, s := range systems {
		if strings.Contains(userAgent, s.token) {
			system = s.name
			break
		}
	}
	switch {
	case name == "":
		return system
	case system == "":
		return name
	}
	return name + " on " + system
}

// major is the leading digits of s, "" when there are none or more than 4.
func major(s string) string {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	if n > 4 {
		return ""
	}
	return s[:n]
}
