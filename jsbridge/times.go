//go:build js && wasm

package jsbridge

import (
	"strconv"

	"github.com/hack-pad/safejs"
)

// The Document writes times with the browser's Intl.DateTimeFormat in the
// visitor's locale and time zone (widget.Times): Go's time formatting and
// zone data would add to the wasm what the browser already has.

// ShortTime is the time of day, "14:05" or "2:05 PM".
func (d *Document) ShortTime(ms int64) string {
	return formatTime(&d.short, d.locale, map[string]any{"hour": "numeric", "minute": "2-digit"}, ms)
}

// LongTime is the full date and time, to the second.
func (d *Document) LongTime(ms int64) string {
	return formatTime(&d.long, d.locale, map[string]any{"dateStyle": "full", "timeStyle": "medium"}, ms)
}

// MachineTime is ms in ISO 8601 (Date.prototype.toISOString), "" when the
// browser refuses it.
func (d *Document) MachineTime(ms int64) string {
	date, err := newObject("Date", float64(ms))
	if err != nil {
		return ""
	}
	s, err := date.Call("toISOString")
	if err != nil {
		return ""
	}
	return str(s)
}

// formatTime formats ms with the formatter in slot, made on first use
// for locale ("" the browser's) with options; "" when the browser has no
// Intl.
func formatTime(slot *safejs.Value, locale string, options map[string]any, ms int64) string {
	if slot.IsUndefined() || slot.IsNull() {
		var loc any = safejs.Undefined()
		if locale != "" {
			loc = locale
		}
		f, err := get(global, "Intl", "DateTimeFormat").New(loc, object(options))
		if err != nil {
			return ""
		}
		*slot = f
	}
	s, err := slot.Call("format", float64(ms))
	if err != nil {
		return ""
	}
	return str(s)
}

// Minutes implements widget.Minutes with Intl.NumberFormat's unit style in
// the widget's language ("3 minutes"); "3 min" without Intl.
func (d *Document) Minutes(n int) string {
	if d.minutes.IsUndefined() || d.minutes.IsNull() {
		var loc any = safejs.Undefined()
		if d.locale != "" {
			loc = d.locale
		}
		f, err := get(global, "Intl", "NumberFormat").New(loc, object(map[string]any{"style": "unit", "unit": "minute", "unitDisplay": "long"}))
		if err != nil {
			return strconv.Itoa(n) + " min"
		}
		d.minutes = f
	}
	s, err := d.minutes.Call("format", n)
	if err != nil {
		return strconv.Itoa(n) + " min"
	}
	return str(s)
}
