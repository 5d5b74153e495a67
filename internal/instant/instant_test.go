package instant

import (
	"testing"
	"time"
)

// TestAgreesWithTime walks 570 years (the range of a nanosecond int64) day by day at odd hours and checks
// every calendar reading against the standard library.
func TestAgreesWithTime(t *testing.T) {
	start := time.Date(1680, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 570*365; i++ {
		std := start.AddDate(0, 0, i).Add(time.Duration(i%86400)*time.Second + time.Duration(i%1000)*time.Millisecond)
		it := From(std)
		y, m, d := it.Date()
		sy, sm, sd := std.Date()
		if y != sy || int(m) != int(sm) || d != sd {
			t.Fatalf("%v: Date %d-%d-%d", std, y, m, d)
		}
		h, mi, s := it.Clock()
		if sh, smi, ss := std.Clock(); h != sh || mi != smi || s != ss {
			t.Fatalf("%v: Clock %d:%d:%d", std, h, mi, s)
		}
		if int(it.Weekday()) != int(std.Weekday()) {
			t.Fatalf("%v: Weekday %d", std, it.Weekday())
		}
		if it.UnixMilli() != std.UnixMilli() || it.Unix() != std.Unix() {
			t.Fatalf("%v: Unix %d %d", std, it.Unix(), it.UnixMilli())
		}
		if got := Date(sy, Month(sm), sd, std.Hour(), std.Minute(), std.Second(), std.Nanosecond()); got != it {
			t.Fatalf("%v: Date() = %d, want %d", std, got, it)
		}
		if i%97 == 0 {
			if got, want := it.DateString(), std.Format(time.DateOnly); got != want {
				t.Fatalf("DateString %q, want %q", got, want)
			}
			p, ok := ParseDate(std.Format(time.DateOnly))
			if want := std.Truncate(24 * time.Hour); !ok || p != From(want) {
				t.Fatalf("ParseDate(%q) = %d %v", std.Format(time.DateOnly), p, ok)
			}
		}
	}
}

func TestDateNormalises(t *testing.T) {
	for _, c := range [][7]int{{2026, 13, 1, 0, 0, 0, 0}, {2026, 0, 1, 0, 0, 0, 0}, {2026, 3, 0, 25, 61, 61, 0}, {2026, -14, 40, -1, 0, 0, 5}} {
		want := time.Date(c[0], time.Month(c[1]), c[2], c[3], c[4], c[5], c[6], time.UTC)
		if got := Date(c[0], Month(c[1]), c[2], c[3], c[4], c[5], c[6]); got != From(want) {
			t.Errorf("Date%v = %d, want %v", c, got, want)
		}
	}
}

func TestParseDateRefuses(t *testing.T) {
	for _, s := range []string{"", "2026-02-29", "2024-13-01", "2024-00-10", "2024-1-01", "2024/01/01", "20a4-01-01", "2024-04-31", "2024-01-01T"} {
		if _, ok := ParseDate(s); ok {
			t.Errorf("ParseDate(%q) accepted", s)
		}
	}
	if _, ok := ParseDate("2024-02-29"); !ok {
		t.Error("ParseDate refused a leap day")
	}
}

func TestArithmetic(t *testing.T) {
	a := UnixMilli(1_700_000_000_123)
	b := a.Add(90 * Second)
	if b.Sub(a) != 90*Second || !a.Before(b) || !b.After(a) || a.Equal(b) || a.Compare(b) != -1 || b.Compare(a) != 1 || a.Compare(a) != 0 {
		t.Fatal("ordering")
	}
	if a.Truncate(Second) != UnixMilli(1_700_000_000_000) || Time(-1).Truncate(Second) != -Time(Second) {
		t.Fatal("Truncate")
	}
	if Time(-1).UnixMilli() != -1 || Time(-1).Unix() != -1 {
		t.Fatal("negative instants round down")
	}
	if (1500*Millisecond).Seconds() != 1.5 || (90*Second).Minutes() != 1.5 || (-1500*Microsecond).Milliseconds() != -1 {
		t.Fatal("Duration readings")
	}
	if From(time.Time{}) != 0 || !From(time.Time{}).IsZero() {
		t.Fatal("the zero time.Time is not the zero Time")
	}
	if Duration(time.Minute) != Minute {
		t.Fatal("units differ from time's")
	}
}

func TestDurationStringAsTime(t *testing.T) {
	for _, d := range []time.Duration{0, 1, 999, time.Microsecond, 1500 * time.Nanosecond, time.Millisecond, 250 * time.Millisecond,
		1234567 * time.Nanosecond, time.Second, 1500 * time.Millisecond, 10 * time.Second, time.Minute, 90 * time.Second,
		time.Hour, 26*time.Hour + 3*time.Minute + 4*time.Second + 5*time.Millisecond, -1500 * time.Millisecond, -2 * time.Hour, 59*time.Minute + 59*time.Second} {
		if got, want := Duration(d).String(), d.String(); got != want {
			t.Errorf("Duration(%d).String() = %q, want %q", int64(d), got, want)
		}
	}
}
