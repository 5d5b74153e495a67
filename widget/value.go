package widget

import "github.com/lcwasm/lcwasm/internal/jstree"

// The pure trees the bridge makes of JavaScript values: see package jstree.
type (
	// Undefined is JavaScript's undefined (also a missing argument).
	Undefined = jstree.Undefined
	// Function is any JavaScript function.
	Function = jstree.Function
	// Opaque is a value the widget cannot use; Type names it.
	Opaque = jstree.Opaque
)

// TypeName names a tree value the way a JavaScript developer would.
func TypeName(v any) string { return jstree.TypeName(v) }

// absent reports whether v is null or undefined.
func absent(v any) bool { return jstree.Absent(v) }

// arg returns args[i], or Undefined when the caller passed fewer.
func arg(args []any, i int) any {
	if i < len(args) {
		return args[i]
	}
	return Undefined{}
}

// field is the decoding cursor of package jstree, reporting as "widget".
type field = jstree.Cursor

// root starts decoding tree at path.
func root(path string, tree any, errs *[]error) field {
	c := jstree.Root("widget", path, tree, errs)
	c.Name = "config" // the configuration itself
	return c
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
