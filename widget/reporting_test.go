package widget

import "testing"

func TestDecodeReporting(t *testing.T) {
	for _, c := range []struct {
		tree any
		off  bool
		errs int
	}{
		{map[string]any{}, false, 0},
		{map[string]any{"reporting": true}, false, 0},
		{map[string]any{"reporting": false}, true, 0},
		{map[string]any{"reporting": "no"}, false, 1},
	} {
		var cfg Config
		errs := DecodeConfig(&cfg, c.tree)
		if cfg.ReportingOff != c.off || len(errs) != c.errs {
			t.Errorf("%v: off %v errs %v, want %v and %d errors", c.tree, cfg.ReportingOff, errs, c.off, c.errs)
		}
	}
}
