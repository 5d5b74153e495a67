package widget

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// configKeys are the top-level fields of a widget configuration.
// "proactiveRules" is decoded by package rules.
var configKeys = []string{"appId", "proactiveChat", "chat", "auth", "prechat", "operatingHours", "proactiveRules"}

// DecodeConfig reads the site owner's configuration (a plain tree, see
// value.go) into cfg. A bad field is reported and left at its default; the
// rest still applies, so one typo never disables the widget.
func DecodeConfig(cfg *Config, tree any) []error {
	var errs []error
	root := field{v: tree, errs: &errs}
	if absent(tree) {
		return nil
	}
	if !root.object(configKeys...) {
		return errs
	}
	cfg.AppID = root.get("appId").str(cfg.AppID)
	if p := root.get("proactiveChat"); p.object("enabled") {
		cfg.ProactiveEnabled = p.get("enabled").boolean(false)
	}
	if c := root.get("chat"); c.object("enabled") {
		cfg.Chat = c.get("enabled").boolean(false)
	}
	if a := root.get("auth"); a.object("function", "timeoutSeconds") {
		cfg.AuthFunction = a.get("function").str("")
		cfg.AuthTimeout = time.Duration(a.get("timeoutSeconds").number(0, 1, 120) * float64(time.Second))
	}
	cfg.Prechat = decodePrechat(root.get("prechat"))
	cfg.Hours = decodeHours(root.get("operatingHours"))
	return errs
}

var fieldTypes = []string{"text", "email", "tel", "textarea", "select", "checkbox"}

func decodePrechat(p field) []Field {
	if !p.object("fields") {
		return nil
	}
	list := p.get("fields")
	fields := []Field{}
	seen := map[string]bool{}
	for i := range list.list() {
		item := list.index(i)
		f, ok := decodeField(item)
		if ok && seen[f.Name] {
			*item.errs = append(*item.errs, fmt.Errorf("widget: %s.name: %q is already the name of an earlier field", item.path, f.Name))
			ok = false
		}
		if ok {
			seen[f.Name] = true
			fields = append(fields, f)
		}
	}
	if len(fields) == 0 {
		return nil
	}
	return fields
}

func decodeField(f field) (Field, bool) {
	if absent(f.v) {
		f.fail("an object")
		return Field{}, false
	}
	if !f.object("name", "label", "type", "required", "options") {
		return Field{}, false
	}
	out := Field{
		Name:     f.get("name").str(""),
		Label:    f.get("label").str(""),
		Type:     f.get("type").str("text"),
		Required: f.get("required").boolean(false),
	}
	n := len(*f.errs)
	if out.Name == "" {
		f.get("name").fail("a non-empty string")
	}
	if !contains(fieldTypes, out.Type) {
		*f.errs = append(*f.errs, fmt.Errorf("widget: %s.type: want one of %s, got %q", f.path, strings.Join(fieldTypes, ", "), out.Type))
	}
	if out.Label == "" {
		out.Label = out.Name
	}
	opts := f.get("options")
	for i := range opts.list() {
		if s := opts.index(i).str(""); s != "" {
			out.Options = append(out.Options, s)
		}
	}
	if out.Type == "select" && len(out.Options) == 0 {
		// A required select with nothing to choose would lock the visitor out.
		*f.errs = append(*f.errs, fmt.Errorf("widget: %s.options: a select needs at least one non-empty option", f.path))
	}
	return out, len(*f.errs) == n
}

var weekdays = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

func decodeHours(h field) *OperatingHours {
	if !h.object("timeZone", "windows", "message") {
		return nil
	}
	out := &OperatingHours{
		TimeZone: h.get("timeZone").str("UTC"),
		Message:  h.get("message").str(DefaultOutOfHoursMessage),
	}
	list := h.get("windows")
	for i := range list.list() {
		if w, ok := decodeWindow(list.index(i)); ok {
			out.Windows = append(out.Windows, w)
		}
	}
	return out
}

func decodeWindow(f field) (HoursWindow, bool) {
	var w HoursWindow
	if absent(f.v) {
		f.fail("an object")
		return w, false
	}
	if !f.object("days", "open", "close") {
		return w, false
	}
	n := len(*f.errs)
	days := f.get("days")
	for i := range days.list() {
		d := days.index(i)
		at := indexOf(weekdays, strings.ToLower(d.str("")))
		if at < 0 {
			d.fail("a day: " + strings.Join(weekdays, ", "))
			continue
		}
		w.Days[at] = true
	}
	w.Open = clock(f.get("open"))
	w.Close = clock(f.get("close"))
	return w, len(*f.errs) == n
}

// clock reads "HH:MM" as minutes after midnight; "24:00" is midnight.
func clock(f field) int {
	s := f.str("")
	h, m, ok := strings.Cut(s, ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || hh < 0 || hh > 24 || mm < 0 || mm > 59 || hh*60+mm > 24*60 {
		*f.errs = append(*f.errs, fmt.Errorf("widget: %s: want a time \"HH:MM\", got %q", f.path, s))
		return 0
	}
	return (hh*60 + mm) % (24 * 60)
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}
