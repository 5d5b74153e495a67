//go:build js && wasm

package jsbridge

import (
	"errors"

	"github.com/hack-pad/safejs"
	"github.com/lcwasm/lcwasm/internal/wire"
	"github.com/lcwasm/lcwasm/widget"
)

// Socket is chat.Socket over the browser's WebSocket, subprotocol
// wire.Subprotocol ("lcwasm.v1"). What happens to the connection is reported through the
// three callbacks; Close reports nothing back.
type Socket struct {
	Opened   func()
	Received func(tree any)
	Closed   func(code int, reason string)
	ws       safejs.Value
	off      []func()
}

// Open starts connecting to url. A failure comes back later through
// Closed with code 1006, as the browser reports it.
func (s *Socket) Open(url string) {
	s.Close()
	ws, err := newObject("WebSocket", url, wire.Subprotocol)
	if err != nil {
		later(func() { s.Closed(1006, "jsbridge: cannot open "+url+": "+err.Error()) })
		return
	}
	s.ws = ws
	s.off = []func(){
		Listen(ws, "open", func(safejs.Value) { s.Opened() }),
		Listen(ws, "message", func(ev safejs.Value) {
			tree, err := ParseJSON(str(get(ev, "data")))
			if err != nil {
				tree = widget.Opaque{Type: "a frame that is not JSON text"} // the client says so, and ignores it
			}
			s.Received(tree)
		}),
		Listen(ws, "close", func(ev safejs.Value) {
			s.release()
			s.Closed(int(num(get(ev, "code"))), str(get(ev, "reason")))
		}),
	}
}

// Send writes frame as JSON. The browser drops a send on a socket that is
// not open without a word, so that is an error here.
func (s *Socket) Send(frame map[string]any) error {
	if s.ws.IsUndefined() || num(get(s.ws, "readyState")) != 1 {
		return errors.New("jsbridge: the chat connection is not open")
	}
	text, err := StringifyJSON(frame)
	if err != nil {
		return err
	}
	_, err = s.ws.Call("send", text)
	return err
}

// Close closes the connection without reporting it.
func (s *Socket) Close() {
	if s.ws.IsUndefined() {
		return
	}
	ws := s.ws
	s.release()
	_, _ = ws.Call("close", 1000)
}

func (s *Socket) release() {
	for _, off := range s.off {
		off()
	}
	s.off, s.ws = nil, safejs.Undefined()
}

// Random is chat.Random over crypto.getRandomValues and Math.random.
type Random struct{}

const idAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// ID returns 22 URL-safe characters of cryptographic randomness (128 bits).
func (Random) ID() string {
	buf, _ := newObject("Uint8Array", 22)
	_, _ = get(global, "crypto").Call("getRandomValues", buf)
	out := make([]byte, 22)
	for i := range out {
		b, _ := buf.Index(i)
		out[i] = idAlphabet[int(num(b))&63]
	}
	return string(out)
}

// Fraction returns Math.random().
func (Random) Fraction() float64 {
	r, _ := get(global, "Math").Call("random")
	return num(r)
}
