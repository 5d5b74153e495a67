package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
)

type npmResult struct {
	SDKBefore   bool `json:"sdkBefore"`
	SamePromise bool `json:"samePromise"`
	Ready       bool `json:"ready"`
	SameSDK     bool `json:"sameSDK"`
	IsReady     bool `json:"isReady"`
	HasStart    bool `json:"hasStart"`
	Error       *struct {
		Message string  `json:"message"`
		Code    float64 `json:"code"`
	} `json:"error"`
}

// TestNPMModuleLoadsTheWidget: a page imports the npm package's module
// (dist/npm/index.js, `import { whenReady, sdk } from "lcwasm"`),
// which loads the widget from a base URL — the package's own bundle/ — and
// resolves with the SDK at lcw:ready; from a dist whose wasm is missing it
// rejects with errorCode 7.
func TestNPMModuleLoadsTheWidget(t *testing.T) {
	t.Parallel()
	t.Run("ready", func(t *testing.T) {
		t.Parallel()
		tb := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
		tb.navigate("/e2e/npm.html?base=/lcw/npm/bundle/")
		waitJS(t, tb.ctx, `!!window.__npm && (window.__npm.ready || !!window.__npm.error)`, waitTimeout)
		got := evalJS[npmResult](tb, `window.__npm`)
		assert.Nil(t, got.Error)
		assert.True(t, got.SDKBefore, "no SDK before lcw.js ran")
		assert.True(t, got.SamePromise, "one promise")
		assert.True(t, got.Ready && got.SameSDK && got.IsReady && got.HasStart, "%+v", got)
		assert.Len(t, tb.events("lcw:ready"), 1)
		assert.Equal(t, 1, evalJS[int](tb, `document.querySelectorAll("#Microsoft_Omnichannel_LCWidget").length`))
		assert.Equal(t, "e2e-on", evalJS[string](tb, `document.getElementById("Microsoft_Omnichannel_LCWidget").dataset.appId`))
	})
	t.Run("failed to load", func(t *testing.T) {
		t.Parallel()
		tb := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
		tb.navigate("/e2e/npm.html?base=/missing/")
		waitJS(t, tb.ctx, `!!window.__npm && (window.__npm.ready || !!window.__npm.error)`, waitTimeout)
		got := evalJS[npmResult](tb, `window.__npm`)
		if assert.NotNil(t, got.Error) {
			assert.EqualValues(t, 7, got.Error.Code)
			assert.Contains(t, got.Error.Message, "lcwasm: the widget failed to load")
		}
		assert.False(t, got.Ready)
	})
}
