package domtest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/widget"
	"github.com/lcwasm/lcwasm/widget/domtest"
)

// el creates an element with attributes given as name, value pairs.
func el(d *domtest.Doc, tag string, attrs ...string) *domtest.Node {
	n := d.Create(tag).(*domtest.Node)
	for i := 0; i+1 < len(attrs); i += 2 {
		n.SetAttr(attrs[i], attrs[i+1])
	}
	return n
}

func TestSerialize(t *testing.T) {
	d := domtest.New()
	div := el(d, "div", "id", "a", "class", "x")
	div.SetAttr("id", "b") // keeps its place
	p := el(d, "p")
	p.SetText(`<img src=x onerror="1"> & "q"`)
	div.Append(p)
	span := el(d, "span", "hidden", "")
	div.Append(span)
	d.Root().Append(div)
	d.Root().Append(el(d, "i"))

	want := `<div id="b" class="x">
  <p>
    "<img src=x onerror="1"> & "q""
  <span hidden="">
<i>
`
	assert.Equal(t, want, domtest.Serialize(d.RootNode()))
	assert.Equal(t, "<p>\n  \"<img src=x onerror=\"1\"> & \"q\"\"\n", domtest.Serialize(p))
	assert.Equal(t, "", domtest.Serialize(nil))
}

func TestSetText(t *testing.T) {
	d := domtest.New()
	p := el(d, "p")
	p.Append(el(d, "b"))
	p.SetText("one")
	p.SetText("two")
	require.Len(t, p.Children(), 1)
	assert.True(t, p.Children()[0].IsText())
	assert.Equal(t, "two", p.Text())

	p.SetText("")
	assert.Empty(t, p.Children(), `SetText("") leaves no text node, as textContent = "" does`)
}

func TestAppendMovesAndRemoveDetaches(t *testing.T) {
	d := domtest.New()
	a, b, c := el(d, "div", "id", "a"), el(d, "div", "id", "b"), el(d, "span", "id", "c")
	d.Root().Append(a)
	d.Root().Append(b)
	a.Append(c)
	b.Append(c)
	assert.Empty(t, a.Children())
	assert.Equal(t, b, c.Parent())
	assert.Equal(t, c, d.ByID("c"))

	b.Remove()
	b.Remove()
	assert.Nil(t, b.Parent())
	assert.Nil(t, d.ByID("b"), "ByID searches only what is attached")
	assert.Nil(t, d.ByID("c"))
	assert.False(t, c.Connected())
	assert.Equal(t, a, d.ByID("a"))

	assert.Panics(t, func() { c.Append(b); b.Append(c) }, "a node cannot contain its ancestor")
}

func TestFocus(t *testing.T) {
	d := domtest.New()
	pane := el(d, "div")
	btn := el(d, "button", "id", "go")
	h := el(d, "h2", "tabindex", "-1")
	pane.Append(btn)
	pane.Append(h)

	btn.Focus()
	assert.Nil(t, d.Focused(), "a detached element takes no focus")

	d.Root().Append(pane)
	pane.Focus()
	assert.Nil(t, d.Focused(), "a plain div is not focusable")
	btn.Focus()
	assert.Equal(t, widget.Node(btn), d.Focused())
	h.Focus()
	assert.Equal(t, h, d.FocusedNode(), "tabindex makes an element focusable")

	pane.Remove()
	assert.Nil(t, d.Focused(), "removing an ancestor of the focused element drops focus")
}

func TestFireAndListeners(t *testing.T) {
	d := domtest.New()
	b := el(d, "button")
	var got []string
	b.On("click", func() { got = append(got, "first") })
	remove := b.On("click", func() { got = append(got, "second") })
	b.On("keydown", func() { got = append(got, "key") })

	assert.True(t, b.Fire("click"))
	remove()
	remove()
	assert.True(t, b.Fire("click"))
	assert.False(t, b.Fire("submit"))
	assert.Equal(t, []string{"first", "second", "first"}, got)
	assert.Equal(t, 1, b.Listeners("click"))
}

func TestValue(t *testing.T) {
	d := domtest.New()
	in := el(d, "input")
	assert.Equal(t, "", in.Value())
	in.SetValue("ada@example.com")
	assert.Equal(t, "ada@example.com", in.Value())
}

func TestLog(t *testing.T) {
	d := domtest.New()
	p := el(d, "p", "id", "m")
	d.Root().Append(p)
	p.SetText("hi")
	want := []string{
		`Create("p") = p#2`,
		`p#2.SetAttr("id", "m")`,
		`root.Append(p#2(m))`,
		`p#2(m).SetText("hi")`,
	}
	assert.Equal(t, want, d.Log())
	d.ClearLog()
	assert.Empty(t, d.Log())
}
