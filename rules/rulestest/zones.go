// Package rulestest holds conformance checks for what the browser supplies
// to package rules. Run them in Chromium against the Intl-backed Zones, and
// natively against systemzones.Zones; they must agree.
package rulestest

import (
	"errors"
	"fmt"
	"time"

	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/rules"
)

// zoneFacts are wall clocks that any correct zone database gives, chosen
// around daylight-saving transitions and odd offsets.
var zoneFacts = []struct {
	utc  string // RFC 3339 instant
	zone string
	want string // the wall clock, as time.DateTime
}{
	{"2026-03-02T10:00:00Z", "UTC", "2026-03-02 10:00:00"},
	{"2026-03-02T10:00:00Z", "Europe/Paris", "2026-03-02 11:00:00"},
	{"2026-03-29T00:59:59Z", "Europe/Paris", "2026-03-29 01:59:59"},
	{"2026-03-29T01:00:00Z", "Europe/Paris", "2026-03-29 03:00:00"},
	{"2026-10-25T00:30:00Z", "Europe/Paris", "2026-10-25 02:30:00"},
	{"2026-10-25T01:30:00Z", "Europe/Paris", "2026-10-25 02:30:00"},
	{"2026-03-08T06:59:59Z", "America/New_York", "2026-03-08 01:59:59"},
	{"2026-03-08T07:00:00Z", "America/New_York", "2026-03-08 03:00:00"},
	{"2026-01-01T04:59:59Z", "America/New_York", "2025-12-31 23:59:59"},
	{"2026-06-15T12:00:00Z", "Asia/Kolkata", "2026-06-15 17:30:00"},
	{"2026-06-15T12:00:00Z", "Australia/Lord_Howe", "2026-06-15 22:30:00"},
	{"2026-12-15T12:00:00Z", "Australia/Lord_Howe", "2026-12-15 23:00:00"},
	{"2026-06-15T12:00:00Z", "Pacific/Chatham", "2026-06-16 00:45:00"},
	{"2024-02-29T23:00:00Z", "Pacific/Kiritimati", "2024-03-01 13:00:00"},
}

// TestZones checks that z reads wall clocks like the IANA database, and
// rejects an unknown zone. It returns every discrepancy, joined.
func TestZones(z rules.Zones) error {
	var errs []error
	for _, f := range zoneFacts {
		at, err := time.Parse(time.RFC3339, f.utc)
		if err != nil {
			panic(err)
		}
		got, err := z.Wall(instant.From(at), f.zone)
		if err != nil || got != wall(f.want) {
			errs = append(errs, fmt.Errorf("rulestest: Wall(%s, %s) = %+v, %v; want %+v", f.utc, f.zone, got, err, f.want))
		}
	}
	if _, err := z.Wall(instant.Unix(0, 0), "Mars/Olympus_Mons"); err == nil {
		errs = append(errs, errors.New("rulestest: Wall accepted the unknown zone Mars/Olympus_Mons"))
	}
	return errors.Join(errs...)
}

// wall parses a time.DateTime into a rules.Wall.
func wall(s string) rules.Wall {
	t, err := time.Parse(time.DateTime, s)
	if err != nil {
		panic(err)
	}
	return rules.Wall{
		Year: t.Year(), Month: instant.Month(t.Month()), Day: t.Day(),
		Hour: t.Hour(), Minute: t.Minute(), Second: t.Second(),
	}
}
