package wasmattr

import (
	"slices"
	"testing"
)

var testPaths = NewPaths([]string{"runtime", "internal/abi", "slices", "github.com/hack-pad/safejs",
	"github.com/hack-pad/safejs/internal/catch", "github.com/x/y", "github.com/lcwasm/lcwasm/widget"})

func TestPackageOf(t *testing.T) {
	for _, c := range []struct{ name, want string }{
		{"runtime.mallocgc", "runtime"},
		{Mangle("github.com/lcwasm/lcwasm/widget.(*View).Open"), "github.com/lcwasm/lcwasm/widget"},
		{Mangle("github.com/lcwasm/lcwasm/widget.(*View).Open.func1"), "github.com/lcwasm/lcwasm/widget"},
		{Mangle("slices.SortFunc[go.shape.[]string,go.shape.github.com/x/y.T]"), "slices"},
		{Mangle("github.com/hack-pad/safejs.Value.Call"), "github.com/hack-pad/safejs"},
		{Mangle("github.com/hack-pad/safejs/internal/catch.Try.deferwrap1"), "github.com/hack-pad/safejs/internal/catch"},
		{Mangle("internal/abi.(*Type).Kind"), "internal/abi"},
		{Mangle("main.(*proactive).save"), "main"},
		{Mangle("type:.eq.[2]interface {}"), "type:"},
		{Mangle("unknown/pkg.F"), "unknown_pkg"},
		{"wasm_export_run", NoPackage},
		{"", NoPackage},
	} {
		if got := testPaths.PackageOf(c.name); got != c.want {
			t.Errorf("PackageOf(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestMangle(t *testing.T) {
	if got, want := Mangle("github.com/x/y.(*T).M-fm"), "github.com_x_y.__T_.M_fm"; got != want {
		t.Errorf("Mangle = %q, want %q", got, want)
	}
}

// module assembles a small binary: one imported function, the given
// bodies, a data section of dataLen bytes, and a name section naming the
// defined functions (and the import) when names is set.
func module(bodies [][]byte, funcNames []string, dataLen int) []byte {
	uleb := func(v int) []byte {
		var out []byte
		for {
			c := byte(v & 0x7f)
			v >>= 7
			if v != 0 {
				out = append(out, c|0x80)
				continue
			}
			return append(out, c)
		}
	}
	name := func(s string) []byte { return append(uleb(len(s)), s...) }
	section := func(id byte, content []byte) []byte {
		return append(append([]byte{id}, uleb(len(content))...), content...)
	}
	b := slices.Clone(magic)
	b = append(b, section(1, []byte{1, 0x60, 0, 0})...) // one type: () → ()
	imp := append(uleb(2), append(name("go"), name("debug")...)...)
	imp = append(imp, 0, 0)                                                      // func, type 0
	imp = append(imp, append(append(name("go"), name("mem")...), 2, 1, 1, 2)...) // memory, limits 1..2
	b = append(b, section(2, imp)...)
	fn := uleb(len(bodies))
	for range bodies {
		fn = append(fn, 0)
	}
	b = append(b, section(3, fn)...)
	code := uleb(len(bodies))
	for _, body := range bodies {
		code = append(append(code, uleb(len(body))...), body...)
	}
	b = append(b, section(10, code)...)
	data := append([]byte{1, 0, 0x41, 0, 0x0b}, uleb(dataLen)...)
	for i := range dataLen {
		data = append(data, byte(i))
	}
	b = append(b, section(11, data)...)
	if funcNames != nil {
		sub := uleb(len(funcNames) + 1)
		sub = append(append(sub, uleb(0)...), name("go.debug")...)
		for i, n := range funcNames {
			sub = append(append(sub, uleb(i+1)...), name(n)...)
		}
		names := append(name("name"), append([]byte{1}, append(uleb(len(sub)), sub...)...)...)
		b = append(b, section(0, names)...)
	}
	return b
}

func body(n int) []byte {
	b := make([]byte, n)
	b[0] = 0 // no locals
	for i := 1; i < n-1; i++ {
		b[i] = 0x01 // nop
	}
	b[n-1] = 0x0b // end
	return b
}

func TestParseAndByPackage(t *testing.T) {
	names := []string{"runtime.a", Mangle("github.com/x/y.(*T).M"), "runtime.b", "wasm_export_run"}
	bin := module([][]byte{body(10), body(300), body(20), body(5)}, names, 40)
	m, err := Parse(bin)
	if err != nil {
		t.Fatal(err)
	}
	var gotNames []string
	var sizes []int64
	for _, f := range m.Funcs {
		gotNames = append(gotNames, f.Name)
		sizes = append(sizes, f.Body.Len())
	}
	if !slices.Equal(gotNames, names) || !slices.Equal(sizes, []int64{10, 300, 20, 5}) {
		t.Fatalf("funcs %v %v, want %v [10 300 20 5]", gotNames, sizes, names)
	}
	if m.Names.Len() == 0 || m.Data.Len() == 0 || m.Size != int64(len(bin)) {
		t.Errorf("sections: names %d, data %d, size %d of %d", m.Names.Len(), m.Data.Len(), m.Size, len(bin))
	}
	rows := ByPackage(m, testPaths)
	byName := map[string]Package{}
	var total int64
	for _, r := range rows {
		byName[r.Package] = r
		total += r.Raw
	}
	if got := byName["runtime"]; got.Functions != 2 || got.Raw != 30 {
		t.Errorf("runtime = %+v, want 2 functions, 30 bytes", got)
	}
	if got := byName["github.com/x/y"]; got.Functions != 1 || got.Raw != 300 {
		t.Errorf("github.com/x/y = %+v", got)
	}
	if got := byName[NoPackage]; got.Functions != 1 {
		t.Errorf("%s = %+v", NoPackage, got)
	}
	if rows[0].Package != "github.com/x/y" {
		t.Errorf("largest row %q, want github.com/x/y", rows[0].Package)
	}
	if want := m.Size - m.Names.Len(); total != want {
		t.Errorf("rows add up to %d bytes, want the file without its names, %d", total, want)
	}

	if err := EstimateBrotli(m, testPaths, bin, rows, 5, 1000); err != nil {
		t.Fatal(err)
	}
	var br int64
	for _, r := range rows {
		if r.Brotli <= 0 {
			t.Errorf("%s: brotli share %d", r.Package, r.Brotli)
		}
		br += r.Brotli
	}
	if br > 1000 || br < 1000-int64(len(rows)) {
		t.Errorf("brotli shares add up to %d, want 1000 (less rounding)", br)
	}
}

func TestParseWithoutNames(t *testing.T) {
	m, err := Parse(module([][]byte{body(4), body(4)}, nil, 1))
	if err != nil {
		t.Fatal(err)
	}
	if got := []string{m.Funcs[0].Name, m.Funcs[1].Name}; !slices.Equal(got, []string{"func[1]", "func[2]"}) {
		t.Errorf("names %v, want func[1] func[2] (after the one import)", got)
	}
}

func TestParseRejects(t *testing.T) {
	good := module([][]byte{body(8)}, []string{"runtime.a"}, 4)
	for name, b := range map[string][]byte{
		"not wasm":  []byte("\x7fELF...."),
		"truncated": good[:len(good)-3],
		"empty":     nil,
	} {
		if _, err := Parse(b); err == nil {
			t.Errorf("%s: Parse succeeded", name)
		}
	}
}

func TestTop(t *testing.T) {
	rows := []Package{{"a", 1, 10, 5}, {"b", 2, 8, 4}, {"c", 3, 6, 3}, {"d", 4, 4, 2}}
	got := Top(rows, 2)
	want := []Package{{"a", 1, 10, 5}, {"b", 2, 8, 4}, {"(2 others)", 7, 10, 5}}
	if !slices.Equal(got, want) {
		t.Errorf("Top = %+v, want %+v", got, want)
	}
	if got := Top(rows, 9); !slices.Equal(got, rows) {
		t.Errorf("Top(9) = %+v", got)
	}
}
