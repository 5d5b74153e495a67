package widget_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/lcwasm/lcwasm/widget"
)

func TestLinkify(t *testing.T) {
	type s = widget.Segment
	link := func(x string) s { return s{Text: x, Link: true} }
	text := func(x string) s { return s{Text: x} }
	tests := []struct {
		name, in string
		want     []s
	}{
		{"no link", "just words", []s{text("just words")}},
		{"https in a sentence", "See https://shop.example.com/a?b=1#c.", []s{text("See "), link("https://shop.example.com/a?b=1#c"), text(".")}},
		{"http and mailto", "http://x.test, or mailto:help@example.com!", []s{link("http://x.test"), text(", or "), link("mailto:help@example.com"), text("!")}},
		{"any case", "HTTPS://EXAMPLE.COM", []s{link("HTTPS://EXAMPLE.COM")}},
		{"javascript is text", "javascript:alert(1)", []s{text("javascript:alert(1)")}},
		{"data is text", "data:text/html,<b>x</b>", []s{text("data:text/html,<b>x</b>")}},
		{"inside a word is text", "xhttps://a.test", []s{text("xhttps://a.test")}},
		{"scheme alone is text", "https:// and mailto:", []s{text("https:// and mailto:")}},
		{"markup ends it", `<a href="https://a.test/x">`, []s{text(`<a href="`), link("https://a.test/x"), text(`">`)}},
		{"balanced brackets stay", "(https://en.wikipedia.org/wiki/Go_(language))", []s{text("("), link("https://en.wikipedia.org/wiki/Go_(language)"), text(")")}},
		{"newline ends it", "https://a.test\nnext", []s{link("https://a.test"), text("\nnext")}},
		{"inside quotes", "«https://a.test»", []s{text("«"), link("https://a.test"), text("»")}},
		{"Japanese, no spaces", "詳細はhttps://a.test/日本。です", []s{text("詳細は"), link("https://a.test/日本"), text("。です")}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := widget.Linkify(tt.in)
			assert.Equal(t, tt.want, got)
			joined := ""
			for _, g := range got {
				joined += g.Text
			}
			assert.Equal(t, tt.in, joined, "the segments are the text again")
		})
	}
}
