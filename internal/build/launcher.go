package build

import (
	"encoding/json"
	"fmt"

	"github.com/lcwasm/lcwasm/widget"
	"github.com/lcwasm/lcwasm/widget/domtest"
)

// LauncherPlaceholder is replaced in lcw.js by the early chat button's
// template (see Launcher): the loader stamps it out while the wasm still
// downloads.
const LauncherPlaceholder = "/*__LCW_LAUNCHER__*/null"

// Launcher is the template of the early chat button: what the widget's
// own view (widget.DOMView) renders in its shadow root at start, in the
// default language (English, the texts built into the wasm), with no
// unread messages. The loader stamps it out with createElement,
// setAttribute and textContent only (no markup is parsed, so Trusted Types
// have nothing to say), and the runtime replaces it at ready.
//
// Its JSON is {"lang": "en", "languages": [shipped tags], "tree": [nodes]},
// a node being a string (a text node) or [tag, [name, value, ...],
// child...]. The loader stamps only when the widget would speak lang (it
// checks the shipped languages as widget.PickLanguage does).
type Launcher struct {
	Lang      string   `json:"lang"`
	Languages []string `json:"languages"`
	Tree      []any    `json:"tree"`
}

// RenderLauncher renders the chat button with the real view into a
// recording document and returns it as the loader's template.
func RenderLauncher() Launcher {
	doc := domtest.New()
	view := widget.NewDOMView(doc)
	view.SetLanguage(widget.Language{Tag: "en"})
	view.Launcher(true)
	return Launcher{Lang: "en", Languages: widget.Languages, Tree: templateNodes(doc.RootNode().Children())}
}

func templateNodes(nodes []*domtest.Node) []any {
	out := make([]any, 0, len(nodes))
	for _, n := range nodes {
		if n.IsText() {
			out = append(out, n.Text())
			continue
		}
		el := []any{n.Tag(), n.Attrs()}
		out = append(out, append(el, templateNodes(n.Children())...))
	}
	return out
}

// launcherJSON is the template as the loader embeds it.
func launcherJSON() ([]byte, error) {
	b, err := json.Marshal(RenderLauncher())
	if err != nil {
		return nil, fmt.Errorf("build: the chat button's template: %w", err)
	}
	return b, nil
}
