package wasmattr

import (
	"bytes"
	"errors"
	"fmt"
)

// Section ids of the WebAssembly binary format.
const (
	secCustom = 0
	secImport = 2
	secCode   = 10
	secData   = 11
)

// Module is what Parse reads of a binary.
type Module struct {
	Size int64 // bytes of the whole file
	// Funcs are the functions defined in the code section, in order.
	Funcs []Func
	// Code and Data are the byte ranges of the contents of the code and
	// data sections, Names that of the whole "name" custom section, its
	// header included (empty when absent): the file is Size - Names.Len()
	// bytes once stripped.
	Code, Data, Names Range
}

// Func is one function of the code section.
type Func struct {
	Name string // from the name section; "func[N]" when it has none
	Body Range  // its body, size prefix excluded, as an offset range in the file
}

// Range is [Start, End) in the file.
type Range struct{ Start, End int64 }

// Len is End - Start.
func (r Range) Len() int64 { return r.End - r.Start }

var magic = []byte{0, 'a', 's', 'm', 1, 0, 0, 0}

// Parse reads the sections, function bodies and function names of the
// WebAssembly binary b.
func Parse(b []byte) (*Module, error) {
	if !bytes.HasPrefix(b, magic) {
		return nil, errors.New("wasmattr: not a WebAssembly binary (version 1)")
	}
	m := &Module{Size: int64(len(b))}
	r := &reader{b: b, pos: len(magic)}
	imported := 0
	var names map[int]string
	for r.pos < len(b) {
		head := r.pos
		id := r.byte()
		size := r.uleb()
		start := r.pos
		end := start + int(size)
		if r.err != nil || size > uint64(len(b)) || end > len(b) {
			return nil, fmt.Errorf("wasmattr: section %d at offset %d runs past the end", id, start)
		}
		sec := &reader{b: b[:end], pos: start}
		switch id {
		case secImport:
			imported = sec.funcImports()
		case secCode:
			m.Code = Range{int64(start), int64(end)}
			m.Funcs = sec.bodies()
		case secData:
			m.Data = Range{int64(start), int64(end)}
		case secCustom:
			if sec.name() == "name" {
				m.Names = Range{int64(head), int64(end)}
				names = sec.funcNames()
			}
		}
		if sec.err != nil {
			return nil, fmt.Errorf("wasmattr: section %d: %w", id, sec.err)
		}
		r.pos = end
	}
	for i := range m.Funcs {
		if n, ok := names[imported+i]; ok {
			m.Funcs[i].Name = n
		} else {
			m.Funcs[i].Name = fmt.Sprintf("func[%d]", imported+i)
		}
	}
	return m, nil
}

// reader decodes LEB128 numbers and names, remembering the first error.
type reader struct {
	b   []byte
	pos int
	err error
}

var errShort = errors.New("unexpected end of section")

func (r *reader) byte() byte {
	if r.err != nil || r.pos >= len(r.b) {
		r.err = cmpErr(r.err, errShort)
		return 0
	}
	c := r.b[r.pos]
	r.pos++
	return c
}

func cmpErr(old, new error) error {
	if old != nil {
		return old
	}
	return new
}

func (r *reader) uleb() uint64 {
	var v uint64
	for shift := 0; shift < 64; shift += 7 {
		c := r.byte()
		v |= uint64(c&0x7f) << shift
		if c&0x80 == 0 {
			return v
		}
	}
	r.err = cmpErr(r.err, errors.New("LEB128 number too long"))
	return 0
}

func (r *reader) name() string {
	n := int(r.uleb())
	if r.err != nil || n < 0 || r.pos+n > len(r.b) {
		r.err = cmpErr(r.err, errShort)
		return ""
	}
	s := string(r.b[r.pos : r.pos+n])
	r.pos += n
	return s
}

// funcImports counts the function imports of an import section.
func (r *reader) funcImports() int {
	funcs := 0
	for n := r.uleb(); n > 0 && r.err == nil; n-- {
		r.name() // module
		r.name() // field
		switch kind := r.byte(); kind {
		case 0: // function: type index
			funcs++
			r.uleb()
		case 1: // table: element type, limits
			r.byte()
			r.limits()
		case 2: // memory: limits
			r.limits()
		case 3: // global: value type, mutability
			r.byte()
			r.byte()
		default:
			r.err = cmpErr(r.err, fmt.Errorf("unknown import kind %d", kind))
		}
	}
	return funcs
}

func (r *reader) limits() {
	if flags := r.byte(); flags&1 != 0 {
		r.uleb()
	}
	r.uleb()
}

// bodies reads the function bodies of a code section.
func (r *reader) bodies() []Func {
	n := r.uleb()
	if n > uint64(len(r.b)) {
		r.err = cmpErr(r.err, errShort)
		return nil
	}
	funcs := make([]Func, 0, n)
	for ; n > 0 && r.err == nil; n-- {
		size := int(r.uleb())
		start := r.pos
		if r.err != nil || size < 0 || start+size > len(r.b) {
			r.err = cmpErr(r.err, errShort)
			break
		}
		funcs = append(funcs, Func{Body: Range{int64(start), int64(start + size)}})
		r.pos += size
	}
	return funcs
}

// funcNames reads the function-names subsection (id 1) of a name section
// whose name has been read; other subsections are skipped.
func (r *reader) funcNames() map[int]string {
	names := map[int]string{}
	for r.pos < len(r.b) && r.err == nil {
		id := r.byte()
		size := int(r.uleb())
		end := r.pos + size
		if r.err != nil || size < 0 || end > len(r.b) {
			r.err = cmpErr(r.err, errShort)
			break
		}
		if id == 1 {
			for n := r.uleb(); n > 0 && r.err == nil; n-- {
				idx := int(r.uleb())
				names[idx] = r.name()
			}
		}
		r.pos = end
	}
	return names
}
