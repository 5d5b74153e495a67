package instant

// Month is a month of the year, January = 1, as time.Month.
type Month int

// Weekday is a day of the week, Sunday = 0, as time.Weekday.
type Weekday int

// The days of the week.
const (
	Sunday Weekday = iota
	Monday
	Tuesday
	Wednesday
	Thursday
	Friday
	Saturday
)

const secondsPerDay = 86400

// Date is the instant of the wall clock year-month-day hour:min:sec+nsec
// in UTC. Out-of-range values normalise as time.Date's do (month 13 is
// January of the next year, day 0 the last day of the month before).
func Date(year int, month Month, day, hour, min, sec, nsec int) Time {
	m := int(month) - 1
	year += m / 12
	if m %= 12; m < 0 {
		m += 12
		year--
	}
	days := daysFromCivil(int64(year), m+1, 1) + int64(day-1)
	s := days*secondsPerDay + int64(hour)*3600 + int64(min)*60 + int64(sec)
	return Unix(s, int64(nsec))
}

// Date is t's year, month and day in UTC.
func (t Time) Date() (year int, month Month, day int) {
	y, m, d := civilFromDays(t.days())
	return int(y), Month(m), d
}

// Clock is t's hour, minute and second in UTC.
func (t Time) Clock() (hour, min, sec int) {
	s := int(t.Unix() - t.days()*secondsPerDay)
	return s / 3600, s % 3600 / 60, s % 60
}

// Weekday is t's day of the week in UTC.
func (t Time) Weekday() Weekday { return WeekdayOfDay(t.days()) }

// Day is t's day since the epoch (1970-01-01 is 0), rounded down.
func (t Time) days() int64 { return floorDiv(t.Unix(), secondsPerDay) }

// WeekdayOfDay is the day of the week of the day'th day since the epoch
// (a Thursday).
func WeekdayOfDay(day int64) Weekday { return Weekday((day%7 + 7 + 4) % 7) }

// DateString is t's UTC date as YYYY-MM-DD (time.DateOnly).
func (t Time) DateString() string {
	y, m, d := t.Date()
	b := make([]byte, 0, 10)
	b = pad(b, y, 4)
	b = append(b, '-')
	b = pad(b, int(m), 2)
	b = append(b, '-')
	b = pad(b, d, 2)
	return string(b)
}

// ClockString is t's UTC time of day as HH:MM:SS (time.TimeOnly).
func (t Time) ClockString() string {
	h, m, s := t.Clock()
	b := pad(nil, h, 2)
	b = append(b, ':')
	b = pad(b, m, 2)
	b = append(b, ':')
	return string(pad(b, s, 2))
}

// ParseDate reads a YYYY-MM-DD date (years 0000–9999) as midnight UTC; ok
// is false for anything else, including days the month does not have.
func ParseDate(s string) (t Time, ok bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > DaysIn(Month(m), y) {
		return 0, false
	}
	return Date(y, Month(m), d, 0, 0, 0, 0), true
}

// DaysIn is the number of days of month in year.
func DaysIn(month Month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func pad(b []byte, n, width int) []byte {
	var tmp [20]byte
	i := len(tmp)
	for n > 0 || i == len(tmp) {
		i--
		tmp[i] = byte('0' + n%10)
		n /= 10
	}
	for len(tmp)-i < width {
		i--
		tmp[i] = '0'
	}
	return append(b, tmp[i:]...)
}

// daysFromCivil and civilFromDays are Howard Hinnant's algorithms
// (chrono-Compatible Low-Level Date Algorithms), day 0 = 1970-01-01.
func daysFromCivil(y int64, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := int64((m + 9) % 12)
	doy := (153*mp+2)/5 + int64(d) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func civilFromDays(z int64) (y int64, m, d int) {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = int(doy - (153*mp+2)/5 + 1)
	m = int(mp + 3)
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

// The months.
const (
	January Month = 1 + iota
	February
	March
	April
	May
	June
	July
	August
	September
	October
	November
	December
)
