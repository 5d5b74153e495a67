//go:build js && wasm

package jsbridge

import (
	"strconv"

	"github.com/hack-pad/safejs"
)

// FetchTimeoutMs is how long FetchJSON waits for an answer, in
// milliseconds: a server that accepts the connection and never answers
// must not leave a page's Promise pending forever.
const FetchTimeoutMs = 10000

// FetchJSON fetches url without credentials and returns a Promise of what
// then returns, called with the parsed JSON body; a network failure, a
// non-2xx answer or no answer within FetchTimeoutMs calls then with nil
// and the reason instead.
func FetchJSON(url string, then func(body any, failure string) any) safejs.Value {
	var ok, bad safejs.Func
	done := func() { ok.Release(); bad.Release() }
	ok = Func("fetch "+url, func(_ safejs.Value, args []safejs.Value) any {
		done()
		return then(ToGo(args[0]), "")
	})
	bad = Func("fetch "+url+" failed", func(_ safejs.Value, args []safejs.Value) any {
		done()
		return then(nil, failure(args[0]))
	})
	opts := map[string]any{"credentials": "omit"}
	if signal, err := get(global, "AbortSignal").Call("timeout", FetchTimeoutMs); err == nil {
		opts["signal"] = signal
	}
	p, err := global.Call("fetch", url, opts)
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

// failure describes why a fetch failed: the browser's message, or the
// time-out in words.
func failure(e safejs.Value) string {
	if str(get(e, "name")) == "TimeoutError" {
		return "no answer within " + strconv.Itoa(FetchTimeoutMs/1000) + " s"
	}
	return str(get(e, "message"))
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

// PostJSON posts body as JSON to url without credentials, and calls then
// with the answer's status and parsed JSON body (nil when it has none),
// or status 0 and why the request failed (no answer within
// FetchTimeoutMs included).
func PostJSON(url string, body map[string]any, then func(status int, answer any, failure string)) {
	var ok, bad safejs.Func
	done := func() { ok.Release(); bad.Release() }
	ok = Func("post "+url, func(_ safejs.Value, args []safejs.Value) any {
		done()
		r := args[0]
		status, _ := get(r, "status").Int()
		j, err := r.Call("json")
		if err != nil {
			then(status, nil, "")
			return nil
		}
		var parsed, unparsed safejs.Func
		parsed = Func("post "+url+" body", func(_ safejs.Value, a []safejs.Value) any {
			parsed.Release()
			unparsed.Release()
			then(status, ToGo(a[0]), "")
			return nil
		})
		unparsed = Func("post "+url+" body", func(safejs.Value, []safejs.Value) any {
			parsed.Release()
			unparsed.Release()
			then(status, nil, "")
			return nil
		})
		_, _ = j.Call("then", parsed, unparsed)
		return nil
	})
	bad = Func("post "+url+" failed", func(_ safejs.Value, args []safejs.Value) any {
		done()
		then(0, nil, failure(args[0]))
		return nil
	})
	text, err := get(global, "JSON").Call("stringify", object(body))
	if err != nil {
		done()
		then(0, nil, err.Error())
		return
	}
	opts := map[string]any{"method": "POST", "credentials": "omit", "body": text,
		"headers": map[string]any{"Content-Type": "application/json"}}
	if signal, err := get(global, "AbortSignal").Call("timeout", FetchTimeoutMs); err == nil {
		opts["signal"] = signal
	}
	p, err := global.Call("fetch", url, opts)
	if err == nil {
		_, err = p.Call("then", ok, bad)
	}
	if err != nil {
		done()
		then(0, nil, err.Error())
	}
}
