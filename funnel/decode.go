package funnel

import (
	"errors"
	"strconv"

	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/internal/strconvlite"
)

// The limits of a beacon body.
const (
	MaxEntries    = 200   // counters per batch
	MaxCount      = 10000 // the largest n of one counter
	MaxIDLength   = 200   // bytes of a rule id or variant
	MaxGoalLength = 64    // bytes of a goal name
	MaxBody       = 32768 // bytes of a beacon body (the server's cap)
	PastDays      = 2     // a day may be this many days before the server's today
	FutureDays    = 1     // … or this many after (clocks and time zones differ)
)

var fieldSet = map[string]bool{FieldRule: true, FieldVariant: true, FieldGroup: true, FieldEvent: true,
	FieldReason: true, FieldGoal: true, FieldDay: true, FieldN: true}

// Decode checks a beacon body (a tree from encoding/json or the browser's
// JSON) at now and returns its counters. Any unknown key, bad value or
// broken limit refuses the whole body, with the first problem.
func Decode(tree any, now instant.Time) ([]Entry, error) {
	root, ok := tree.(map[string]any)
	if !ok {
		return nil, errors.New("funnel: the body is not a JSON object")
	}
	for k := range root {
		if k != FieldCounters {
			return nil, errors.New("funnel: unknown key " + strconvlite.Quote(k))
		}
	}
	list, ok := root[FieldCounters].([]any)
	switch {
	case !ok:
		return nil, errors.New("funnel: counters: want an array")
	case len(list) == 0:
		return nil, errors.New("funnel: counters: empty")
	case len(list) > MaxEntries:
		return nil, errors.New("funnel: counters: more than " + strconv.Itoa(MaxEntries))
	}
	out := make([]Entry, 0, len(list))
	for i, v := range list {
		e, err := decodeEntry(v, now)
		if err != nil {
			return nil, errors.New("funnel: counters[" + strconv.Itoa(i) + "]: " + err.Error())
		}
		out = append(out, e)
	}
	return out, nil
}

func decodeEntry(v any, now instant.Time) (Entry, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return Entry{}, errors.New("want an object")
	}
	for k, v := range m {
		if !fieldSet[k] {
			return Entry{}, errors.New("unknown key " + strconvlite.Quote(k))
		}
		if _, isStr := v.(string); k != FieldN && !isStr {
			return Entry{}, errors.New(k + ": want a string")
		}
	}
	s := func(k string) string { v, _ := m[k].(string); return v }
	e := Entry{Key: Key{Rule: s(FieldRule), Variant: s(FieldVariant), Group: Group(s(FieldGroup)),
		Event: Event(s(FieldEvent)), Reason: Reason(s(FieldReason)), Goal: s(FieldGoal), Day: s(FieldDay)}}
	n, ok := m[FieldN].(float64)
	if !ok || n != float64(int(n)) || n < 1 || n > MaxCount {
		return Entry{}, errors.New("n: want a whole number from 1 to " + strconv.Itoa(MaxCount))
	}
	e.N = int(n)
	return e, e.Key.check(now)
}

// check tells what is wrong with a key from a beacon, if anything.
func (k Key) check(now instant.Time) error {
	switch {
	case len(k.Rule) > MaxIDLength || len(k.Variant) > MaxIDLength:
		return errors.New("rule and variant: at most " + strconv.Itoa(MaxIDLength) + " bytes")
	case !oneOf(k.Event, Events):
		return errors.New("event: unknown " + strconvlite.Quote(string(k.Event)))
	case k.Group != "" && k.Group != Treatment && k.Group != Holdout:
		return errors.New("group: want treatment or holdout")
	case (k.Event == Held) != (k.Reason != ""):
		return errors.New("reason: set for held, and for held only")
	case k.Reason != "" && !oneOf(k.Reason, Reasons):
		return errors.New("reason: unknown " + strconvlite.Quote(string(k.Reason)))
	case (k.Event == Goal) != (k.Goal != ""):
		return errors.New("goal: set for goal, and for goal only")
	case k.Goal != "" && !ValidGoal(k.Goal):
		return errors.New("goal: want 1 to 64 of A-Z a-z 0-9 _ . -")
	}
	day, ok := instant.ParseDate(k.Day)
	today := now.Truncate(24 * instant.Hour)
	if !ok || day.Before(today.Add(-PastDays*24*instant.Hour)) || day.After(today.Add(FutureDays*24*instant.Hour)) {
		return errors.New("day: want YYYY-MM-DD within " + strconv.Itoa(PastDays) + " days before and " +
			strconv.Itoa(FutureDays) + " after today (UTC)")
	}
	return nil
}

// ValidGoal reports whether name may name a goal: 1 to MaxGoalLength
// bytes of A–Z a–z 0–9 _ . -.
func ValidGoal(name string) bool {
	if name == "" || len(name) > MaxGoalLength {
		return false
	}
	for _, c := range []byte(name) {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-'
		if !ok {
			return false
		}
	}
	return true
}

func oneOf[T comparable](v T, list []T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
