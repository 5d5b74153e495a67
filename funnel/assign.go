package funnel

// Assign puts a visitor in rule's holdout or not. seed is the visitor's
// random value kept in the browser (never sent); holdout is the rule's
// percentage, 0 to 50. The same seed and rule always give the same group,
// and different rules split independently of each other.
func Assign(seed, rule string, holdout int) Group {
	if holdout <= 0 {
		return Treatment
	}
	if bucket(seed, rule) < uint64(holdout)*100 {
		return Holdout
	}
	return Treatment
}

// Pick chooses a variant by weight for seed and rule: the index into
// weights (each >= 0, their sum > 0), stable like Assign.
func Pick(seed, rule string, weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	if total <= 0 {
		return 0
	}
	at := int(mix(hash(seed, "variant\x00"+rule)) % uint64(total))
	for i, w := range weights {
		if at < w {
			return i
		}
		at -= w
	}
	return len(weights) - 1
}

// bucket is the visitor's place for rule among 10,000 buckets.
func bucket(seed, rule string) uint64 { return mix(hash(seed, rule)) % 10000 }

// hash is 64-bit FNV-1a over seed, a zero byte and rule.
func hash(seed, rule string) uint64 {
	h := uint64(14695981039346656037)
	for _, s := range [...]string{seed, "\x00", rule} {
		for i := 0; i < len(s); i++ {
			h ^= uint64(s[i])
			h *= 1099511628211
		}
	}
	return h
}

// mix is SplitMix64's finalizer: FNV's low bits alone split unevenly.
func mix(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}
