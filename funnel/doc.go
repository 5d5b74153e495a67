// Package funnel counts what became of proactive invitations without
// tracking anybody: the widget adds aggregate counters (widget, rule,
// variant, group, event, UTC day) to a [Batch] and sends the batch, and
// the server adds batches into daily totals. No visitor id, address,
// referrer or attribute is ever part of a [Key].
//
// It also holds the two pieces of statistics the site owner's report
// needs: [Assign] puts a visitor in a rule's holdout (control group) from
// a random seed kept in the browser, stable per visitor and rule, and
// [Compare] computes the lift of the invited group over the holdout with
// a 95 % confidence interval (Newcombe's hybrid score interval, built
// from two Wilson intervals), saying plainly when the sample is too small
// to tell.
//
// A [Recorder] (recorder.go) is the widget side, pure Go with time passed in: it
// dedups (a rule is eligible once per session, held back for one reason
// once per page view, a goal once per session per rule), batches, and
// sends at most every [SendEvery] (30 s) and when the page goes away.
//
// Limits, checked by [Decode] (the server refuses a beacon that breaks
// one): at most [MaxEntries] (200) counters per batch, each count from 1
// to [MaxCount] (10,000), rule ids and variants up to [MaxIDLength] (200
// bytes), goal names up to [MaxGoalLength] (64) of A–Z a–z 0–9 _ . - and
// a day from two days before to one day after the server's today.
package funnel
