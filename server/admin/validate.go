package admin

import (
	"encoding/json"
	"errors"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	_ "time/tzdata" // time frames and operating hours name IANA zones; the server may have no zone database

	"github.com/lcwasm/lcwasm/funnel"
	"github.com/lcwasm/lcwasm/internal/hours/systemzones"
	"github.com/lcwasm/lcwasm/rules"
	"github.com/lcwasm/lcwasm/server/chat"
	"github.com/lcwasm/lcwasm/widget"
)

// Problem is one thing wrong with a widget configuration, as the console
// shows it.
type Problem struct {
	// Source is the decoder that found it: "rules" (the widget reports it as
	// lcw:error code 9), "widget" (logged on the console) or "server".
	Source string `json:"source"`
	// Rule is the rule's id, for problems inside a rule.
	Rule string `json:"rule,omitempty"`
	// Path is the field: inside the rule for rule problems
	// ("conditions[1].timeOnPage"), else from the configuration's root
	// ("prechat.fields[0].type", "proactiveRules.rules[2].id").
	Path    string `json:"path"`
	Message string `json:"message"`
	// Text is the whole message exactly as the browser reports it, e.g.
	// `rules: rule "pricing": conditions[1].timeOnPage: want seconds >= 0`.
	Text string `json:"text"`
}

// decoder is rules.Decoder as a native program builds it: Go's regexp for
// "regex" (the browser uses RegExp: a pattern Go refuses, such as a
// lookahead, is refused here even though a browser would take it) and
// Go's zone database (embedded, time/tzdata) for time frames.
var decoder = rules.Decoder{
	Compile: func(p string) (rules.Regexp, error) { return regexp.Compile(p) },
	Zones:   &systemzones.Zones{},
}

// Validate decodes config, a widget configuration in JSON, with the
// widget's own decoders and returns every problem; none means it may be
// published. appID, when not empty, must match the configuration's appId.
func Validate(appID string, config []byte) []Problem {
	var tree any
	if err := json.Unmarshal(config, &tree); err != nil {
		return []Problem{{Source: "server", Message: "not JSON: " + err.Error(), Text: "server: configuration is not JSON: " + err.Error()}}
	}
	root, ok := tree.(map[string]any)
	if !ok {
		return []Problem{{Source: "server", Message: "want a JSON object", Text: "server: the configuration must be a JSON object"}}
	}
	var out []Problem
	if key, ok := root[authKeyField]; ok {
		out = append(out, checkAuthKey(key)...)
	}
	for _, k := range serverOnlyFields {
		if _, ok := root[k]; ok {
			tree = withoutKey(tree.(map[string]any), k)
		}
	}
	var cfg widget.Config
	for _, err := range widget.DecodeConfig(&cfg, tree) {
		out = append(out, widgetProblem(err))
	}
	if r, ok := root["proactiveRules"]; ok {
		_, errs := decoder.Decode(r)
		for _, err := range errs {
			out = append(out, rulesProblem(err))
		}
	}
	if g, ok := root["goals"]; ok {
		_, errs := funnel.DecodeGoals(g)
		for _, err := range errs {
			out = append(out, funnelProblem(err))
		}
	}
	if id, ok := root["appId"].(string); ok && appID != "" && id != appID {
		out = append(out, serverProblem("appId", `want "`+appID+`", the widget's app id`))
	}
	if list, ok := root["allowedOrigins"].([]any); ok {
		for i, o := range list {
			s, _ := o.(string)
			if err := checkOrigin(s); err != nil {
				out = append(out, serverProblem("allowedOrigins["+strconv.Itoa(i)+"]", err.Error()))
			}
		}
	} else if _, present := root["allowedOrigins"]; present {
		out = append(out, serverProblem("allowedOrigins", "want an array of origins"))
	}
	if raw, ok := root[cannedField]; ok && raw != nil {
		b, _ := json.Marshal(raw)
		_, errs := chat.ParseCanned(b)
		for _, err := range errs {
			path, msg, _ := strings.Cut(err.Error(), ": ")
			out = append(out, serverProblem(path, msg))
		}
	}
	return out
}

func serverProblem(path, msg string) Problem {
	return Problem{Source: "server", Path: path, Message: msg, Text: "server: " + path + ": " + msg}
}

// funnelProblem splits "funnel: goals[0]: name: want …".
func funnelProblem(err error) Problem {
	text := err.Error()
	rest := strings.TrimPrefix(text, "funnel: ")
	p := Problem{Source: "funnel", Message: rest, Text: text}
	if path, msg, ok := strings.Cut(rest, ": "); ok {
		p.Path, p.Message = path, msg
	}
	return p
}

func rulesProblem(err error) Problem {
	var re *rules.Error
	if errors.As(err, &re) {
		return Problem{Source: "rules", Rule: re.Rule, Path: re.Path, Message: re.Msg, Text: re.Error()}
	}
	return Problem{Source: "rules", Message: err.Error(), Text: err.Error()}
}

// widgetProblem splits "widget: prechat.fields[0].type: want …".
func widgetProblem(err error) Problem {
	text := err.Error()
	rest := strings.TrimPrefix(text, "widget: ")
	p := Problem{Source: "widget", Message: rest, Text: text}
	if path, msg, ok := strings.Cut(rest, ": "); ok && !strings.ContainsAny(path, " \"") {
		p.Path, p.Message = path, msg
	}
	return p
}

// checkOrigin accepts "*" and a serialized origin such as
// "http://127.0.0.1:9000", as the server's -allow-origin does.
func checkOrigin(o string) error {
	if o == "*" {
		return nil
	}
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil || strings.HasSuffix(o, "/") {
		return errors.New("want scheme://host[:port], e.g. https://shop.example (no path, no trailing slash), or *")
	}
	return nil
}
