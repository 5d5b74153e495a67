package server_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"
)

// TestSecretsAreComparedInConstantTime: every place that compares a
// secret the client sent (a conversation token, a CSRF token) does it
// with crypto/subtle, so the time taken tells nothing of how much
// matched; session and conversation tokens are looked up by their
// SHA-256 hash.
func TestSecretsAreComparedInConstantTime(t *testing.T) {
	for _, tc := range []struct{ file, fn string }{
		{"store/conversations.go", "Authorize"}, // conversation tokens (hashes)
		{"agent/auth.go", "ServeLogout"},        // the sign-out's CSRF token
		{"chat/agent.go", "ServeAgent"},         // the console socket's CSRF token
	} {
		t.Run(tc.fn, func(t *testing.T) {
			f, err := parser.ParseFile(token.NewFileSet(), tc.file, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			var body *ast.BlockStmt
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == tc.fn {
					body = fd.Body
				}
			}
			if body == nil {
				t.Fatalf("%s: no func %s", tc.file, tc.fn)
			}
			found := false
			ast.Inspect(body, func(n ast.Node) bool {
				if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "ConstantTimeCompare" {
					if id, ok := sel.X.(*ast.Ident); ok && id.Name == "subtle" {
						found = true
					}
				}
				return true
			})
			if !found {
				t.Errorf("%s: %s compares its secret without subtle.ConstantTimeCompare", tc.file, tc.fn)
			}
		})
	}
}
