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

// Random is chat.Random over crypto.getRandomValues (checked) and
// crypto.randomUUID, and Math.random for the reconnection jitter.
type Random struct{}

const idAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// lastID is the last id ID returned: a source that gives the same id twice
// is not random.
var lastID string

// ID returns 22 URL-safe characters of cryptographic randomness (132 bits)
// from crypto.getRandomValues, or where that fails 32 hex digits from
// crypto.randomUUID (122 bits). A getRandomValues that throws, or that
// leaves its zeroed buffer as it was, or gives the last id again, is
// refused, as is a randomUUID that is missing, not a version 4 UUID or
// repeats itself: the error says why.
func (Random) ID() (string, error) {
	id, err := randomValuesID()
	if err != nil {
		u, uerr := randomUUID()
		if uerr != nil {
			return "", errors.New("jsbridge: " + err.Error() + ", and " + uerr.Error())
		}
		id = u
	}
	lastID = id
	return id, nil
}

func randomValuesID() (string, error) {
	buf, err := newObject("Uint8Array", 22) // zeros
	if err != nil {
		return "", errors.New("no Uint8Array: " + err.Error())
	}
	if _, err := get(global, "crypto").Call("getRandomValues", buf); err != nil {
		return "", errors.New("crypto.getRandomValues failed: " + err.Error())
	}
	out := make([]byte, 22)
	changed := false
	for i := range out {
		b, _ := buf.Index(i)
		n := int(num(b))
		changed = changed || n != 0
		out[i] = idAlphabet[n&63]
	}
	switch {
	case !changed:
		return "", errors.New("crypto.getRandomValues left its buffer as it was")
	case string(out) == lastID:
		return "", errors.New("crypto.getRandomValues gave the same bytes twice")
	}
	return string(out), nil
}

func randomUUID() (string, error) {
	v, err := get(global, "crypto").Call("randomUUID")
	if err != nil {
		return "", errors.New("crypto.randomUUID failed: " + err.Error())
	}
	u := str(v)
	hex := make([]byte, 0, 32)
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if c != '-' {
				return "", errors.New("crypto.randomUUID gave no UUID")
			}
		case '0' <= c && c <= '9' || 'a' <= c && c <= 'f':
			hex = append(hex, c)
		default:
			return "", errors.New("crypto.randomUUID gave no UUID")
		}
	}
	switch {
	case len(u) != 36 || u[14] != '4':
		return "", errors.New("crypto.randomUUID gave no version 4 UUID")
	case string(hex) == lastID:
		return "", errors.New("crypto.randomUUID gave the same UUID twice")
	}
	return string(hex), nil
}

// Fraction returns Math.random().
func (Random) Fraction() float64 {
	r, _ := get(global, "Math").Call("random")
	return num(r)
}
