package jstree_test

import (
	"testing"

	"github.com/lcwasm/lcwasm/internal/jstree"
)

func TestCursor(t *testing.T) {
	tree := map[string]any{"s": "x", "n": 3.0, "b": true, "list": []any{"a", 1.0}, "obj": map[string]any{"k": 1.0, "odd": 2.0}}
	var errs []error
	c := jstree.Root("pkg", "", tree, &errs)
	c.Name = "config"
	if !c.Object("s", "n", "b", "list", "obj") {
		t.Fatal("not an object")
	}
	if got := c.Get("s").Str("def"); got != "x" {
		t.Errorf("Str = %q", got)
	}
	if got := c.Get("missing").Str("def"); got != "def" {
		t.Errorf("absent Str = %q", got)
	}
	if got := c.Get("n").Number(0, 1, 5); got != 3 {
		t.Errorf("Number = %v", got)
	}
	if !c.Get("b").Bool(false) {
		t.Error("Bool = false")
	}
	if n := c.Get("list").List(); n != 2 || c.Get("list").Index(0).Str("") != "a" {
		t.Errorf("List = %d", n)
	}
	if c.Problems() != 0 || c.First() != nil {
		t.Fatalf("problems: %v", errs)
	}
	c.Get("n").Str("")
	c.Get("n").Bool(false)
	c.Get("n").Number(0, 5, 9)
	c.Get("s").List()
	c.Get("list").Index(1).Str("")
	c.Get("obj").Object("k")
	c.Get("s").Object()
	c.Fail("nothing")
	want := []string{
		"pkg: n: want a string, got number",
		"pkg: n: want a boolean, got number",
		"pkg: n: want a number from 5 to 9, got number",
		"pkg: s: want an array, got string",
		"pkg: list[1]: want a string, got number",
		"pkg: obj.odd: unknown field",
		"pkg: s: want an object, got string",
		"pkg: config: want nothing, got object",
	}
	if len(errs) != len(want) {
		t.Fatalf("errors %q, want %q", errs, want)
	}
	for i, e := range errs {
		if e.Error() != want[i] {
			t.Errorf("error %d = %q, want %q", i, e, want[i])
		}
	}
	if c.First().Error() != want[0] {
		t.Errorf("First = %v", c.First())
	}
	if jstree.Absent(0.0) || !jstree.Absent(nil) || !jstree.Absent(jstree.Undefined{}) {
		t.Error("Absent")
	}
	var none []error
	if jstree.Root("chat: frame", "", 1.0, &none).Fail("an object"); none[0].Error() != "chat: frame: want an object, got number" {
		t.Errorf("unnamed root: %v", none[0])
	}
}
