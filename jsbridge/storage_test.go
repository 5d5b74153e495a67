//go:build js && wasm

package jsbridge_test

import (
	"strings"
	"testing"

	"github.com/lcwasm/lcwasm/jsbridge"
)

// TestStorageNearlyFull: a localStorage that takes small values but
// refuses larger ones (QuotaExceededError, as a nearly full store does)
// keeps the refused value in memory, reads it back rather than the stale
// stored one, and warns once.
func TestStorageNearlyFull(t *testing.T) {
	spy := js(t, `(() => {
		const warned = [], warn = console.warn, setItem = Storage.prototype.setItem;
		localStorage.setItem("lcwasm:test:k", "old");
		console.warn = (...args) => { warned.push(args.join(" ")); };
		Storage.prototype.setItem = function (k, v) {
			if (String(v).length > 8) throw new DOMException("the e2e store is full", "QuotaExceededError");
			return setItem.call(this, k, v);
		};
		return {warned, restore: () => {
			console.warn = warn;
			Storage.prototype.setItem = setItem;
			localStorage.removeItem("lcwasm:test:k");
		}};
	})()`)
	t.Cleanup(func() { _, _ = spy.Call("restore") })

	s := jsbridge.OpenStorage()
	if !s.Persistent {
		t.Fatal("a store that takes the probe must be used")
	}
	s.Set("lcwasm:test:k", "a value too long to store")
	if got, ok := s.Get("lcwasm:test:k"); !ok || got != "a value too long to store" {
		t.Errorf("Get after a refused Set = %q, %v; want the value kept in memory", got, ok)
	}
	s.Set("lcwasm:test:k", "another refused value")
	s.Set("lcwasm:test:k", "short")
	if got, _ := s.Get("lcwasm:test:k"); got != "short" {
		t.Errorf("Get after a stored Set = %q, want short", got)
	}
	stored, _ := js(t, `localStorage.getItem("lcwasm:test:k")`).String()
	if stored != "short" {
		t.Errorf("localStorage holds %q, want short", stored)
	}
	warned, _ := spy.Get("warned")
	list, _ := jsbridge.ToGo(warned).([]any)
	if len(list) != 1 || !strings.Contains(list[0].(string), "QuotaExceededError") {
		t.Errorf("console.warn = %q, want one warning naming the refusal", list)
	}
}
