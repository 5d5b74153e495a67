package chat_test

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/lcwasm/lcwasm/chat"
	"github.com/lcwasm/lcwasm/internal/jstree"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVariables(t *testing.T) {
	shown := func(v any, d bool) map[string]any { return map[string]any{"value": v, "isDisplayable": d} }
	tests := []struct {
		name     string
		provided any
		want     map[string]any
		rejected []string
	}{
		{"primitives", map[string]any{"plan": "gold", "items": 3.0, "vip": true},
			map[string]any{"plan": shown("gold", false), "items": shown(3.0, false), "vip": shown(true, false)}, nil},
		{"value form", map[string]any{"Plan": map[string]any{"value": "gold", "isDisplayable": true}, "plan": map[string]any{"value": 1.0}},
			map[string]any{"Plan": shown("gold", true), "plan": shown(1.0, false)}, nil},
		{"not primitives", map[string]any{"ok": "x", "list": []any{1.0}, "obj": map[string]any{"a": 1.0}, "nil": nil,
			"deep": map[string]any{"value": map[string]any{}}, "badFlag": map[string]any{"value": "x", "isDisplayable": "yes"}},
			map[string]any{"ok": shown("x", false)}, []string{"badFlag", "deep", "list", "nil", "obj"}},
		{"not an object", []any{"a"}, map[string]any{}, nil},
		{"null", nil, map[string]any{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, left := chat.Variables(tt.provided)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, chat.LeftOut{Rejected: tt.rejected}, left)
		})
	}
}

func TestVariablesLimit(t *testing.T) {
	m := map[string]any{}
	for i := 0; i < 103; i++ {
		m["k"+strconv.Itoa(1000+i)] = float64(i)
	}
	got, left := chat.Variables(m)
	assert.Len(t, got, chat.MaxVariables)
	assert.Equal(t, chat.LeftOut{Dropped: []string{"k1100", "k1101", "k1102"}}, left)
}

// TestVariablesSize: names and string values have a length limit, and the
// variables together a size limit; what passes them is kept whole.
func TestVariablesSize(t *testing.T) {
	long := strings.Repeat("é", chat.MaxValueLength)
	got, left := chat.Variables(map[string]any{
		"ok":                     long,
		"big":                    strings.Repeat("x", 1<<20),
		"wrapped":                map[string]any{"value": long + "!", "isDisplayable": true},
		strings.Repeat("k", 100): 1.0,
		strings.Repeat("k", 101): 1.0,
		"n":                      -1.2345678901234567e-308,
	})
	assert.Equal(t, []string{"big", strings.Repeat("k", 101), "wrapped"}, left.TooLong)
	assert.Empty(t, left.Rejected)
	assert.Equal(t, long, got["ok"].(map[string]any)["value"], "kept whole")
	assert.Len(t, got, 3)

	// 1,000 characters of control characters are 6,000 bytes of JSON:
	// one fits in 8 KiB, the second does not, the short third still does.
	ctl := strings.Repeat("\x01", chat.MaxValueLength)
	got, left = chat.Variables(map[string]any{"a": ctl, "b": ctl, "c": "short"})
	assert.Equal(t, chat.LeftOut{Overflow: []string{"b"}}, left)
	assert.Len(t, got, 2)
}

// TestStartFrameFits: with the worst context the limits allow — 100
// variables of 1,000 control characters, megabyte page URL and referrer —
// the context stays well under the service's frame limit.
func TestStartFrameFits(t *testing.T) {
	m := map[string]any{}
	for i := range 150 {
		m["k"+strconv.Itoa(i)+strings.Repeat("\n", 90)] = strings.Repeat("\x01", chat.MaxValueLength)
	}
	for i := range 100 {
		m["n"+strconv.Itoa(i)] = -1.2345678901234567e-6
	}
	huge := "https://shop.test/?q=" + strings.Repeat("a", 1<<20)
	tb, f := startFrame(t, chat.Start{PageURL: huge, Referrer: huge, Provider: func() (any, error) { return m, nil }})
	b, err := json.Marshal(f)
	require.NoError(t, err)
	assert.Less(t, len(b), 14<<10, "room is left for the prechat answers, the token and the ids")
	ctx := f["context"].(map[string]any)
	assert.Len(t, ctx["pageUrl"], chat.MaxURLLength)
	assert.Len(t, ctx["referrer"], chat.MaxURLLength)
	errs := tb.events.named("lcw:error")
	require.Len(t, errs, 1)
	desc := errs[0]["errorDescription"].(string)
	assert.Contains(t, desc, "KiB of variables, dropped")
	assert.Less(t, len(desc), 3000, "ten names at most, cut short")
	assert.Regexp(t, `dropped \d+: ("[^"]*", ){9}"[^"]*" and \d+ more`, desc)
}

