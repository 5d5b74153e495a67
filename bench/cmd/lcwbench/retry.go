package main

import (
	"slices"
	"strings"
)

// maxAttempts bounds the tries of one sample.
const maxAttempts = 3

// transientErrors are the CDP errors that say the page's JavaScript
// context went away under a call (a navigation or a renderer swap racing
// the harness), not that the page failed: the sample is taken again.
var transientErrors = []string{
	"Cannot find context with specified id",
	"Execution context was destroyed",
}

// transient reports whether err is one of transientErrors.
func transient(err error) bool {
	if err == nil {
		return false
	}
	for _, s := range transientErrors {
		if strings.Contains(err.Error(), s) {
			return true
		}
	}
	return false
}

// retrier takes samples again after a transient error, up to maxAttempts
// tries each, and counts the retries.
type retrier struct {
	retries int
	errors  []string // distinct transient errors, in the order seen
}

// do runs take until it succeeds, fails for good, or has been tried
// maxAttempts times, and returns its last result.
func do[T any](r *retrier, take func() (T, error)) (T, error) {
	var v T
	var err error
	for attempt := 1; ; attempt++ {
		v, err = take()
		if !transient(err) || attempt == maxAttempts {
			return v, err
		}
		r.retries++
		if msg := err.Error(); !slices.Contains(r.errors, msg) {
			r.errors = append(r.errors, msg)
		}
	}
}
