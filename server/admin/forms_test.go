package admin

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/lcwasm/lcwasm/widget"
)

// consoleForms says where the console edits each top-level field of a
// widget configuration: a marker found in its page or scripts.
var consoleForms = map[string]string{
	"appId":           `id="new-id"`,
	"proactiveChat":   `id="proactive"`,
	"chat":            `id="chat"`,
	"offline":         `id="offline"`,
	"attachments":     `id="attachments"`,
	"reporting":       `id="reporting"`,
	"allowedOrigins":  `id="origins"`,
	"operatingHours":  `id="hours-on"`,
	"auth":            `"auth-function"`,
	"authKey":         `"ak-pem"`,
	"prechat":         `id="prechat"`,
	"postChat":        `id="postchat"`,
	"language":        `"tx-language"`,
	"colorScheme":     `"tx-scheme"`,
	"texts":           `id="texts"`,
	"cannedResponses": `id="canned"`,
	"goals":           `id="goals"`,
	"proactiveRules":  `id="rules"`,
}

// TestEveryFieldHasAForm: every field the widget's decoder accepts, and
// every server-only one, has a form in the console, so a new setting
// cannot ship editable in the JSON view only.
func TestEveryFieldHasAForm(t *testing.T) {
	var all strings.Builder
	fs.WalkDir(static, "static", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := static.ReadFile(path)
			all.Write(b)
		}
		return nil
	})
	for _, k := range append(widget.ConfigKeys(), serverOnlyFields...) {
		marker, ok := consoleForms[k]
		switch {
		case !ok:
			t.Errorf("the configuration's %q has no form in the console (add one, and its marker to consoleForms)", k)
		case !strings.Contains(all.String(), marker):
			t.Errorf("the form of %q (%s) is not in the console's page or scripts", k, marker)
		}
	}
}

// TestAttachmentTypesForm: the settings form has a box for each type the
// widget's decoder takes, in its order, and none other.
func TestAttachmentTypesForm(t *testing.T) {
	b, err := static.ReadFile("static/admin.html")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, part := range strings.Split(string(b), `data-type="`)[1:] {
		got = append(got, part[:strings.IndexByte(part, '"')])
	}
	if want := widget.AttachmentTypes; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("the form's attachment types %q, the decoder's %q", got, want)
	}
}
