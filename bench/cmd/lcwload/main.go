// Command lcwload is `make loadtest`: the chat server under load, killed
// and restarted mid-flow (item 8 of `make bench`, on its own).
//
// It builds cmd/lcwserver, runs it as a process on a fresh SQLite data
// directory on 127.0.0.1, opens -sockets visitor WebSockets (lcwasm.v1)
// and one signed-in agent console that accepts -accept conversations and
// answers them, lets messages flow, kills the server with SIGKILL
// -kill-after the last socket started and restarts it on the same port
// and store. The clients reconnect as the browser's chat client does
// (chat.Backoff, resume after the last seq seen, unacknowledged messages
// sent again by cid). Every -dup-every-th visitor also resends an
// acknowledged message after the restart, which the server must answer
// with the original seq. Afterwards the store, opened read-only, must hold
// every acknowledged message exactly once.
//
// It prints the figures (sent, acknowledged, resent, duplicates rejected,
// lost, time to restart and to resume every socket, send → ack p50/p99
// before and after the kill), writes them as JSON with -out, and exits 1
// when a promise was broken or the run took longer than -timeout. It
// raises RLIMIT_NOFILE to what the sockets need and fails when the hard
// limit is lower. Not part of `make test`; bench/loadtest's own test runs
// a small version.
//
// -instances 2 (or more) runs that many server processes on one
// PostgreSQL store (-postgres, or a throwaway cluster with fsync on):
// visitors alternate between them, an agent console on each accepts its
// share, and the first instance is the one SIGKILLed and restarted; its
// visitors and agent reconnect to it, the others keep their sockets.
//
// With -beacons N it runs the funnel's load instead (loadtest.RunBeacons):
// N beacons a second (0: none, the baseline) for -duration (60s) while
// -sockets (200 in this mode) visitors each send a message every
// -interval (1s); then it stops the server gracefully and checks that the
// store holds every counter increment of every beacon answered 204, and
// prints the chat's send → ack p50 and p99 to compare with the baseline.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/lcwasm/lcwasm/bench/loadtest"
	"github.com/lcwasm/lcwasm/internal/build"
	"github.com/lcwasm/lcwasm/internal/pgtest"
)

func main() {
	cfg := loadtest.Defaults()
	flag.IntVar(&cfg.Sockets, "sockets", cfg.Sockets, "visitor WebSockets")
	flag.IntVar(&cfg.Messages, "messages", cfg.Messages, "messages per visitor")
	flag.DurationVar(&cfg.Interval, "interval", cfg.Interval, "mean time between a visitor's messages (each ½ to 1½ of it)")
	flag.DurationVar(&cfg.KillAfter, "kill-after", cfg.KillAfter, "SIGKILL this long after every socket started")
	flag.DurationVar(&cfg.Freeze, "freeze", cfg.Freeze, "SIGSTOP the server this long before the SIGKILL (0: none)")
	flag.IntVar(&cfg.Accept, "accept", cfg.Accept, "conversations the agent accepts and answers")
	flag.IntVar(&cfg.DupEvery, "dup-every", cfg.DupEvery, "every n-th visitor resends an acknowledged message after the restart (0: none)")
	flag.IntVar(&cfg.Dial, "dial", cfg.Dial, "sockets opening at once")
	flag.DurationVar(&cfg.Timeout, "timeout", cfg.Timeout, "upper bound of the whole run")
	flag.StringVar(&cfg.Server, "server", "", "an lcwserver `binary` (default: build ./cmd/lcwserver)")
	flag.IntVar(&cfg.Instances, "instances", 1, "server processes: 1 on SQLite; 2 or more share one PostgreSQL store, visitors spread over them, an agent on each, the first one killed")
	flag.StringVar(&cfg.Postgres, "postgres", "", "the PostgreSQL `URL` of -instances > 1 (default: a throwaway cluster, fsync on, started and removed by the run)")
	out := flag.String("out", "", "also write the figures as JSON to this `file`")
	beacons := flag.Int("beacons", -1, "funnel beacons a second beside the chat (0: none, the baseline); runs the beacon load instead of the kill test")
	duration := flag.Duration("duration", time.Minute, "with -beacons: how long the beacons and the chat flow")
	flag.Parse()
	if *beacons >= 0 {
		bc := loadtest.BeaconDefaults()
		bc.Beacons, bc.Duration, bc.Interval, bc.Server = *beacons, *duration, cfg.Interval, cfg.Server
		if explicit("sockets") {
			bc.Sockets = cfg.Sockets
		}
		if !explicit("interval") {
			bc.Interval = time.Second
		}
		if err := runBeacons(bc, *out); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	if err := run(cfg, *out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// explicit reports whether the flag name was given.
func explicit(name string) bool {
	found := false
	flag.Visit(func(f *flag.Flag) { found = found || f.Name == name })
	return found
}

func runBeacons(cfg loadtest.BeaconConfig, out string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	root, err := build.ModuleRoot(".")
	if err != nil {
		return err
	}
	cfg.Root, cfg.Progress = root, os.Stderr
	res, err := loadtest.RunBeacons(ctx, cfg)
	if err != nil {
		return err
	}
	if err := res.Print(os.Stdout); err != nil {
		return err
	}
	if err := writeJSON(out, res); err != nil {
		return err
	}
	if !res.OK() {
		return fmt.Errorf("lcwload: the beacon run lost counters or failed (see above)")
	}
	return nil
}

// writeJSON writes v to out, if out is set.
func writeJSON(out string, v any) error {
	if out == "" {
		return nil
	}
	b, _ := json.MarshalIndent(v, "", "  ")
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	return os.WriteFile(out, append(b, '\n'), 0o644)
}

func run(cfg loadtest.Config, out string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	root, err := build.ModuleRoot(".")
	if err != nil {
		return err
	}
	cfg.Root, cfg.Progress = root, os.Stderr
	if cfg.Instances > 1 && cfg.Postgres == "" {
		fmt.Fprintln(os.Stderr, "loadtest: starting a throwaway PostgreSQL cluster")
		u, stopPG, err := pgtest.Start(true)
		if err != nil {
			return err
		}
		defer stopPG()
		cfg.Postgres = u
	}
	res, err := loadtest.Run(ctx, cfg)
	if err != nil {
		return err
	}
	if err := res.Print(os.Stdout); err != nil {
		return err
	}
	if err := writeJSON(out, res); err != nil {
		return err
	}
	if !res.OK() {
		return fmt.Errorf("lcwload: the run broke a promise (see above)")
	}
	return nil
}
