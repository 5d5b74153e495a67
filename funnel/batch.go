package funnel

// Batch adds counts up by Key, keeping the order keys first came in. The
// zero Batch is empty and ready.
type Batch struct {
	index   map[Key]int
	entries []Entry
}

// Add adds n to k's counter.
func (b *Batch) Add(k Key, n int) {
	if b.index == nil {
		b.index = map[Key]int{}
	}
	if i, ok := b.index[k]; ok {
		b.entries[i].N += n
		return
	}
	b.index[k] = len(b.entries)
	b.entries = append(b.entries, Entry{Key: k, N: n})
}

// Len is the number of counters in the batch.
func (b *Batch) Len() int { return len(b.entries) }

// Entries returns the counters, in the order their keys first came.
func (b *Batch) Entries() []Entry { return append([]Entry(nil), b.entries...) }

// Reset empties the batch.
func (b *Batch) Reset() { b.index, b.entries = nil, nil }

// Wire field names of a beacon body: {"counters": [{…}, …]}. A field
// whose value is empty is left out. Nothing else is ever sent.
const (
	FieldCounters = "counters"
	FieldRule     = "rule"
	FieldVariant  = "variant"
	FieldGroup    = "group"
	FieldEvent    = "event"
	FieldReason   = "reason"
	FieldGoal     = "goal"
	FieldDay      = "day"
	FieldN        = "n"
)

// Tree is the batch as a beacon body, a plain tree for the browser's
// JSON.stringify. It holds at most MaxEntries counters: Take the rest in
// the next batch (Split).
func (b *Batch) Tree() map[string]any {
	list := make([]any, 0, len(b.entries))
	for _, e := range b.entries {
		list = append(list, entryTree(e))
	}
	return map[string]any{FieldCounters: list}
}

func entryTree(e Entry) map[string]any {
	m := map[string]any{FieldEvent: string(e.Event), FieldDay: e.Day, FieldN: e.N}
	for k, v := range map[string]string{FieldRule: e.Rule, FieldVariant: e.Variant,
		FieldGroup: string(e.Group), FieldReason: string(e.Reason), FieldGoal: e.Goal} {
		if v != "" {
			m[k] = v
		}
	}
	return m
}

// Split cuts entries into batches of at most MaxEntries.
func Split(entries []Entry) []*Batch {
	var out []*Batch
	for len(entries) > 0 {
		n := min(len(entries), MaxEntries)
		b := &Batch{}
		for _, e := range entries[:n] {
			b.Add(e.Key, e.N)
		}
		out, entries = append(out, b), entries[n:]
	}
	return out
}
