package rules

import (
	"strconv"

	"github.com/lcwasm/lcwasm/internal/strconvlite"
)

// The limits of a rule's invitation variants (A/B tests of its text).
const (
	MinVariants     = 2   // a rule with variants has at least two
	MaxVariants     = 8   // … and at most this many
	MaxVariantID    = 64  // bytes of a variant id
	MaxWeight       = 100 // the largest weight of one variant
	variantsField   = "variants"
	variantIDLetter = "A-Z a-z 0-9 _ . -"
)

// Variant is one text of a rule's invitation under test: the visitor is
// shown one of them, chosen by Weight among the rule's variants.
type Variant struct {
	ID      string // unique within the rule; counted with the funnel's counters
	Weight  int    // 1 to MaxWeight: its share of the rule's visitors
	Message string // the invitation text, {{attributes}} filled in as Message's
}

// Weights returns the variants' weights, in configuration order, for
// funnel.Pick.
func (inv Invitation) Weights() []int {
	w := make([]int, len(inv.Variants))
	for i, v := range inv.Variants {
		w[i] = v.Weight
	}
	return w
}

// WithVariant returns the invitation showing variant i's message; an index
// out of range leaves it as it is.
func (inv Invitation) WithVariant(i int) (Invitation, string) {
	if i < 0 || i >= len(inv.Variants) {
		return inv, ""
	}
	inv.Message = inv.Variants[i].Message
	return inv, inv.Variants[i].ID
}

// variants decodes an invitation's optional "variants": MinVariants to
// MaxVariants objects {id, weight, message}, ids unique.
func (d *decoder) variants(m map[string]any, path string) []Variant {
	v, ok := m[variantsField]
	if !ok {
		return nil
	}
	path = field(path, variantsField)
	list, ok := v.([]any)
	if !ok || len(list) < MinVariants || len(list) > MaxVariants {
		d.fail(path, "want a list of "+strconv.Itoa(MinVariants)+" to "+strconv.Itoa(MaxVariants)+" variants")
		return nil
	}
	if _, ok := m["message"]; ok {
		d.fail(path, "want message or variants, not both: each variant has its message")
	}
	out := make([]Variant, 0, len(list))
	seen := map[string]bool{}
	for i, x := range list {
		at := index(path, i)
		vm := d.object(x, at, "id", "weight", "message")
		if vm == nil {
			continue
		}
		var vr Variant
		id, ok := d.name(vm, "id", at)
		switch {
		case ok && !variantID(id):
			d.fail(at, "want id of 1 to "+strconv.Itoa(MaxVariantID)+" of "+variantIDLetter)
		case ok && seen[id]:
			d.fail(at, "duplicate variant id "+strconvlite.Quote(id))
		}
		seen[id], vr.ID = true, id
		if d.need(vm, "weight", at) {
			vr.Weight, _ = d.whole(vm, "weight", at, 1, MaxWeight)
		}
		vr.Message, _ = d.name(vm, "message", at)
		out = append(out, vr)
	}
	return out
}

// variantID reports whether id may name a variant.
func variantID(id string) bool {
	if id == "" || len(id) > MaxVariantID {
		return false
	}
	for _, c := range []byte(id) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-') {
			return false
		}
	}
	return true
}

// Variants returns rule's invitation variants (nil for a rule with one
// text, or an unknown rule), as configured: {{attributes}} not filled in.
func (s *Set) Variants(rule string) []Variant {
	if i, ok := s.index[rule]; ok {
		return s.rules[i].inv.Variants
	}
	return nil
}
