package main

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/lcwasm/lcwasm/bench/report"
)

func TestTransient(t *testing.T) {
	for _, c := range []struct {
		err  error
		want bool
	}{
		{nil, false},
		{errors.New("lcwbench: evaluating __bench.sample(): Cannot find context with specified id (-32000)"), true},
		{fmt.Errorf("lcwbench: %w", errors.New("Execution context was destroyed.")), true},
		{errors.New("lcwbench: /bench/widget.html: no lcw:ready"), false},
	} {
		if got := transient(c.err); got != c.want {
			t.Errorf("transient(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}

func TestRetry(t *testing.T) {
	ctxGone := errors.New("Cannot find context with specified id")
	t.Run("transient then success", func(t *testing.T) {
		r := &retrier{}
		calls := 0
		v, err := do(r, func() (int, error) {
			calls++
			if calls < 3 {
				return 0, ctxGone
			}
			return 42, nil
		})
		if v != 42 || err != nil || calls != 3 || r.retries != 2 || !slices.Equal(r.errors, []string{ctxGone.Error()}) {
			t.Errorf("v %d, err %v, calls %d, retrier %+v", v, err, calls, r)
		}
	})
	t.Run("gives up after maxAttempts", func(t *testing.T) {
		r := &retrier{}
		calls := 0
		_, err := do(r, func() (int, error) { calls++; return 0, ctxGone })
		if !errors.Is(err, ctxGone) || calls != maxAttempts || r.retries != maxAttempts-1 {
			t.Errorf("err %v, calls %d, retries %d", err, calls, r.retries)
		}
	})
	t.Run("other errors are not retried", func(t *testing.T) {
		r := &retrier{}
		calls := 0
		boom := errors.New("lcwbench: /bench/widget.html: no lcw:ready")
		_, err := do(r, func() (int, error) { calls++; return 0, boom })
		if err != boom || calls != 1 || r.retries != 0 {
			t.Errorf("err %v, calls %d, retries %d", err, calls, r.retries)
		}
	})
}

func TestCountCompiles(t *testing.T) {
	ev := func(name string, ts float64, fn int) []byte {
		return fmt.Appendf(nil, `{"name":%q,"cat":"v8.wasm","ph":"X","ts":%g,"args":{"func_index":%d}}`, name, ts, fn)
	}
	raw := [][]byte{
		ev(compileEvent, 100, 7), ev(compileEvent, 200, 8), ev(compileEvent, 250, 7), // 7 twice: one function
		[]byte(`{"name":"lcwbench:ready","cat":"blink.user_timing","ph":"R","ts":300}`),
		ev(compileEvent, 400, 9), ev("wasm.OtherEvent", 150, 1), []byte(`not json`),
	}
	if got, want := countCompiles(raw), (report.Compiled{BeforeReady: 2, Total: 3}); got != want {
		t.Errorf("countCompiles = %+v, want %+v", got, want)
	}
	if got := countCompiles(raw[4:5]); got.Status == "" {
		t.Errorf("one event after ready but no mark: want a status, got %+v", got)
	}
	if got := countCompiles(raw[3:4]); got.Status == "" || got.Total != 0 {
		t.Errorf("no compile events: want a status, got %+v", got)
	}
}

func TestPhoneSample(t *testing.T) {
	ready, button := 5460.0, 1200.0
	got := phoneSample(loadSample{Ready: &ready, Button: &button, LongTasks: []longTask{{Start: 5000, Duration: 165}},
		WASM: &resource{Start: 300, End: 4480, Bytes: 801_000}})
	want := report.PhoneSample{Ready: 5460, Button: &button, LongTasks: []float64{165},
		WASM: &report.Resource{Start: 300, End: 4480, Bytes: 801_000}}
	if got.Ready != want.Ready || *got.Button != *want.Button || !slices.Equal(got.LongTasks, want.LongTasks) || *got.WASM != *want.WASM {
		t.Errorf("phoneSample = %+v, want %+v", got, want)
	}
}
