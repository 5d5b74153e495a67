package widget

import (
	"errors"
	"strconv"
	"strings"

	"github.com/lcwasm/lcwasm/internal/hours"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/internal/strconvlite"
)

// configKeys are the top-level fields of a widget configuration.
// "proactiveRules" is decoded by package rules; "allowedOrigins" and
// "cannedResponses" are the chat service's (which pages may chat, the
// agents' shared replies) and mean nothing here; "goals" is decoded by
// package funnel.
var configKeys = []string{"appId", "proactiveChat", "chat", "auth", "prechat", "operatingHours", "proactiveRules", "allowedOrigins",
	"reporting", "goals", "cannedResponses", "language", "texts", "colorScheme", "offline", "postChat", "attachments"}

// DecodeConfig reads the site owner's configuration (a plain tree, see
// value.go) into cfg. A bad field is reported and left at its default; the
// rest still applies, so one typo never disables the widget.
func DecodeConfig(cfg *Config, tree any) []error {
	var errs []error
	root := root("", tree, &errs)
	if absent(tree) {
		return nil
	}
	if !root.Object(configKeys...) {
		return errs
	}
	cfg.AppID = root.Get("appId").Str(cfg.AppID)
	if p := root.Get("proactiveChat"); p.Object("enabled", "inviteWhenNoAgent") {
		cfg.ProactiveEnabled = p.Get("enabled").Bool(false)
		cfg.InviteWhenNoAgent = p.Get("inviteWhenNoAgent").Bool(false)
	}
	if c := root.Get("chat"); c.Object("enabled") {
		cfg.Chat = c.Get("enabled").Bool(false)
	}
	if a := root.Get("auth"); a.Object("function", "timeoutSeconds") {
		cfg.AuthFunction = a.Get("function").Str("")
		cfg.AuthTimeout = instant.Duration(a.Get("timeoutSeconds").Number(0, 1, 120) * float64(instant.Second))
	}
	cfg.ReportingOff = !root.Get("reporting").Bool(true)
	if o := root.Get("offline"); o.Object("enabled", "fields") {
		cfg.Offline = o.Get("enabled").Bool(false)
		cfg.OfflineFields = decodeFields(o.Get("fields"), true)
	}
	cfg.PostChat = decodePostChat(root.Get("postChat"))
	cfg.Attachments = decodeAttachments(root.Get("attachments"))
	cfg.Language = root.Get("language").Str(cfg.Language)
	if s := root.Get("colorScheme"); !absent(s.V) {
		cfg.ColorScheme = s.Str("")
		if !contains(colorSchemes, cfg.ColorScheme) {
			s.Report("want one of " + strings.Join(colorSchemes, ", ") + ", got " + strconvlite.Quote(cfg.ColorScheme))
			cfg.ColorScheme = ""
		}
	}
	cfg.TextOverrides = decodeTexts(root.Get("texts"))
	cfg.Prechat = decodePrechat(root.Get("prechat"))
	cfg.Hours = decodeHours(root.Get("operatingHours"))
	return errs
}

var fieldTypes = []string{"text", "email", "tel", "textarea", "select", "checkbox"}

func decodePrechat(p field) []Field {
	if !p.Object("fields") {
		return nil
	}
	return decodeFields(p.Get("fields"), false)
}

// decodePostChat reads "postChat": {"enabled", "rating", "comment",
// "fields"}; missing keys keep the default (a rating and a comment).
func decodePostChat(p field) PostChat {
	var out PostChat
	if !p.Object("enabled", "rating", "comment", "fields") {
		return out
	}
	out.Off = !p.Get("enabled").Bool(true)
	out.NoRating = !p.Get("rating").Bool(true)
	out.NoComment = !p.Get("comment").Bool(true)
	out.Fields = decodeFields(p.Get("fields"), false)
	if !out.Off && !out.Asks() {
		p.Report(`asks nothing: want "rating", "comment" or "fields", or "enabled": false`)
		out.Off = true
	}
	return out
}

