//go:build js && wasm

package jsbridge

import "github.com/hack-pad/safejs"

// Storage is localStorage, or memory when the browser refuses it (blocked
// cookies, some private modes, a sandboxed frame). Reading the
// localStorage property itself throws there, so every access goes through
// guarded calls.
type Storage struct {
	area safejs.Value
	mem  map[string]string
	// Persistent is false when the store lives in memory only.
	Persistent bool
}

// OpenStorage opens localStorage, falling back to memory.
func OpenStorage() *Storage { return openArea("localStorage") }

// openArea opens the Web Storage area name (localStorage or
// sessionStorage), falling back to memory.
func openArea(name string) *Storage {
	s := &Storage{mem: map[string]string{}}
	area, err := read(global, name)
	if err == nil && area.Type() == safejs.TypeObject {
		const probe = "lcwasm:probe"
		if _, err = area.Call("setItem", probe, "1"); err == nil {
			_, _ = area.Call("removeItem", probe)
			s.area, s.Persistent = area, true
		}
	}
	return s
}

// Get returns the value under key and whether there is one. A value the
// store refused lives in memory, and is newer than what the store holds.
func (s *Storage) Get(key string) (string, bool) {
	if v, ok := s.mem[key]; ok || !s.Persistent {
		return v, ok
	}
	v, err := s.area.Call("getItem", key)
	if err != nil || v.Type() != safejs.TypeString {
		return "", false
	}
	return str(v), true
}

// Set stores value under key; a full or refusing store keeps it in memory,
// and the console says so once.
func (s *Storage) Set(key, value string) {
	if s.Persistent {
		_, err := s.area.Call("setItem", key, value)
		if err == nil {
			delete(s.mem, key)
			return
		}
		Console{}.WarnOnce("setItem", "lcwasm: localStorage refused to save the widget's state ("+ErrorText(err)+
			"), so it is kept in memory for this page only")
	}
	s.mem[key] = value
}

// Remove deletes key.
func (s *Storage) Remove(key string) {
	if s.Persistent {
		_, _ = s.area.Call("removeItem", key)
	}
	delete(s.mem, key)
}

// OnChange calls fn with the key when another tab changes localStorage.
func (s *Storage) OnChange(fn func(key string)) (remove func()) {
	return Listen(global, "storage", func(ev safejs.Value) { fn(str(get(ev, "key"))) })
}

// JSON is the browser's JSON object (chat.JSON, proactive.JSON).
type JSON struct{}

// Parse is ParseJSON.
func (JSON) Parse(text string) (any, error) { return ParseJSON(text) }

// Stringify is StringifyJSON.
func (JSON) Stringify(tree any) (string, error) { return StringifyJSON(tree) }

// ParseJSON parses text with the browser's JSON.parse into a plain tree;
// invalid JSON is nil and an error.
func ParseJSON(text string) (any, error) {
	v, err := get(global, "JSON").Call("parse", text)
	if err != nil {
		return nil, err
	}
	return ToGo(v), nil
}

// StringifyJSON turns a plain tree (maps, slices, strings, float64,
// booleans, nil) into JSON with the browser's JSON.stringify.
func StringifyJSON(tree any) (string, error) {
	v, err := safejs.ValueOf(tree)
	if err != nil {
		return "", err
	}
	s, err := get(global, "JSON").Call("stringify", v)
	return str(s), err
}
