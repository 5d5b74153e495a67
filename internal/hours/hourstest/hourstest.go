// Package hourstest holds the operating-hours cases that the widget's
// out-of-hours decision and the server's getAgentAvailability must both
// get right: each side runs them through its own configuration path
// (widget.DecodeConfig and the widget's chat opening; server/chat.ParseHours
// and GET …/availability), so the two cannot drift apart again.
package hourstest

import "github.com/lcwasm/lcwasm/internal/instant"

// Case is operating hours (the "operatingHours" JSON of a widget
// configuration), an instant and whether agents answer then.
type Case struct {
	Name  string
	Hours string       // JSON; "null" for none
	At    instant.Time // the instant asked about
	Open  bool
	// Problem: the configuration is reported as faulty (when decoded, or
	// when its zone is read).
	Problem bool
}

// Monday 22:00 to Tuesday 02:00, UTC.
const overnight = `{"timeZone": "UTC", "windows": [{"days": ["mon"], "open": "22:00", "close": "02:00"}]}`

const nineToFiveParis = `{"timeZone": "Europe/Paris", "windows": [{"days": ["mon", "tue", "wed", "thu", "fri"], "open": "09:00", "close": "17:00"}]}`

// utc is 2026-03-02 (a Monday) at hh:mm UTC plus days.
func utc(days, hh, mm int) instant.Time {
	return instant.Date(2026, instant.March, 2+days, hh, mm, 0, 0)
}

// Cases are the shared table.
var Cases = []Case{
	{Name: "overnight: Monday 23:00 is open", Hours: overnight, At: utc(0, 23, 0), Open: true},
	{Name: "overnight: opens at 22:00", Hours: overnight, At: utc(0, 22, 0), Open: true},
	{Name: "overnight: Monday 21:59 is closed", Hours: overnight, At: utc(0, 21, 59)},
	{Name: "overnight: Tuesday 01:59 is open", Hours: overnight, At: utc(1, 1, 59), Open: true},
	{Name: "overnight: closes Tuesday 02:00", Hours: overnight, At: utc(1, 2, 0)},
	{Name: "overnight: Monday 01:00 belongs to Sunday, closed", Hours: overnight, At: utc(0, 1, 0)},
	{Name: "overnight: Sunday 23:00 is closed", Hours: overnight, At: utc(-1, 23, 0)},
	{Name: "overnight: Tuesday 23:00 is closed", Hours: overnight, At: utc(1, 23, 0)},
	{Name: "overnight in Tokyo: Friday 23:00 there", At: utc(4, 14, 0), Open: true,
		Hours: `{"timeZone": "Asia/Tokyo", "windows": [{"days": ["fri"], "open": "22:00", "close": "02:00"}]}`},
	{Name: "zone: 09:30 in Paris is open", Hours: nineToFiveParis, At: utc(0, 8, 30), Open: true},
	{Name: "zone: 17:30 in Paris is closed", Hours: nineToFiveParis, At: utc(0, 16, 30)},
	{Name: "zone: summer time moves the hours", Hours: nineToFiveParis, At: instant.Date(2026, instant.July, 6, 7, 30, 0, 0), Open: true},
	{Name: "zone: Saturday is closed", Hours: nineToFiveParis, At: utc(5, 10, 0)},
	{Name: "until 24:00", At: utc(0, 23, 59), Open: true,
		Hours: `{"timeZone": "UTC", "windows": [{"days": ["mon"], "open": "18:00", "close": "24:00"}]}`},
	{Name: "24:00 closes at midnight", At: utc(1, 0, 0),
		Hours: `{"timeZone": "UTC", "windows": [{"days": ["mon"], "open": "18:00", "close": "24:00"}]}`},
	{Name: "all day", At: utc(0, 0, 0), Open: true,
		Hours: `{"timeZone": "UTC", "windows": [{"days": ["MON"], "open": "00:00", "close": "24:00"}]}`},
	{Name: "no zone is UTC", At: utc(0, 9, 0), Open: true,
		Hours: `{"windows": [{"days": ["mon"], "open": "09:00", "close": "10:00"}]}`},
	{Name: "unknown zone counts as open", At: utc(5, 3, 0), Open: true, Problem: true,
		Hours: `{"timeZone": "Mars/Olympus_Mons", "windows": [{"days": ["mon"], "open": "09:00", "close": "10:00"}]}`},
	{Name: "unknown day: its window is left out", At: utc(0, 9, 30), Problem: true,
		Hours: `{"timeZone": "UTC", "windows": [{"days": ["mon", "funday"], "open": "09:00", "close": "10:00"}]}`},
	{Name: "unknown day: the other windows apply", At: utc(1, 9, 30), Open: true, Problem: true,
		Hours: `{"timeZone": "UTC", "windows": [{"days": ["funday"], "open": "09:00", "close": "10:00"},
			{"days": ["tue"], "open": "09:00", "close": "10:00"}]}`},
	{Name: "bad time: its window is left out", At: utc(0, 9, 30), Problem: true,
		Hours: `{"timeZone": "UTC", "windows": [{"days": ["mon"], "open": "9am", "close": "10:00"}]}`},
	{Name: "no windows: always closed", Hours: `{"timeZone": "UTC", "windows": []}`, At: utc(0, 12, 0)},
	{Name: "no operating hours: always open", Hours: `null`, At: utc(5, 3, 0), Open: true},
}
