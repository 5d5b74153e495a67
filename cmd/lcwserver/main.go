// Command lcwserver runs the lcwasm reference server: the demo site, the
// dist/ bundle under /lcw/ and the widget configuration API.
//
// Usage:
//
//	lcwserver [-addr 127.0.0.1:8080] [-dist dist] [-site .] [-widgets widgets.json]
//
// Without -widgets it serves the built-in demo widgets "lcw-demo" and
// "lcw-demo-off". It stops gracefully on SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/lcwasm/lcwasm/server"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "lcwserver:", err)
		os.Exit(1)
	}
}

// config is the parsed command line.
type config struct {
	addr, dist, site, widgets string
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fl := flag.NewFlagSet("lcwserver", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.StringVar(&c.addr, "addr", "127.0.0.1:8080", "listen address")
	fl.StringVar(&c.dist, "dist", "dist", "build output directory, served under /lcw/")
	fl.StringVar(&c.site, "site", ".", "site directory holding index.html")
	fl.StringVar(&c.widgets, "widgets", "", "JSON file {appId: config}; default: the built-in demo widgets")
	return c, fl.Parse(args)
}

// run serves until ctx is done, then shuts down gracefully.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	h, err := newHandler(c, logger)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "lcwasm demo: %s\n", siteURL(ln.Addr()))
	return serve(ctx, ln, h, logger)
}

func newHandler(c config, logger *slog.Logger) (http.Handler, error) {
	widgets := server.DemoWidgets()
	if c.widgets != "" {
		data, err := os.ReadFile(c.widgets)
		if err != nil {
			return nil, err
		}
		if widgets, err = server.ParseWidgets(data); err != nil {
			return nil, err
		}
	}
	dist := os.DirFS(c.dist)
	if _, err := fs.Stat(dist, "lcw.js"); err != nil {
		logger.Warn("no lcw.js in the dist directory; run `make build` first", "dist", c.dist)
	}
	return server.New(server.Options{
		Site: os.DirFS(c.site), Dist: dist, Widgets: widgets, Logger: logger,
	})
}

// siteURL is the URL to open for a listener address; unspecified hosts
// (":8080", "0.0.0.0") are reached on the loopback address.
func siteURL(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "http://" + addr.String() + "/"
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}

func serve(ctx context.Context, ln net.Listener, h http.Handler, logger *slog.Logger) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
