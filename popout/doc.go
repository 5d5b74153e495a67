// Package popout is the hand-shake between the page that opens the chat in
// a new window and that window (popout.html), as a pure state machine.
//
// The protocol, as the value of the messages' "lcwasm" key: the pop-out's
// loader says [Hello]; the opener answers [Attrs] with the widget's
// attributes, the invitation's source (its kind, rule id, variant and
// message) and its page's context (with the session's pages: [Pages],
// read back with chat's budgets by [ReadPages]); the pop-out's
// chat asks [Auth] for the page's auth token and the opener answers
// [Token]; the pop-out says [ClosedNote] as its page goes away (a reload
// says it too, then hello again).
//
// [Opener] is the opening page's side: it answers only the window it
// opened, looks every [Check] whether that window was closed, and takes the
// chat back [Gone] after a closing note not followed by a hello. Time is
// passed in ([Opener.Deadline], [Opener.Tick], as in package chat); the
// window is a small interface ([Window]) that jsbridge implements over
// window.open's result and postMessage. [Refused] is the origin rule both
// sides keep; [TokenAnswer] and [ReadToken] carry the page's auth token,
// or the failure of its provider, across.
//
// The pop-out's side of the hello (asking for the attributes before the
// runtime can run, within 5 s) lives in the loader, assets/lcw.js, which
// keeps the same origin rule.
package popout
