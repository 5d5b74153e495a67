// Package hours is the one notion of time of day the widget, the rules and
// the chat server share: the weekday names, "HH:MM" clock times, wall-clock
// readings in IANA zones ([Wall], [Zones]) and a widget's operating hours
// ([Hours]), decoded from the same configuration tree on both sides so that
// the widget's out-of-hours pane and the server's getAgentAvailability
// always agree.
//
// Semantics of operating hours:
//   - a window holds on its days from open (included) to close (excluded),
//     read on the wall clock of the hours' zone;
//   - close at or before open runs past midnight: "22:00"–"02:00" on Monday
//     is Monday 22:00 to Tuesday 02:00 (the part after midnight belongs to
//     the day the window opened), "00:00"–"24:00" is the whole day;
//   - no operating hours: always open; hours without windows: always closed;
//   - a zone that cannot be read counts as open (a broken configuration must
//     not turn every visitor away) and the error says why;
//   - a window with a bad day or time is reported and left out; the other
//     windows apply.
//
// The package is light enough for the wasm: no encoding/json, fmt or time
// formatting; zones come from the caller (Intl in the browser,
// [systemzones.Zones] natively).
package hours
