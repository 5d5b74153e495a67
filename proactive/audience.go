package proactive

import (
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/widget"
)

// SetAudience merges the page's audience attributes (the SDK extension
// setAudienceAttributes); a bad value changes nothing and is the error.
func (r *Runner) SetAudience(tree any, now instant.Time) error {
	merged, err := widget.MergeAttributes(r.pageSet, tree)
	if err != nil {
		return err
	}
	r.pageSet = merged
	r.applyAttributes(now)
	return nil
}

// ContextChanged is the page setting or removing its context provider:
// its values are read again.
func (r *Runner) ContextChanged(now instant.Time) {
	r.readProvided()
	r.applyAttributes(now)
}

// readProvided reads the context provider's values as audience
// attributes. A provider that throws or returns garbage is ignored here;
// the chat start reports it (error code 1).
func (r *Runner) readProvided() {
	if r.d.Context == nil {
		r.provided = nil
		return
	}
	v, err := r.d.Context()
	if err != nil {
		r.d.Log.Debug("lcwasm: rules: the context provider threw: " + err.Error())
		return
	}
	r.provided = widget.ProvidedAttributes(v)
}

func (r *Runner) applyAttributes(now instant.Time) {
	r.mergeAttributes()
	r.soon(now)
}

func (r *Runner) mergeAttributes() {
	attrs := map[string]any{}
	for k, v := range r.provided {
		attrs[k] = v
	}
	for k, v := range r.pageSet {
		attrs[k] = v
	}
	r.visit.Attributes = attrs
}
