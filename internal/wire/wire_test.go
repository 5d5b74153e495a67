package wire_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoFrameTypeSpelledOutsideWire: the client, the server and the load
// test name frame types and error codes through package wire, never as
// string literals ({"type": "start"}, Type: "error", Code: "internal").
func TestNoFrameTypeSpelledOutsideWire(t *testing.T) {
	var found []string
	for _, dir := range []string{"../../chat", "../../server/chat", "../../bench/loadtest"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no Go files in %s: %v", dir, err)
		}
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, name, src, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				kv, ok := n.(*ast.KeyValueExpr)
				if !ok {
					return true
				}
				v, ok := kv.Value.(*ast.BasicLit)
				if !ok || v.Kind != token.STRING {
					return true
				}
				switch k := kv.Key.(type) {
				case *ast.BasicLit:
					if k.Value == `"type"` {
						found = append(found, fset.Position(kv.Pos()).String())
					}
				case *ast.Ident:
					if k.Name == "Type" || k.Name == "Code" {
						found = append(found, fset.Position(kv.Pos()).String())
					}
				}
				return true
			})
		}
	}
	if len(found) > 0 {
		t.Errorf("frame types or error codes spelled as literals (use package wire):\n%s", strings.Join(found, "\n"))
	}
}
