package rules

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/lcwasm/lcwasm/internal/instant"
)

// FuzzDecode feeds arbitrary JSON to the decoder, then evaluates and
// explains whatever survived. Seeds live in testdata/fuzz/FuzzDecode.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"rules": [{"id": "r", "conditions": [{"timeOnPage": {"seconds": 20}}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var tree any
		if json.Unmarshal(data, &tree) != nil {
			return
		}
		set, errs := testDecoder.Decode(tree)
		for _, err := range errs {
			if _, ok := err.(*Error); !ok || !strings.HasPrefix(err.Error(), "rules: ") {
				t.Fatalf("error %v is not a rules *Error", err)
			}
		}
		if _, again := testDecoder.Decode(tree); len(again) != len(errs) {
			t.Fatalf("decoding twice gave %d then %d errors", len(errs), len(again))
		}
		e := NewEngine(set, History{Events: []Event{{"r", Declined, t0.Add(-instant.Minute)}}})
		v := baseVisit()
		v.Engaged = Engaged{Page: instant.Second, Since: t0}
		for _, now := range []instant.Time{t0, t0.Add(90 * instant.Second)} {
			if d := e.Evaluate(v, now); !d.Next.IsZero() && !d.Next.After(now) {
				t.Fatalf("Next %v is not after now %v", d.Next, now)
			}
			if x := e.Explain(v, now); len(x) != len(set.rules)+len(set.disabled) {
				t.Fatalf("Explain returned %d explanations for %d rules", len(x), len(set.rules)+len(set.disabled))
			}
		}
	})
}
