package rules

import (
	"testing"

	"github.com/lcwasm/lcwasm/internal/instant"
)

func TestVisitEngagement(t *testing.T) {
	s := instant.Second
	var v Visit
	v.StartPage(Page{Path: "/a"}, t0)
	v.Touch(t0.Add(10 * s))
	v.Touch(t0.Add(60 * s)) // 20 s idle after 40 s: the stretch closed at 40 s
	v.SetHidden(true, t0.Add(70*s))
	v.SetHidden(false, t0.Add(100*s)) // hidden time does not count
	if page, site, until := v.engaged(t0.Add(110 * s)); page != 60*s || site != 60*s || !until.Equal(t0.Add(130*s)) {
		t.Errorf("engaged = %v, %v until %v; want 60s, 60s until +130s", page, site, until)
	}
	v.StartPage(Page{Path: "/b", Referrer: "https://x.example/a"}, t0.Add(120*s))
	if page, site, _ := v.engaged(t0.Add(125 * s)); page != 5*s || site != 75*s {
		t.Errorf("after route change: page %v, site %v; want 5s, 75s", page, site)
	}
	if v.PageCount != 2 || len(v.Pages) != 2 || v.Pages[1].Path != "/b" || !v.PageStart.Equal(t0.Add(120*s)) {
		t.Errorf("pages: count %d, %+v, start %v", v.PageCount, v.Pages, v.PageStart)
	}
	if !v.SessionStart.Equal(t0) {
		t.Errorf("SessionStart = %v, want the first page's start", v.SessionStart)
	}
}

func TestVisitStartPageResetsThePage(t *testing.T) {
	v := baseVisit()
	v.Scroll, v.ExitIntent, v.Elements = 80, true, map[string]instant.Time{"#x": t0}
	for i := range MaxPages + 5 {
		v.StartPage(Page{Path: "/p"}, t0.Add(instant.Duration(i)*instant.Second))
	}
	if v.Scroll != 0 || v.ExitIntent || v.Elements != nil {
		t.Errorf("page state kept: %d %v %v", v.Scroll, v.ExitIntent, v.Elements)
	}
	if len(v.Pages) != MaxPages || v.PageCount != 3+MaxPages+5 {
		t.Errorf("kept %d pages of %d", len(v.Pages), v.PageCount)
	}
}

func TestHiddenTabOpensNoStretch(t *testing.T) {
	var v Visit
	v.SetHidden(true, t0)
	v.StartPage(Page{Path: "/"}, t0)
	v.Touch(t0.Add(instant.Second))
	if page, _, until := v.engaged(t0.Add(instant.Minute)); page != 0 || !until.IsZero() {
		t.Errorf("hidden tab engaged %v until %v", page, until)
	}
}
