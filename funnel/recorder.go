package funnel

import (
	"errors"
	"strconv"
	"strings"

	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/internal/strconvlite"
)

// SendEvery is the least time between two beacons of one page, except
// the last one, which goes when the page goes away.
const SendEvery = 30 * instant.Second

// Store is sessionStorage (or memory): what this session's tabs share.
type Store interface {
	Get(key string) (string, bool)
	Set(key, value string)
}

// Timer arms the recorder's one wake-up; the zero time cancels it. The
// owner calls Tick when it fires.
type Timer interface{ WakeAt(t instant.Time) }

// Sender sends a beacon body (navigator.sendBeacon of the browser's
// JSON.stringify); false: the browser did not take it, try again later.
type Sender func(body map[string]any) bool

// Recorder counts one page load's funnel events and sends them in
// batches. Call its methods from one goroutine, with the time now.
type Recorder struct {
	seed    string // the visitor's random value; never sent
	prefix  string // session storage keys: "<prefix>funnel:…"
	session Store
	timer   Timer
	send    Sender
	batch   Batch
	due     instant.Time // the next send; zero: nothing to send
	last    instant.Time // the last send, or the start
	held    map[heldKey]bool
	goals   []GoalPath // goals reached by address (SetGoals)
}

type heldKey struct {
	rule   string
	reason Reason
}

// NewRecorder starts a recorder at now. seed is the visitor's random
// value (kept in localStorage by the caller), prefix the widget's storage
// prefix ("lcwasm:<appId>:").
func NewRecorder(seed, prefix string, session Store, timer Timer, send Sender, now instant.Time) *Recorder {
	return &Recorder{seed: seed, prefix: prefix, session: session, timer: timer, send: send,
		last: now, held: map[heldKey]bool{}}
}

// Group is the visitor's group for rule with a holdout of percent.
func (r *Recorder) Group(rule string, percent int) Group { return Assign(r.seed, rule, percent) }

// Variant picks the visitor's variant of rule among weights (Pick): the
// index into them, stable per visitor and rule.
func (r *Recorder) Variant(rule string, weights []int) int { return Pick(r.seed, rule, weights) }

// Eligible counts rule eligible for the visitor in group g, shown variant
// ("" for none, and in the holdout), once per session, and remembers both
// for goals.
func (r *Recorder) Eligible(rule, variant string, g Group, now instant.Time) {
	line := string(g) + " " + strconvlite.Quote(rule)
	if variant != "" {
		line += " " + strconvlite.Quote(variant)
	}
	list, _ := r.session.Get(r.prefix + "funnel:eligible")
	if hasLine(list, line) {
		return
	}
	r.session.Set(r.prefix+"funnel:eligible", list+line+"\n")
	r.add(Key{Rule: rule, Variant: variant, Group: g, Event: Eligible}, now)
}

// Held counts rule held back for reason, once per page view per reason.
func (r *Recorder) Held(rule string, g Group, reason Reason, now instant.Time) {
	k := heldKey{rule, reason}
	if r.held[k] {
		return
	}
	r.held[k] = true
	r.add(Key{Rule: rule, Group: g, Event: Held, Reason: reason}, now)
}

// SetGoals sets the goals the widget's configuration declares by address.
func (r *Recorder) SetGoals(goals []GoalPath) { r.goals = goals }

// PageView is a page view of path (the load, or a route change): the
// rules held back are counted again, and each goal whose address path
// matches is counted as Goal counts it.
func (r *Recorder) PageView(path string, now instant.Time) {
	clear(r.held)
	for _, g := range r.goals {
		if g.Matches(path) {
			r.Goal(g.Name, now)
		}
	}
}

// Outcome counts an invitation's event (Shown, Accepted, Declined,
// TimedOut) for rule (PageCall for a page's call) and its variant.
func (r *Recorder) Outcome(rule, variant string, e Event, now instant.Time) {
	r.add(Key{Rule: rule, Variant: variant, Event: e}, now)
}

