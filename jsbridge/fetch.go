//go:build js && wasm

package jsbridge

import "github.com/hack-pad/safejs"

// FetchJSON fetches url without credentials and returns a Promise of what
// then returns, called with the parsed JSON body; a network failure or a
// non-2xx answer calls then with nil and the reason instead.
func FetchJSON(url string, then func(body any, failure string) any) safejs.Value {
	var ok, bad safejs.Func
	done := func() { ok.Release(); bad.Release() }
	ok = Func("fetch "+url, func(_ safejs.Value, args []safejs.Value) any {
		done()
		return then(ToGo(args[0]), "")
	})
	bad = Func("fetch "+url+" failed", func(_ safejs.Value, args []safejs.Value) any {
		done()
		return then(nil, str(get(args[0], "message")))
	})
	p, err := global.Call("fetch", url, map[string]any{"credentials": "omit"})
	if err == nil {
		p, err = p.Call("then", parseOK)
	}
	if err == nil {
		p, err = p.Call("then", ok, bad)
	}
	if err != nil {
		done()
		return Resolved(map[string]any{"error": err.Error()})
	}
	return p
}

// parseOK is response => response.ok ? response.json() : a rejection.
var parseOK = Func("fetch response", func(_ safejs.Value, args []safejs.Value) any {
	r := args[0]
	if truthy(get(r, "ok")) {
		j, _ := r.Call("json")
		return j
	}
	e, _ := newObject("Error", "HTTP "+str(get(r, "status"))+" from "+str(get(r, "url")))
	rej, _ := get(global, "Promise").Call("reject", e)
	return rej
})
