package wasmattr

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/andybalholm/brotli"
)

// Rows that are not Go packages.
const (
	DataRow   = "(data)"           // the data section
	OtherRow  = "(other sections)" // everything but code and data
	NoPackage = "(no package)"     // functions whose name has no package path (the linker's own)
)

// Paths maps the function names of a Go wasm binary back to package
// paths. The Go linker writes names with every character outside
// [A-Za-z0-9_.] replaced by '_' ("github.com/x/y.(*T).M" becomes
// "github.com_x_y.__T_.M"), so a name's package is the longest of the
// known import paths whose mangled form, followed by a dot, starts it.
type Paths struct {
	mangled map[string]string // mangled path → import path
}

// NewPaths knows the given import paths (e.g. `go list -deps` of the
// program) and "main".
func NewPaths(importPaths []string) *Paths {
	p := &Paths{mangled: map[string]string{"main": "main"}}
	for _, ip := range importPaths {
		p.mangled[Mangle(ip)] = ip
	}
	return p
}

// Mangle is the Go wasm linker's rewriting of a symbol name for the name
// section (cmd/link/internal/wasm: [^\w.] → "_").
func Mangle(name string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return '_'
	}, name)
}

// PackageOf returns the import path of the function called name:
// "github.com_x_y.__T_.M" → "github.com/x/y" when Paths knows it. A name of
// an unknown package is cut at its first dot ("type_.eq.…" is the
// compiler's "type:" functions, given as "type:"), and a name without a
// dot ("wasm_export_run", the linker's own) is NoPackage.
func (p *Paths) PackageOf(name string) string {
	best := ""
	for i := 0; i < len(name); i++ {
		if name[i] != '.' {
			continue
		}
		if ip, ok := p.mangled[name[:i]]; ok && len(ip) > len(best) {
			best = ip
		}
	}
	if best != "" {
		return best
	}
	dot := strings.IndexByte(name, '.')
	switch {
	case dot < 0:
		return NoPackage
	case name[:dot] == "type_":
		return "type:"
	}
	return name[:dot]
}

// Package is the share of one Go package (or one of the rows above).
type Package struct {
	Package   string `json:"package"`
	Functions int    `json:"functions"`
	Raw       int64  `json:"raw"` // bytes of its function bodies
	// Brotli is the estimated share of the brotli-compressed file.
	Brotli int64 `json:"brotli"`
}

// ByPackage groups m's functions by package (paths.PackageOf), adds the data and other rows,
// and returns them by raw bytes, largest first. Brotli is left 0.
func ByPackage(m *Module, paths *Paths) []Package {
	by := map[string]*Package{}
	for _, f := range m.Funcs {
		name := paths.PackageOf(f.Name)
		p := by[name]
		if p == nil {
			p = &Package{Package: name}
			by[name] = p
		}
		p.Functions++
		p.Raw += f.Body.Len()
	}
	out := make([]Package, 0, len(by)+2)
	for _, p := range by {
		out = append(out, *p)
	}
	var code int64
	for _, p := range out {
		code += p.Raw
	}
	out = append(out,
		Package{Package: DataRow, Raw: m.Data.Len()},
		Package{Package: OtherRow, Raw: m.Size - code - m.Data.Len() - m.Names.Len()})
	slices.SortFunc(out, func(a, b Package) int {
		return cmp.Or(cmp.Compare(b.Raw, a.Raw), strings.Compare(a.Package, b.Package))
	})
	return out
}

// EstimateBrotli fills in each row's Brotli: the row's bytes of b (a
// package's function bodies in binary order, the data section, the rest
// without the name section) compressed on their own at quality, scaled so
// the rows add up to total, the brotli size of the stripped file.
func EstimateBrotli(m *Module, paths *Paths, b []byte, rows []Package, quality int, total int64) error {
	parts := map[string]*bytes.Buffer{}
	part := func(name string) *bytes.Buffer {
		if parts[name] == nil {
			parts[name] = &bytes.Buffer{}
		}
		return parts[name]
	}
	for _, f := range m.Funcs {
		part(paths.PackageOf(f.Name)).Write(b[f.Body.Start:f.Body.End])
	}
	part(DataRow).Write(b[m.Data.Start:m.Data.End])
	other := part(OtherRow)
	for _, g := range gaps(m.Size, m.Code, m.Data, m.Names) {
		other.Write(b[g.Start:g.End])
	}
	sizes := make([]int64, len(rows))
	var sum int64
	for i, r := range rows {
		buf := parts[r.Package]
		if buf == nil {
			continue
		}
		n, err := brotliSize(buf.Bytes(), quality)
		if err != nil {
			return err
		}
		sizes[i] = n
		sum += n
	}
	for i := range rows {
		rows[i].Brotli = 0
		if sum > 0 {
			rows[i].Brotli = sizes[i] * total / sum
		}
	}
	return nil
}

// gaps returns the ranges of [0, size) outside the given ones, which must
// not overlap.
func gaps(size int64, taken ...Range) []Range {
	taken = slices.DeleteFunc(slices.Clone(taken), func(r Range) bool { return r.Len() <= 0 })
	slices.SortFunc(taken, func(a, b Range) int { return cmp.Compare(a.Start, b.Start) })
	var out []Range
	at := int64(0)
	for _, r := range taken {
		if r.Start > at {
			out = append(out, Range{at, r.Start})
		}
		at = max(at, r.End)
	}
	if at < size {
		out = append(out, Range{at, size})
	}
	return out
}

func brotliSize(b []byte, quality int) (int64, error) {
	var buf bytes.Buffer
	w := brotli.NewWriterLevel(&buf, quality)
	if _, err := w.Write(b); err != nil {
		return 0, fmt.Errorf("wasmattr: brotli: %w", err)
	}
	if err := w.Close(); err != nil {
		return 0, fmt.Errorf("wasmattr: brotli: %w", err)
	}
	return int64(buf.Len()), nil
}

// Top returns the first n rows and, when there are more, a last row
// summing the rest as "(n others)".
func Top(rows []Package, n int) []Package {
	if len(rows) <= n {
		return slices.Clone(rows)
	}
	out := slices.Clone(rows[:n])
	rest := Package{Package: fmt.Sprintf("(%d others)", len(rows)-n)}
	for _, r := range rows[n:] {
		rest.Functions += r.Functions
		rest.Raw += r.Raw
		rest.Brotli += r.Brotli
	}
	return append(out, rest)
}
