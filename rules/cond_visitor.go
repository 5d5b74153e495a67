package rules

import (
	"slices"
	"strings"
	"time"
)

// exitIntent holds when the page saw exit intent (or, with false, did not).
type exitIntent bool

func decodeExitIntent(d *decoder, arg any, path string, _ int) node {
	b, ok := arg.(bool)
	if !ok {
		d.fail(path, "want true or false")
		return nil
	}
	return exitIntent(b)
}

func (n exitIntent) eval(c *ctx) (bool, time.Time) {
	return c.v.ExitIntent == bool(n), time.Time{}
}

// device holds for the listed device classes.
type device []Device

func decodeDevice(d *decoder, arg any, path string, _ int) node {
	list := d.strings(arg, path)
	out := make(device, len(list))
	for i, s := range list {
		out[i] = Device(s)
		if !slices.Contains([]Device{Phone, Tablet, Desktop}, out[i]) {
			d.fail(index(path, i), "want phone, tablet or desktop")
			return nil
		}
	}
	if list == nil {
		return nil
	}
	return out
}

func (n device) eval(c *ctx) (bool, time.Time) {
	return slices.Contains(n, c.v.Device), time.Time{}
}

// language holds when the visitor's preferred language falls under one of
// the listed tags ("fr" covers "fr-CA"; case does not matter).
type language []string

func decodeLanguage(d *decoder, arg any, path string, _ int) node {
	list := d.strings(arg, path)
	for i, s := range list {
		if s == "" || strings.HasSuffix(s, "-") {
			d.fail(index(path, i), "want a language tag such as fr or de-CH")
			return nil
		}
		list[i] = strings.ToLower(s)
	}
	if list == nil {
		return nil
	}
	return language(list)
}

func (n language) eval(c *ctx) (bool, time.Time) {
	if len(c.v.Languages) == 0 {
		return false, time.Time{}
	}
	tag := strings.ToLower(c.v.Languages[0])
	for _, want := range n {
		if tag == want || strings.HasPrefix(tag, want) && tag[len(want)] == '-' {
			return true, time.Time{}
		}
	}
	return false, time.Time{}
}
