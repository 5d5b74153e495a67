package e2e

import (
	"context"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	cdpemulation "github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// machine is what a tab pretends about the visitor's machine. Set it
// before the first navigation: Chromium keeps it for every later document of
// the tab.
type machine struct {
	zone      string // IANA time zone of the browser
	languages string // navigator.languages, comma-separated ("fr-CA,fr,en"), also sent as Accept-Language
	device    string // "phone" or "tablet" (a touch screen of that size); "" keeps the desktop
}

// screens are the emulated devices: a phone and a tablet in portrait.
var screens = map[string]cdpemulation.SetDeviceMetricsOverrideParams{
	"phone":  {Width: 390, Height: 844, DeviceScaleFactor: 3, Mobile: true, ScreenWidth: 390, ScreenHeight: 844},
	"tablet": {Width: 820, Height: 1180, DeviceScaleFactor: 2, Mobile: true, ScreenWidth: 820, ScreenHeight: 1180},
}

func (tb *tab) emulate(e machine) {
	tb.t.Helper()
	tb.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if e.zone != "" {
			if _, err := cdp.Call(ctx, tg, cdpemulation.SetTimezoneOverride,
				cdpemulation.SetTimezoneOverrideParams{TimezoneID: e.zone}); err != nil {
				return err
			}
		}
		if e.languages != "" {
			v, err := cdp.Call(ctx, chromedp.FromContext(tb.ctx).Browser, browser.GetVersion, cdp.Empty{})
			if err != nil {
				return err
			}
			if _, err := cdp.Call(ctx, tg, cdpemulation.SetUserAgentOverride, cdpemulation.SetUserAgentOverrideParams{
				UserAgent: v.UserAgent, AcceptLanguage: e.languages}); err != nil {
				return err
			}
		}
		if e.device != "" {
			if _, err := cdp.Call(ctx, tg, cdpemulation.SetDeviceMetricsOverride, screens[e.device]); err != nil {
				return err
			}
			if _, err := cdp.Call(ctx, tg, cdpemulation.SetTouchEmulationEnabled,
				cdpemulation.SetTouchEmulationEnabledParams{Enabled: true, MaxTouchPoints: 5}); err != nil {
				return err
			}
		}
		return nil
	}))
}
