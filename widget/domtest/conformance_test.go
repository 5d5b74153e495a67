package domtest_test

import (
	"testing"

	"github.com/lcwasm/lcwasm/widget"
	"github.com/lcwasm/lcwasm/widget/domtest"
	"github.com/lcwasm/lcwasm/widget/widgettest"
)

// fake drives the recording fake for the shared conformance test, which
// jsbridge runs against the real DOM in Chromium.
type fake struct{}

func (fake) New(*testing.T) widget.Document { return domtest.New() }
func (fake) Serialize(d widget.Document) string {
	return domtest.Serialize(d.(*domtest.Doc).RootNode())
}
func (fake) Fire(n widget.Node, event string) { n.(*domtest.Node).Fire(event) }
func (fake) SetValue(n widget.Node, v string) { n.(*domtest.Node).SetValue(v) }
func (fake) Focused(d widget.Document, n widget.Node) bool {
	return d.(*domtest.Doc).Focused() == n
}

func TestConformance(t *testing.T) { widgettest.TestDocument(t, fake{}) }
