// Command lcwbench is `make bench`: it measures, in one run so the ratios
// hold on a noisy machine, what the widget costs a host page, and prints a
// report (also written as JSON, by default to bench/out/report.json).
//
// It builds the dist with internal/build into a temporary directory, the
// floor program (bench/floor), the rules floor (bench/rulesfloor) and the
// in-browser rules benchmark (bench/rulewasm) with the bundle's flags
// (build.WASMFlags), and serves them with the real
// server (server.New) on 127.0.0.1: the dist and the bench's wasm under
// /lcw/, precompressed as in production, and the bench pages of pages/
// under /bench/. It then drives headless Chromium with chromedp:
//
//   - bytes per dist asset (raw, gzip, brotli, from manifest.json), the
//     ratio of lcw.wasm and of the rules floor to the floor program in
//     brotli bytes, and lcw.wasm beside the floor (functions, code and
//     data sections, brotli per added function);
//   - lcw.wasm by Go package, the top 25 (bench/wasmattr): function count,
//     raw bytes of their bodies and an estimate of their brotli share, from
//     the bundle linked a second time with -w alone (the name section),
//     checked to have the dist's code and data bytes;
//   - navigation start → lcw:ready, the page's load event and its long
//     tasks (attributed to scripts by long-animation-frame entries), on the
//     same shop page without a tag, with the widget and with the floor
//     program, each load in a fresh tab and browser context (a first visit:
//     empty cache; a blank page of the origin loads first so the renderer
//     process is up), interleaved in a rotating order;
//   - startProactiveChat → the next animation frame after the invitation is
//     in the shadow root, and long tasks meanwhile, over show/decline cycles
//     (decline = the close button's click());
//   - the Go instance's linear memory and the JS heap after a forced GC, at
//     ready, after a warm-up (-warm, 100 cycles), halfway and after the
//     cycles; the goal is judged from the warm-up on. -only invite measures
//     the sizes, the cycles and the memory alone;
//   - rule evaluation (bench/ruleset) natively and in Chromium, and the
//     rules package's own BenchmarkEvaluate;
//   - the chat server (item 7): 1,000 visitor WebSockets held on an
//     in-process server, send → stored → ack;
//   - the chat server killed under load (item 8, bench/loadtest, also
//     `make loadtest`): 2,000 visitor sockets and an agent console against
//     the lcwserver process, SIGKILLed mid-flow and restarted; nothing
//     acknowledged may be lost or stored twice;
//   - a slow phone (issue 19; -phone-samples loads of each page, 10 by
//     default, 0 skips it): the widget and the floor page with the CPU
//     slowed down 4× (Emulation.setCPUThrottlingRate) and every request
//     throttled to 1.6 Mbit/s down, 750 kbit/s up, 150 ms minimum latency
//     (Network.emulateNetworkConditionsByRule with an empty URL pattern;
//     cdproto v0.159 no longer has the deprecated
//     Network.emulateNetworkConditions), after a blank page at full speed:
//     navigation → the chat button on screen (the first frame in which
//     #oc-lcw-chat-button passes checkVisibility), → lcw:ready, the wasm's
//     download (its Resource Timing entry, startTime → responseEnd), total
//     blocking time and long tasks from navigation until two frames after
//     ready, and the wasm functions V8 compiled before ready: one more load
//     of each page with a CDP trace (categories v8.wasm and
//     blink.user_timing) counts the distinct func_index of its
//     wasm.CompileLazy events before the hook's lcwbench:ready mark.
//     -only phone measures the sizes and the slow phone alone.
//
// A sample (one page load) that fails with a transient CDP error, "Cannot
// find context with specified id" or "Execution context was destroyed"
// (the page's context gone under a call), is taken again, up to 3 tries;
// the report counts the retries per profile.
// pages/hook.js is installed in every tab before the page's scripts: it
// records lcw:ready, long tasks and the Go instance's memory (by wrapping
// WebAssembly.instantiate, as the loader keeps no handle on it), and runs
// the invitation cycles in the page. Goals of issue 5 are reported, never
// asserted: the command fails only when it cannot measure. The report
// prints the machine's load average: timings from a busy machine are noisy,
// so the ratio and the load delay carry bootstrap intervals.
//
// Chromium is /usr/bin/chromium unless -chromium or LCW_CHROMIUM says
// otherwise. Nothing here runs under `go test`.
package main
