package rules

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/lcwasm/lcwasm/internal/instant"
)

func TestHistoryJSONRoundTrip(t *testing.T) {
	e := NewEngine(mustDecode(t, `{"rules": []}`), History{})
	e.Record("pricing", Shown, t0)
	e.Record("pricing", Declined, t0.Add(1500*instant.Millisecond))
	e.Record("", Shown, t0.Add(instant.Minute))
	b, err := json.Marshal(e.History().Tree())
	if err != nil {
		t.Fatal(err)
	}
	const want = `[{"at":1772445600000,"outcome":"shown","rule":"pricing"},` +
		`{"at":1772445601500,"outcome":"declined","rule":"pricing"},` +
		`{"at":1772445660000,"outcome":"shown","rule":""}]`
	if string(b) != want {
		t.Errorf("JSON\n%s\nwant\n%s", b, want)
	}
	h, err := HistoryFromTree(parse(t, string(b)))
	if err != nil || !reflect.DeepEqual(h, e.History()) {
		t.Errorf("round trip: %v, %+v, want %+v", err, h, e.History())
	}
}

func TestHistoryFromDamagedTree(t *testing.T) {
	h, err := HistoryFromTree(parse(t, `[{"rule": "a", "outcome": "shown", "at": 1}, {"rule": "a", "outcome": "exploded", "at": 2}, 7]`))
	if len(h.Events) != 1 || err == nil || err.Error() != "rules: history[1]: want {rule, outcome, at}" {
		t.Errorf("got %+v, %v", h, err)
	}
	if _, err := HistoryFromTree(parse(t, `{}`)); err == nil {
		t.Error("an object was accepted as a history")
	}
	if h, err := HistoryFromTree(nil); err != nil || len(h.Events) != 0 {
		t.Errorf("nil: %+v, %v", h, err)
	}
}

func TestHistoryPrune(t *testing.T) {
	day := 24 * instant.Hour
	var h History
	h.add(Event{"old", Shown, t0.Add(-30 * day)})
	h.add(Event{"old", Declined, t0.Add(-29 * day)})
	h.add(Event{"old", Accepted, t0.Add(-29 * day)})
	h.add(Event{"busy", Shown, t0.Add(-20 * day)})
	h.add(Event{"busy", Shown, t0.Add(-10 * day)})
	h.add(Event{"busy", Shown, t0.Add(-2 * day)})
	h.add(Event{"", Shown, t0})
	want := []Event{
		{"old", Shown, t0.Add(-30 * day)},
		{"old", Declined, t0.Add(-29 * day)},
		{"busy", Shown, t0.Add(-2 * day)},
		{"", Shown, t0},
	}
	if !reflect.DeepEqual(h.Events, want) {
		t.Errorf("kept %+v\nwant %+v", h.Events, want)
	}
	for i := range 2 * MaxEvents {
		h.add(Event{"flood", Shown, t0.Add(instant.Duration(i) * instant.Second)})
	}
	if len(h.Events) != MaxEvents {
		t.Errorf("len = %d, want %d", len(h.Events), MaxEvents)
	}
}

func TestHistoryOrdersEvents(t *testing.T) {
	e := NewEngine(mustDecode(t, `{"rules": [{"id": "r", "conditions": [], "limits": {"perDay": 2}}]}`),
		History{Events: []Event{{"r", Shown, t0.Add(-instant.Hour)}, {"r", Shown, t0.Add(-23 * instant.Hour)}}})
	if d := e.Evaluate(baseVisit(), t0); d.Rule != "" || !d.Next.Equal(t0.Add(instant.Hour)) {
		t.Errorf("%+v, want blocked until the older show is a day old", d)
	}
}

func TestOutcomeString(t *testing.T) {
	for o, want := range map[Outcome]string{Shown: "shown", Declined: "declined", TimedOut: "timedOut", Accepted: "accepted", 9: "outcome(9)"} {
		if o.String() != want {
			t.Errorf("%d.String() = %q, want %q", o, o.String(), want)
		}
	}
}