// startFrame starts a chat with o and returns the start frame as sent.
func startFrame(t *testing.T, o chat.Start) (*tab, map[string]any) {
	t.Helper()
	tb := newTab(t, newServer(), fakeStore{}, "a")
	require.NoError(t, tb.c.Start(o))
	tb.net.accept()
	require.NotEmpty(t, tb.net.sent)
	return tb, tb.net.sent[0]
}

func TestStartContext(t *testing.T) {
	t.Run("everything", func(t *testing.T) {
		_, f := startFrame(t, chat.Start{
			Proactive: true, Source: "rule", RuleID: "cart", PageURL: "https://shop.test/cart", Referrer: "https://search.test/",
			TimeOnPage: 95_500_000_000, Prechat: map[string]string{"name": "Ann"},
			Provider: func() (any, error) { return map[string]any{"plan": "gold"}, nil },
		})
		assert.Equal(t, map[string]any{
			"type": "start", "cid": "a1", "visitor": map[string]any{"id": "a2"}, "authToken": "",
			"context": map[string]any{
				"proactive": true, "source": "rule", "ruleId": "cart", "pageUrl": "https://shop.test/cart",
				"referrer": "https://search.test/", "timeOnPageMs": 95500.0, "prechat": map[string]any{"name": "Ann"},
				"custom": map[string]any{"plan": map[string]any{"value": "gold", "isDisplayable": false}},
			},
		}, f)
	})
	t.Run("a rule's invitation variant", func(t *testing.T) {
		_, f := startFrame(t, chat.Start{Proactive: true, Source: "rule", RuleID: "plans", Variant: "short"})
		assert.Equal(t, "short", f["context"].(map[string]any)["variant"])
		_, f = startFrame(t, chat.Start{Proactive: true, Source: "rule", RuleID: "solo"})
		assert.NotContains(t, f["context"].(map[string]any), "variant", "none for a rule with one text")
	})
	t.Run("customContext overrides the provider", func(t *testing.T) {
		called := false
		_, f := startFrame(t, chat.Start{
			Custom:   map[string]any{"order": "A-1"},
			Provider: func() (any, error) { called = true; return map[string]any{"plan": "gold"}, nil },
		})
		assert.False(t, called, "the provider is not asked")
		assert.Equal(t, map[string]any{"order": map[string]any{"value": "A-1", "isDisplayable": false}}, f["context"].(map[string]any)["custom"])
	})
	t.Run("a throwing provider is code 1 and the chat starts", func(t *testing.T) {
		tb, f := startFrame(t, chat.Start{Provider: func() (any, error) { return nil, errors.New("TypeError: x is undefined") }})
		assert.Equal(t, map[string]any{}, f["context"].(map[string]any)["custom"])
		assert.Equal(t, []map[string]any{{"errorCode": 1, "errorDescription": "chat: the context provider failed: TypeError: x is undefined; the chat starts without custom context"}},
			tb.events.named("lcw:error"))
		tb.settle()
		assert.Equal(t, chat.Queued, tb.c.Phase())
	})
	t.Run("the visitor id is kept", func(t *testing.T) {
		store := fakeStore{key + ":visitor": "v-42"}
		tb := newTab(t, newServer(), store, "a")
		require.NoError(t, tb.c.Start(chat.Start{}))
		tb.net.accept()
		assert.Equal(t, map[string]any{"id": "v-42"}, tb.net.sent[0]["visitor"])
	})
}

