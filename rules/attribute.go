package rules

import (
	"strings"

	"github.com/lcwasm/lcwasm/internal/instant"
)

// attrOps are the operators of an "attribute" condition.
var attrOps = []string{"equals", "notEqual", "in", "contains", "gt", "lt", "exists"}

const (
	attrEquals = iota
	attrNotEqual
	attrIn
	attrContains
	attrGt
	attrLt
	attrExists
)

// attribute compares an audience attribute set by the page.
type attribute struct {
	name string
	op   int
	arg  any   // string, float64 or bool
	in   []any // for "in"
}

func decodeAttribute(d *decoder, arg any, path string, _ int) node {
	m := d.object(arg, path, append([]string{"name"}, attrOps...)...)
	if m == nil {
		return nil
	}
	a := attribute{op: -1}
	a.name, _ = d.name(m, "name", path)
	for op, key := range attrOps {
		if v, ok := m[key]; ok && a.op >= 0 {
			d.fail(path, "want one of "+strings.Join(attrOps, ", "))
			return nil
		} else if ok {
			a.op, a.arg = op, v
		}
	}
	if a.op < 0 {
		d.fail(path, "want one of "+strings.Join(attrOps, ", "))
		return nil
	}
	return d.attrArg(a, field(path, attrOps[a.op]))
}

// attrArg checks and normalises the operand of a.
func (d *decoder) attrArg(a attribute, path string) node {
	var ok bool
	switch a.op {
	case attrExists:
		_, ok = a.arg.(bool)
	case attrIn:
		list, _ := a.arg.([]any)
		a.in, ok = make([]any, len(list)), len(list) > 0
		for i, e := range list {
			a.in[i] = primitive(e)
			ok = ok && a.in[i] != nil
		}
	case attrGt, attrLt:
		a.arg = primitive(a.arg)
		_, b := a.arg.(bool)
		ok = a.arg != nil && !b
	default:
		a.arg = primitive(a.arg)
		ok = a.arg != nil
	}
	if !ok {
		d.fail(path, "want "+attrWant[a.op])
		return nil
	}
	return a
}

var attrWant = [...]string{
	attrEquals: "a string, number or boolean", attrNotEqual: "a string, number or boolean",
	attrIn: "a non-empty list of strings, numbers or booleans", attrContains: "a string, number or boolean",
	attrGt: "a number or a string", attrLt: "a number or a string", attrExists: "true or false",
}

// primitive normalises a JSON or Go scalar: numbers become float64; others nil.
func primitive(v any) any {
	switch v := v.(type) {
	case string, bool:
		return v
	}
	if f, ok := toFloat(v); ok {
		return f
	}
	return nil
}

func (a attribute) eval(c *ctx) (bool, instant.Time) {
	v, ok := c.v.Attributes[a.name]
	switch a.op {
	case attrExists:
		return ok == a.arg.(bool), 0
	case attrNotEqual:
		return !ok || primitive(v) != a.arg, 0
	}
	return ok && a.holds(v), 0
}

func (a attribute) holds(v any) bool {
	switch a.op {
	case attrEquals:
		return primitive(v) == a.arg
	case attrIn:
		p := primitive(v)
		for _, e := range a.in {
			if p != nil && p == e {
				return true
			}
		}
		return false
	case attrContains:
		return contains(v, a.arg)
	case attrGt:
		return compare(primitive(v), a.arg) > 0
	}
	return compare(primitive(v), a.arg) < 0
}

// contains reports whether a string attribute has the substring arg, or a
// list attribute has the element arg.
func contains(v, arg any) bool {
	if s, ok := v.(string); ok {
		sub, ok := arg.(string)
		return ok && strings.Contains(s, sub)
	}
	list, _ := v.([]any)
	for _, e := range list {
		if primitive(e) == arg {
			return true
		}
	}
	return false
}

// compare orders two numbers or two strings; 0 for anything else.
func compare(a, b any) int {
	switch a := a.(type) {
	case float64:
		if b, ok := b.(float64); ok {
			return cmpOf(a < b, a > b)
		}
	case string:
		if b, ok := b.(string); ok {
			return strings.Compare(a, b)
		}
	}
	return 0
}

func cmpOf(less, more bool) int {
	switch {
	case less:
		return -1
	case more:
		return 1
	}
	return 0
}
