package funnel

import (
	"strings"
	"testing"

	"github.com/lcwasm/lcwasm/internal/instant"
)

var now = instant.Date(2026, 12, 3, 10, 0, 0, 0)

func TestBatchAddsUp(t *testing.T) {
	var b Batch
	k := Key{Rule: "r", Event: Shown, Day: Day(now)}
	b.Add(k, 1)
	b.Add(Key{Rule: "r", Event: Held, Reason: ReasonTyping, Day: Day(now)}, 1)
	b.Add(k, 2)
	got := b.Entries()
	if len(got) != 2 || got[0].Key != k || got[0].N != 3 || got[1].N != 1 {
		t.Fatalf("entries %+v", got)
	}
	b.Reset()
	if b.Len() != 0 {
		t.Fatal("reset kept entries")
	}
}

// A batch's tree decodes to the same entries: the widget and the server
// agree on the wire.
func TestTreeRoundTrip(t *testing.T) {
	var b Batch
	b.Add(Key{Rule: "r", Group: Treatment, Event: Eligible, Day: Day(now)}, 1)
	b.Add(Key{Rule: "r", Group: Holdout, Event: Goal, Goal: "purchase", Day: Day(now)}, 2)
	b.Add(Key{Event: Shown, Day: Day(now)}, 1) // a page call
	tree := jsonish(b.Tree())
	got, err := Decode(tree, now)
	if err != nil {
		t.Fatal(err)
	}
	want := b.Entries()
	if len(got) != len(want) {
		t.Fatalf("got %d entries, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("entry %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}

// jsonish turns ints into float64, as a JSON decoder does.
func jsonish(tree map[string]any) any {
	var list []any
	for _, v := range tree[FieldCounters].([]any) {
		m := map[string]any{}
		for k, x := range v.(map[string]any) {
			if n, ok := x.(int); ok {
				x = float64(n)
			}
			m[k] = x
		}
		list = append(list, m)
	}
	return map[string]any{FieldCounters: list}
}

func TestDecodeRefuses(t *testing.T) {
	day := Day(now)
	entry := func(kv ...any) any {
		m := map[string]any{"event": "shown", "day": day, "n": 1.0}
		for i := 0; i < len(kv); i += 2 {
			if kv[i+1] == nil {
				delete(m, kv[i].(string))
				continue
			}
			m[kv[i].(string)] = kv[i+1]
		}
		return map[string]any{"counters": []any{m}}
	}
	many := make([]any, MaxEntries+1)
	for i := range many {
		many[i] = entry().(map[string]any)["counters"].([]any)[0]
	}
	cases := []struct {
		name string
		tree any
		want string
	}{
		{"not an object", []any{}, "not a JSON object"},
		{"unknown top key", map[string]any{"counters": []any{}, "visitor": "x"}, `unknown key "visitor"`},
		{"empty", map[string]any{"counters": []any{}}, "empty"},
		{"too many", map[string]any{"counters": many}, "more than 200"},
		{"unknown entry key", entry("url", "https://shop/"), `unknown key "url"`},
		{"unknown event", entry("event", "clicked"), "event: unknown"},
		{"the server's own event", entry("event", "rated"), "event: unknown"},
		{"n zero", entry("n", 0.0), "n: want"},
		{"n fraction", entry("n", 1.5), "n: want"},
		{"n too big", entry("n", 10001.0), "n: want"},
		{"n missing", entry("n", nil), "n: want"},
		{"held without reason", entry("event", "held"), "reason"},
		{"reason on shown", entry("reason", "typing"), "reason"},
		{"unknown reason", entry("event", "held", "reason", "bored"), "reason: unknown"},
		{"goal without name", entry("event", "goal"), "goal"},
		{"bad goal name", entry("event", "goal", "goal", "a b"), "goal: want"},
		{"bad group", entry("group", "control"), "group"},
		{"number rule", entry("rule", 3.0), "rule: want a string"},
		{"long rule", entry("rule", strings.Repeat("r", 201)), "at most 200"},
		{"old day", entry("day", "2026-11-30"), "day: want"},
		{"future day", entry("day", "2026-12-05"), "day: want"},
		{"bad day", entry("day", "3 Dec"), "day: want"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Decode(c.tree, now)
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "funnel: ") {
				t.Errorf("error %v, want one with %q", err, c.want)
			}
		})
	}
	if _, err := Decode(entry("day", "2026-12-01", "rule", "r"), now); err != nil {
		t.Errorf("two days ago refused: %v", err)
	}
}

func TestSplit(t *testing.T) {
	var entries []Entry
	for i := range 450 {
		entries = append(entries, Entry{Key: Key{Rule: string(rune('a' + i%26)), Variant: string(rune(i)), Event: Shown, Day: "d"}, N: 1})
	}
	got := Split(entries)
	if len(got) != 3 || got[0].Len() != 200 || got[2].Len() != 50 {
		t.Fatalf("batches %d", len(got))
	}
}
