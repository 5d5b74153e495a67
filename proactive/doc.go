// Package proactive runs the site owner's rules in the visitor's browser:
// it keeps the [rules.Visit] up to date from page signals, evaluates when
// one could change the decision and at the one moment the engine names,
// and raises invitations through the widget, the same path as a page's
// startProactiveChat. Nothing about the visitor leaves the page.
//
// A [Runner] is pure Go: the browser bridge feeds it plain values (a
// scroll depth, a scrollY and its event's timeStamp, a storage key) and
// the time, and it talks back through small interfaces ([Deps]): the
// widget, a [Store] (localStorage), a [Lock] (the Web Lock that two tabs
// deciding at the same moment share), the [Page] and one [Timer]. The
// owner calls [Runner.Tick] when the timer fires; [Runner.Deadline] tells
// when that is.
//
// What the runner remembers in the store, under "lcwasm:<appId>:":
//
//   - journey: the visit (pages seen, engaged time, visit count), saved
//     at start, within [SaveJourneyEvery] (1 s) of a route change, when
//     the tab is hidden and on pagehide;
//   - history: every invitation outcome, which the limits read; another
//     tab's outcomes reach this one through storage events;
//   - lock: the tab showing an invitation and until when (its deadline
//     plus one second), so that the visitor's other tabs raise none. It
//     expires by itself, so a tab that died holding it holds nothing.
//
// Defaults: input evaluates at most every [EvaluateEvery] (500 ms; every
// input's time is still recorded); a route change of a single-page app
// is folded into the next evaluation, after the current task, so a burst
// of history.pushState calls costs one page view and one evaluation; a
// tab that loses the race for the Web Lock looks again after
// [LockRetry] (1 s). On touch screens a flick back up of at least
// [FlickDistance] (200 px) within [FlickWindow] (300 ms) is exit intent.
package proactive
