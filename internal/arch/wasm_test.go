package arch

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"testing"
)

// TestWasmTakesTimeFromItsClock: package wasm reads the time only from
// the one jsbridge.Clock the runtime wires (no time.Now, time.Since or
// time.Until), and builds one jsbridge.Zones, shared by the widget and the
// rules.
func TestWasmTakesTimeFromItsClock(t *testing.T) {
	files, err := filepath.Glob("../../wasm/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no wasm sources: %v", err)
	}
	zones := 0
	for _, name := range files {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SelectorExpr:
				if x, ok := n.X.(*ast.Ident); ok && x.Name == "time" {
					switch n.Sel.Name {
					case "Now", "Since", "Until":
						t.Errorf("%s: time.%s: use the runtime's jsbridge.Clock", fset.Position(n.Pos()), n.Sel.Name)
					}
				}
			case *ast.CompositeLit:
				if s, ok := n.Type.(*ast.SelectorExpr); ok && s.Sel.Name == "Zones" {
					if x, ok := s.X.(*ast.Ident); ok && x.Name == "jsbridge" {
						zones++
					}
				}
			}
			return true
		})
	}
	if zones != 1 {
		t.Errorf("wasm builds %d jsbridge.Zones; want one, shared by the widget and the rules", zones)
	}
}
