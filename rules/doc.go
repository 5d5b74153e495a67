// Package rules decides, in the visitor's browser, when to invite them to
// chat.
//
// A site owner writes rules as JSON. [Decode] turns the parsed tree into a
// [Set]; an [Engine] evaluates the Set against a [Visit] (what the browser
// knows) at an instant and returns a [Decision]: the rule whose invitation
// to raise now, if any, and Next, the earliest moment the decision could
// change if no new signal arrives. The browser arms one timer for Next and
// evaluates again on signals (input, scroll, visibility, route change,
// attribute change, an invitation outcome): no polling, no timer per rule.
// [Engine.Record] keeps the outcomes of invitations (shown, declined, timed
// out, accepted) in a [History] that the limits read and the browser
// persists; [Engine.Explain] tells, per rule, what holds and when it could
// fire.
//
// The package is pure Go and small: it links no regexp, encoding/json,
// net/url or zone database. Regular expressions come from a [Compiler] and
// time zones from [Zones], both given to a [Decoder] by the browser (RegExp
// and Intl.DateTimeFormat; package rulestest checks the latter); native
// programs can use regexp and systemzones.Zones. The zero Decoder knows only
// UTC. Time is passed in, never read.
//
// The browser keeps the Visit (page, session and visitor facts; its
// StartPage, Touch and SetHidden methods keep engaged time), observes the
// selectors of [Set.Selectors], persists [History.Tree] and restores it with
// [HistoryFromTree]. Page calls to startProactiveChat go through
// [Engine.Admits] and are recorded with rule "" so they share the set's
// limits; they wait for [Visit.Typing] as rules do.
//
// # Format
//
//	{
//	  "sessionBudget": 2,
//	  "cooldown": 300,
//	  "rules": [{
//	    "id": "pricing",
//	    "description": "Pricing readers who linger",
//	    "priority": 10,
//	    "conditions": [
//	      {"path": {"glob": "/pricing/**"}},
//	      {"any": [{"timeOnPage": {"seconds": 20, "engaged": true}}, {"exitIntent": true}]}
//	    ],
//	    "limits": {"once": "session", "perDay": 2, "cooldown": 3600},
//	    "invitation": {"message": "Questions about plans?", "showPrechat": false, "inNewWindow": false}
//	  }]
//	}
//
// Top level: "rules" (required, a list); "sessionBudget": at most this many
// invitations per session, page calls to startProactiveChat included
// (default: no budget); "cooldown": seconds after any decline or time-out
// during which no rule fires (default 0).
//
// A rule: "id" (required, unique); "description" (ignored); "enabled"
// (default true; false switches the rule off: it is still decoded and its
// problems reported, but it never fires, and Explain lists it as disabled
// with the error `enabled: switched off`); "priority"
// (whole number, default 0); "conditions" (required list, all must hold; []
// always holds); "limits"; "invitation": "message" ("" lets the widget use
// its default text; {{name}} is replaced by the audience attribute name),
// "showPrechat" (default true), "inNewWindow" (default false).
//
// Evaluation order: priority descending, then id ascending in byte order.
// The first rule whose conditions and limits hold fires. While the visitor
// is typing (a keystroke in a form field less than [TypingPause] ago) or the
// tab is hidden, the decision names it in Waiting instead.
//
// Limits of a rule: "once": "page" (default), "session" or "visitor": at
// most once per page view, session or ever; "perDay": at most N (1-100) in
// any rolling 24 hours; "cooldown": seconds after this rule's invitation
// was declined or timed out.
//
// # Conditions
//
// A condition is an object with exactly one key, its kind. Durations are in
// seconds (fractions allowed, 0 to 1e8); a range is {"min": a, "max": b}
// with whole numbers, either optional, both included.
//
//	"all": [c, ...]     every condition holds (non-empty list)
//	"any": [c, ...]     at least one holds (non-empty list)
//	"not": c            c does not hold
//
//	"timeOnPage": {"seconds": 20}   time since the page view began
//	"timeOnSite": {"seconds": 60}   time since the session began; with "engaged": true
//	                                either counts only time the tab was visible and the
//	                                visitor active (input less than ActiveFor ago)
//	"inactive": {"seconds": 30}     no input for that long
//	"elementVisible": {"selector": "#plans", "seconds": 5}  an element matching the
//	                                selector visible for that long (seconds default 0)
//
//	"path", "url", "hash", "title", "referrer": a text matcher on the page's
//	path, full URL, hash ("#faq"), title, or referrer URL
//	"referrerHost": a text matcher on the referrer's host (lower case)
//	"query": {"name": "ref", <text matcher> | "exists": bool}   a query parameter of the page
//	"utm": {"tag": "campaign", <text matcher> | "exists": bool} a UTM tag of the session's landing
//	page: source, medium, campaign, term or content
//	"source": "search" or a list of "direct", "search", "internal", "external": how the
//	session arrived (search: Google, Bing, DuckDuckGo, Yahoo, Yandex, Baidu, Ecosia, Qwant,
//	Startpage, Brave, Naver, Seznam)
//
//	"visitCount": range        visits of this visitor, this one included
//	"visitor": "new" | "returning"
//	"daysSinceLastVisit": range  whole 24-hour periods since the previous visit began
//	"pagesViewed": range       page views in this session, this one included
//	"journey": {"steps": [matcher, ...], "withinMinutes": 10}  the session's pages contain the
//	steps' paths in this order, first to last within the window (optional)
//	"scrollDepth": range       deepest scroll on this page, percent
//	"exitIntent": true         at an exit intent: from the moment the visitor seems to leave
//	(the pointer leaves through the top; on a phone or tablet a flick up, or the tab
//	hidden) while they are away, and ExitMoment (1 s) after they are back (an input, the
//	tab shown); false: not at one. {"exitIntent": {"seen": true}}: seen on this page at
//	any time (false: not)
//	"device": "phone" | "tablet" | "desktop" or a list
//	"language": "fr" or a list: the preferred language is one of them or a
//	subtag of one ("fr" covers "fr-CA"; case-insensitive)
//	"attribute": {"name": "plan", <op>: value}  an audience attribute set by the page;
//	op is one of "equals", "notEqual" (holds when absent), "in" (a list), "contains"
//	(substring of a string, or element of a list), "gt", "lt" (numbers, or strings in
//	byte order such as ISO dates), "exists" (true or false)
//	"timeFrame": {"zone": "Europe/Paris", "days": ["mon-fri"], "hours": ["09:00-12:00"],
//	"dates": {"from": "2026-12-01", "to": "2026-12-24"}}  at least one of days (sun to sat,
//	ranges may wrap), hours (from included, to excluded; "22:00-06:00" runs past midnight)
//	and dates (both ends included, either optional), all read on the zone's wall clock;
//	zone defaults to the visitor's, then UTC. Days and hours are checked on the same
//	local date.
//	"agentsAvailable": true     the chat service said an agent is available (isAgentAvailable
//	and isQueueAvailable); false: it said none is. Neither holds while the answer is not
//	known (not asked yet, no answer, a failed request) or is older than its Visit.Agents.Until.
//	A rule with this condition is never held for want of an agent: see [Set.ReadsAgents].
//
// A text matcher has exactly one of "equals", "prefix", "suffix", "contains",
// "glob", "regex", and optionally "ignoreCase" (not with regex: use the
// pattern's flags). A glob splits pattern and text on "/": "**" as a whole
// segment matches any number of segments, none included ("/docs/**" matches
// "/docs" and "/docs/a/b"); within a segment "*", "?", "[a-z]" and "\"
// escapes work as in path.Match ("/products/*" matches "/products/shoes",
// not "/products/shoes/red").
//
// # Errors
//
// Decode reports every problem as an [*Error] naming the rule and the path
// of the bad field, e.g.
//
//	rules: rule "pricing": conditions[1].timeOnPage: want seconds >= 0
//
// Unknown kinds and unknown fields are errors. A rule with an error is
// disabled; the others work. [Explain] lists disabled rules with their first
// error.
package rules
