//go:build js && wasm

package jsbridge

import (
	"strconv"
	"strings"
	"testing"

	"github.com/hack-pad/safejs"
	"github.com/lcwasm/lcwasm/widget"
	"github.com/lcwasm/lcwasm/widget/widgettest"
)

// TestDocumentConformance runs the conformance test the recording fake
// passes against the real DOM. It needs a browser:
// GOOS=js GOARCH=wasm go test -exec=bin/wasmbrowser ./jsbridge/.
func TestDocumentConformance(t *testing.T) {
	if document.IsUndefined() {
		t.Fatal("no DOM: run these tests in Chromium (make test uses bin/wasmbrowser), not Node")
	}
	widgettest.TestDocument(t, real{})
}

type real struct{}

var hosts int

func (real) New(t *testing.T) widget.Document {
	hosts++
	d, err := NewDocument(Host{ID: "conformance-" + strconv.Itoa(hosts)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = d.host.Call("remove") })
	return d
}

func (real) Serialize(d widget.Document) string {
	var b strings.Builder
	serialize(&b, d.(*Document).root.v, 0)
	return b.String()
}

func serialize(b *strings.Builder, v safejs.Value, depth int) {
	kids := get(v, "childNodes")
	n, _ := kids.Length()
	for i := range n {
		c, _ := kids.Index(i)
		b.WriteString(strings.Repeat("  ", depth))
		if num(get(c, "nodeType")) == 3 {
			b.WriteString("\"" + str(get(c, "data")) + "\"\n")
			continue
		}
		b.WriteString("<" + str(get(c, "localName")))
		attrs := get(c, "attributes")
		m, _ := attrs.Length()
		for j := range m {
			a, _ := attrs.Index(j)
			b.WriteString(" " + str(get(a, "name")) + "=\"" + str(get(a, "value")) + "\"")
		}
		b.WriteString(">\n")
		serialize(b, c, depth+1)
	}
}

func (real) Fire(n widget.Node, event string) {
	ev, _ := newObject("Event", event, map[string]any{"bubbles": true})
	_, _ = n.(*node).v.Call("dispatchEvent", ev)
}

func (real) SetValue(n widget.Node, v string) { _ = n.(*node).v.Set("value", v) }

func (real) Focused(d widget.Document, n widget.Node) bool {
	return get(d.(*Document).root.v, "activeElement").Equal(n.(*node).v)
}
