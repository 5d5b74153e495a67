//go:build js && wasm

package jsbridge

import (
	"github.com/hack-pad/safejs"
	"github.com/lcwasm/lcwasm/widget"
)

// UploadTimeoutMs is how long an upload may take, in milliseconds: the
// server's own read deadline for a file is two minutes.
const UploadTimeoutMs = 130_000

// Pick implements widget.FilePicker: input.click() opens the chooser.
func (n *node) Pick() { _, _ = n.v.Call("click") }

// Files implements widget.FilePicker: the input's files with what the
// browser says of them; the input is cleared so the same file can be
// picked again.
func (n *node) Files() []widget.File {
	list := get(n.v, "files")
	count, err := get(list, "length").Int()
	if err != nil {
		return nil
	}
	out := make([]widget.File, 0, count)
	for i := range count {
		f, err := list.Index(i)
		if err != nil {
			continue
		}
		size, _ := get(f, "size").Float()
		out = append(out, widget.File{Name: str(get(f, "name")), Type: str(get(f, "type")), Size: int64(size), Handle: f})
	}
	_ = n.v.Set("value", "")
	return out
}

// Upload posts file (a File the page gave, as widget.File.Handle holds
// it) to url with XMLHttpRequest, which reports the upload's progress:
// progress gets the bytes sent, done the status and the parsed JSON
// answer, or status 0 and why it failed (no answer within
// UploadTimeoutMs included). token, when not "", is sent as a Bearer
// token. abort stops it (done then hears status 0); after done it does
// nothing.
func Upload(url, token string, file any, progress func(sent, total int64), done func(status int, answer any, failure string)) (abort func()) {
	blob, _ := file.(safejs.Value)
	return request("POST", url, token, blob, "json", progress, func(status int, r safejs.Value, failure string) {
		done(status, ToGo(r), failure)
	})
}

// FetchBlobURL fetches url with a Bearer token and no credentials, and
// gives then an object URL of the answer's bytes, or "" and why not. The
// caller revokes it (RevokeURL) when it no longer shows it.
func FetchBlobURL(url, token string, then func(objectURL, failure string)) {
	_ = request("GET", url, token, safejs.Null(), "blob", nil, func(status int, r safejs.Value, failure string) {
		if status != 200 {
			then("", failure)
			return
		}
		u, err := get(global, "URL").Call("createObjectURL", r)
		if err != nil {
			then("", err.Error())
			return
		}
		then(str(u), "")
	})
}

// request sends one XMLHttpRequest without credentials and gives done
// its status and response (of responseType), or status 0 and why it
// failed; progress, when not nil, hears how much of the body went. abort
// is xhr.abort().
func request(method, url, token string, body safejs.Value, responseType string, progress func(sent, total int64),
	done func(status int, response safejs.Value, failure string)) (abort func()) {
	xhr, err := newObject("XMLHttpRequest")
	if err != nil {
		done(0, safejs.Null(), err.Error())
		return func() {}
	}
	var offs []func()
	if progress != nil {
		offs = append(offs, Listen(get(xhr, "upload"), "progress", func(ev safejs.Value) {
			sent, _ := get(ev, "loaded").Float()
			total, _ := get(ev, "total").Float()
			progress(int64(sent), int64(total))
		}))
	}
	offs = append(offs, Listen(xhr, "loadend", func(safejs.Value) {
		for _, off := range offs {
			off()
		}
		status, _ := get(xhr, "status").Int()
		why := ""
		if status == 0 {
			why = method + " " + url + " failed: no answer"
		} else if status >= 300 {
			why = method + " " + url + ": HTTP " + str(get(xhr, "statusText"))
		}
		done(status, get(xhr, "response"), why)
	}))
	_, err = xhr.Call("open", method, url)
	if err == nil {
		_ = xhr.Set("responseType", responseType)
		_ = xhr.Set("timeout", UploadTimeoutMs)
		if token != "" {
			_, err = xhr.Call("setRequestHeader", "Authorization", "Bearer "+token)
		}
	}
	if err == nil {
		_, err = xhr.Call("send", body)
	}
	if err != nil {
		for _, off := range offs {
			off()
		}
		done(0, safejs.Null(), err.Error())
	}
	return func() { _, _ = xhr.Call("abort") }
}

// RevokeURL releases an object URL.
func RevokeURL(u string) { _, _ = get(global, "URL").Call("revokeObjectURL", u) }

// SaveURL hands the visitor the object URL u as the file name, through
// a temporary <a download> in the shadow root.
func (d *Document) SaveURL(u, name string) error {
	a, err := document.Call("createElement", "a")
	if err == nil {
		_ = a.Set("href", u)
		_ = a.Set("download", name)
		_ = a.Set("hidden", true)
		_, err = d.root.v.Call("appendChild", a)
	}
	if err == nil {
		_, err = a.Call("click")
		_, _ = a.Call("remove")
	}
	return err
}