// TestContextProviderGarbage: whatever is wrong with what the page's
// context provider gives is one lcw:error code 1 that says what, and the
// chat starts anyway, with the usable variables only.
func TestContextProviderGarbage(t *testing.T) {
	many := map[string]any{"bad": []any{}}
	for i := 0; i < 101; i++ {
		many["k"+strconv.Itoa(1000+i)] = "v"
	}
	cyclic := map[string]any{"ok": "yes"}
	cyclic["self"] = map[string]any{"value": jstree.Opaque{Type: "object nested too deeply (or cyclic)"}}
	tests := []struct {
		name     string
		provided any
		vars     int    // variables the chat starts with
		problem  string // in the lcw:error description
	}{
		{"a string", "plan=gold", 0, "gave string, not an object of variables; the chat starts without custom context"},
		{"a number", 42.0, 0, "gave number, not an object"},
		{"null", nil, 0, "gave null, not an object"},
		{"undefined", jstree.Undefined{}, 0, "gave undefined, not an object"},
		{"an array", []any{"a"}, 0, "gave array, not an object"},
		{"a Promise", jstree.Opaque{Type: "Promise"}, 0, "gave Promise, not an object of variables (it must return the variables, not a Promise)"},
		{"a getter that throws", jstree.Opaque{Type: "object whose plan cannot be read"}, 0, "gave object whose plan cannot be read, not an object"},
		{"a cyclic object", cyclic, 1, `not a string, number or boolean, left out: "self"; the chat starts with the other 1`},
		{"non-primitive values", map[string]any{"fn": jstree.Function{}, "list": []any{1.0}, "plan": "gold"}, 1, `left out: "fn", "list"`},
		{"101 variables and a bad one", many, 100, `left out: "bad"; more than 100 variables, dropped 1: "k1100"; the chat starts with the other 100`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb, f := startFrame(t, chat.Start{Provider: func() (any, error) { return tt.provided, nil }})
			assert.Len(t, f["context"].(map[string]any)["custom"], tt.vars)
			errs := tb.events.named("lcw:error")
			require.Len(t, errs, 1)
			assert.Equal(t, chat.CodeContextProvider, errs[0]["errorCode"])
			assert.Contains(t, errs[0]["errorDescription"], tt.problem)
			assert.Regexp(t, `^chat: the context provider`, errs[0]["errorDescription"])
			assert.Len(t, tb.log.errors(), 1, "and once on the console")
			tb.settle()
			assert.Equal(t, chat.Queued, tb.c.Phase(), "the chat starts")
		})
	}
	t.Run("a good object is no error", func(t *testing.T) {
		tb, f := startFrame(t, chat.Start{Provider: func() (any, error) { return map[string]any{"plan": "gold"}, nil }})
		assert.Len(t, f["context"].(map[string]any)["custom"], 1)
		assert.Empty(t, tb.events.named("lcw:error"))
		assert.Empty(t, tb.log.errors())
	})
	t.Run("customContext problems are on the console only", func(t *testing.T) {
		tb, f := startFrame(t, chat.Start{Custom: map[string]any{"fn": jstree.Function{}, "plan": "gold"}})
		assert.Len(t, f["context"].(map[string]any)["custom"], 1)
		assert.Empty(t, tb.events.named("lcw:error"))
		assert.Equal(t, []string{`error: lcwasm: chat: startChat's customContext: not a string, number or boolean, left out: "fn"; the chat starts with the other 1`}, tb.log.errors())
	})
}

// TestStartFrameWorstCase: the largest of every part at once — variables,
// addresses, a long survey of control characters, the longest token and
// the largest visitor's details —
// still fits the service's frame; the answers beyond their 8 KiB are cut
// short with "…" and named in one warning, the first ones kept whole.
func TestStartFrameWorstCase(t *testing.T) {
	m := map[string]any{}
	for i := range 100 {
		m["k"+strconv.Itoa(i)] = strings.Repeat("\x01", chat.MaxValueLength)
	}
	prechat := map[string]string{"a-name": "Ada"}
	for i := range 20 {
		prechat["q"+strconv.Itoa(10+i)] = strings.Repeat("\x02", 2000)
	}
	huge := "https://shop.test/?q=" + strings.Repeat("a", 1<<20)
	token := strings.Repeat("t", chat.MaxTokenBytes)
	var pages []chat.PageView
	for range 50 {
		pages = append(pages, chat.PageView{Path: strings.Repeat("\x03", 500), Title: strings.Repeat("\x04", 500)})
	}
	worst := chat.Details{Device: "desktop", UserAgent: "Samsung SamsungBrowser/9999 iPad CriOS/1", Language: strings.Repeat("a", chat.MaxCodeLength),
		TimeZone: strings.Repeat("b", chat.MaxCodeLength), Invitation: strings.Repeat("\x05", 1000), Pages: pages}
	tb, f := startFrame(t, chat.Start{PageURL: huge, Referrer: huge, Prechat: prechat, Details: worst,
		Provider: func() (any, error) { return m, nil },
		Auth:     func(done func(any, error)) error { done(token, nil); return nil }})
	b, err := json.Marshal(f)
	require.NoError(t, err)
	assert.Less(t, len(b), chat.FrameLimit, "the start frame fits")
	got := f["context"].(map[string]any)["prechat"].(map[string]any)
	pj, err := json.Marshal(got)
	require.NoError(t, err)
	assert.LessOrEqual(t, len(pj), chat.MaxPrechatBytes)
	assert.Equal(t, "Ada", got["a-name"], "an answer that fits is whole")
	first := got["q10"].(string)
	assert.True(t, strings.HasSuffix(first, "…"), "q10's 12,000 bytes of JSON do not fit: cut")
	assert.Greater(t, len([]rune(first)), 1300, "q10 fills what is left of the 8 KiB")
	assert.NotContains(t, got, "q11", "no room is left for q11")
	assert.Equal(t, f["authToken"], token)
	warn := strings.Join(tb.log.lines, "\n")
	assert.Contains(t, warn, "prechat answers are over 8 KiB")
	assert.Contains(t, warn, `"q10"`)
	assert.NotContains(t, warn, `"a-name"`)
}