// Goal counts the goal name once per session for each rule the visitor
// was eligible for earlier in the session, in the group they were in. It
// returns how many rules it counted for. The caller checks name with
// ValidGoal.
func (r *Recorder) Goal(name string, now instant.Time) int {
	list, _ := r.session.Get(r.prefix + "funnel:eligible")
	done, _ := r.session.Get(r.prefix + "funnel:goals")
	n := 0
	for _, line := range strings.Split(list, "\n") {
		g, rule, variant, ok := eligibleLine(line)
		if !ok {
			continue
		}
		mark := strconvlite.Quote(name) + " " + strconvlite.Quote(rule)
		if hasLine(done, mark) {
			continue
		}
		done += mark + "\n"
		r.add(Key{Rule: rule, Variant: variant, Group: g, Event: Goal, Goal: name}, now)
		n++
	}
	r.session.Set(r.prefix+"funnel:goals", done)
	return n
}

// eligibleLine reads a line of the session's eligible list: the group,
// the quoted rule and, if any, the quoted variant.
func eligibleLine(line string) (g Group, rule, variant string, ok bool) {
	group, rest, ok := strings.Cut(line, " ")
	quoted, err := strconvlite.QuotedPrefix(rest)
	if !ok || err != nil {
		return "", "", "", false
	}
	rule, _ = strconvlite.Unquote(quoted)
	if rest = strings.TrimPrefix(rest[len(quoted):], " "); rest != "" {
		if variant, err = strconvlite.Unquote(rest); err != nil {
			return "", "", "", false
		}
	}
	return Group(group), rule, variant, true
}

func hasLine(list, line string) bool {
	return strings.HasPrefix(list, line+"\n") || strings.Contains(list, "\n"+line+"\n")
}

func (r *Recorder) add(k Key, now instant.Time) {
	k.Day = Day(now)
	r.batch.Add(k, 1)
	if r.due.IsZero() {
		r.due = r.last.Add(SendEvery)
		if r.due.Before(now) {
			r.due = now
		}
		r.timer.WakeAt(r.due)
	}
}

// Deadline is when the recorder wants its Tick; ok is false when it has
// nothing to send.
func (r *Recorder) Deadline() (instant.Time, bool) { return r.due, !r.due.IsZero() }

// Tick sends the batch when it is due.
func (r *Recorder) Tick(now instant.Time) {
	if r.due.IsZero() || now.Before(r.due) {
		r.timer.WakeAt(r.due)
		return
	}
	r.Flush(now)
}

// Flush sends what there is now: on pagehide, and at Tick.
func (r *Recorder) Flush(now instant.Time) {
	if r.batch.Len() == 0 {
		return
	}
	var left []Entry
	for _, b := range Split(r.batch.Entries()) {
		if !r.send(b.Tree()) {
			left = append(left, b.Entries()...)
		}
	}
	r.batch.Reset()
	for _, e := range left {
		r.batch.Add(e.Key, e.N)
	}
	r.last, r.due = now, 0
	if len(left) > 0 {
		r.due = now.Add(SendEvery)
	}
	r.timer.WakeAt(r.due)
}

// SeedKey is where the visitor's random seed lives in localStorage, after
// the widget's prefix. It never leaves the browser.
const SeedKey = "funnel:seed"

// Seed is the visitor's seed from store (localStorage), made with random
// and kept there the first time.
func Seed(store Store, prefix string, random func() string) string {
	if s, ok := store.Get(prefix + SeedKey); ok && s != "" {
		return s
	}
	s := random()
	store.Set(prefix+SeedKey, s)
	return s
}

// CodeBadGoal is the lcw:error code of SDK.reportGoal with a bad name.
const CodeBadGoal = 12

// CheckGoal tells what is wrong with a reportGoal argument: the error's
// text is for the page's console and lcw:error.
func CheckGoal(arg any) (string, error) {
	name, ok := arg.(string)
	if !ok || !ValidGoal(name) {
		return "", errors.New("funnel: reportGoal: want a goal name of 1 to " + strconv.Itoa(MaxGoalLength) +
			" letters, digits, _ . or -, such as \"purchase\"; no goal counted")
	}
	return name, nil
}