// MaxSurveyFields is how many questions one form may ask.
const MaxSurveyFields = 20

// decodeFields reads a list of survey questions; unlabelled names the
// offline form knows (name, email, message) keep "" for their label, to
// be said in the visitor's language.
func decodeFields(list field, offline bool) []Field {
	if absent(list.V) {
		return nil
	}
	n := list.List()
	if n > MaxSurveyFields {
		list.Report("at most " + strconv.Itoa(MaxSurveyFields) + " fields, got " + strconv.Itoa(n))
		return nil
	}
	fields := []Field{}
	seen := map[string]bool{}
	for i := range n {
		item := list.Index(i)
		f, ok := decodeField(item)
		if label, _ := item.Get("label").V.(string); ok && offline && label == "" && offlinePhrases[f.Name] != "" {
			f.Label = ""
		}
		if ok && seen[f.Name] {
			*item.Errs = append(*item.Errs, errors.New("widget: "+item.Path+".name: "+strconvlite.Quote(f.Name)+" is already the name of an earlier field"))
			ok = false
		}
		if ok {
			seen[f.Name] = true
			fields = append(fields, f)
		}
	}
	if len(fields) == 0 {
		if _, isList := list.V.([]any); offline && isList && n == 0 {
			list.Report("want at least one field, or no \"fields\" for name, email and message")
		}
		return nil
	}
	return fields
}

func decodeField(f field) (Field, bool) {
	if absent(f.V) {
		f.Fail("an object")
		return Field{}, false
	}
	if !f.Object("name", "label", "type", "required", "options") {
		return Field{}, false
	}
	out := Field{
		Name:     f.Get("name").Str(""),
		Label:    f.Get("label").Str(""),
		Type:     f.Get("type").Str("text"),
		Required: f.Get("required").Bool(false),
	}
	n := len(*f.Errs)
	if out.Name == "" {
		f.Get("name").Fail("a non-empty string")
	}
	if !contains(fieldTypes, out.Type) {
		*f.Errs = append(*f.Errs, errors.New("widget: "+f.Path+".type: want one of "+strings.Join(fieldTypes, ", ")+", got "+strconvlite.Quote(out.Type)))
	}
	if out.Label == "" {
		out.Label = out.Name
	}
	opts := f.Get("options")
	for i := range opts.List() {
		if s := opts.Index(i).Str(""); s != "" {
			out.Options = append(out.Options, s)
		}
	}
	if out.Type == "select" && len(out.Options) == 0 {
		// A required select with nothing to choose would lock the visitor out.
		*f.Errs = append(*f.Errs, errors.New("widget: "+f.Path+".options: a select needs at least one non-empty option"))
	}
	return out, len(*f.Errs) == n
}

// decodeHours reads operatingHours with the decoder the chat server uses.
func decodeHours(h field) *OperatingHours {
	out := hours.Decode(h)
	if out != nil && out.Message == "" {
		out.Message = DefaultOutOfHoursMessage
	}
	return out
}

// colorSchemes are the values of "colorScheme"; "auto" (or none) follows
// the visitor's prefers-color-scheme.
var colorSchemes = []string{"auto", "light", "dark"}

// decodeTexts reads "texts": {"fr": {"send": "Envoyer"}, ...}, the site
// owner's texts per language, laid over the shipped ones.
func decodeTexts(t field) map[string]map[Phrase]string {
	m, ok := t.V.(map[string]any)
	if absent(t.V) {
		return nil
	}
	if !ok {
		t.Fail("an object of languages like {\"fr\": {\"send\": \"Envoyer\"}}")
		return nil
	}
	out := map[string]map[Phrase]string{}
	for tag, tree := range m {
		lang := shipped(tag)
		if lang == "" {
			t.Get(tag).Report("not a language the widget ships (" + strings.Join(Languages, ", ") + ")")
			continue
		}
		p, bad := DecodePhrases(t.Get(tag).Path, tree)
		*t.Errs = append(*t.Errs, bad...)
		out[lang] = p
	}
	return out
}
