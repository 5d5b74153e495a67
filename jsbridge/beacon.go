//go:build js && wasm

package jsbridge

import "github.com/hack-pad/safejs"

// SendBeacon sends body, as the browser's JSON.stringify writes it, with
// navigator.sendBeacon (a text/plain POST the browser delivers even as
// the page goes away). It reports whether the browser took it.
func SendBeacon(url string, body map[string]any) bool {
	text, err := StringifyJSON(body)
	if err != nil {
		return false
	}
	ok, err := get(global, "navigator").Call("sendBeacon", url, text)
	if err != nil {
		return false
	}
	b, _ := ok.Bool()
	return b
}

// PrivacySignals reads navigator.globalPrivacyControl (true when the
// visitor asked not to be tracked or have data sold) and Do Not Track
// (navigator.doNotTrack, or window.doNotTrack in older browsers: "1" when
// on).
func PrivacySignals() (gpc bool, dnt string) {
	nav := get(global, "navigator")
	if v := get(nav, "globalPrivacyControl"); v.Type() == safejs.TypeBoolean {
		gpc, _ = v.Bool()
	}
	dnt = str(get(nav, "doNotTrack"))
	if dnt == "" {
		dnt = str(get(global, "doNotTrack"))
	}
	return gpc, dnt
}

// OpenSessionStorage opens sessionStorage, falling back to memory.
func OpenSessionStorage() *Storage { return openArea("sessionStorage") }
