package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"time"

	"github.com/lcwasm/lcwasm/server"
)

// opsConfig holds the operations flags: metrics, logs, shutdown, proxies.
type opsConfig struct {
	metricsAddr     string
	logFormat       string
	drainDelay      time.Duration
	shutdownTimeout time.Duration
	trustProxy      []netip.Prefix
}

// defaultShutdownTimeout is -shutdown-timeout's default.
const defaultShutdownTimeout = 10 * time.Second

func (c *opsConfig) flags(fl *flag.FlagSet) {
	fl.StringVar(&c.metricsAddr, "metrics-addr", "",
		"serve /metrics on this address of its own (e.g. 10.0.0.5:9090) instead of to loopback clients of -addr")
	fl.StringVar(&c.logFormat, "log", "text", "log format on standard error: text or json")
	fl.Func("trust-proxy", "CIDRs of the reverse proxies in front (10.0.0.0/8,127.0.0.1): their X-Forwarded-For and X-Forwarded-Proto are believed, so the per-address limits count each visitor; repeatable",
		func(s string) error {
			p, err := server.ParseTrustedProxies(s)
			c.trustProxy = append(c.trustProxy, p...)
			return err
		})
	fl.DurationVar(&c.drainDelay, "drain-delay", 0,
		"on SIGTERM, answer /readyz with 503 for this long before closing anything, so a load balancer stops sending visitors (e.g. 5s)")
	fl.DurationVar(&c.shutdownTimeout, "shutdown-timeout", defaultShutdownTimeout,
		"after the drain delay, how long chat sockets (closed with 1012) and requests in flight get to finish")
}

// newLogger returns the logger of -log: slog's text or JSON handler.
func (c *opsConfig) newLogger(w io.Writer) (*slog.Logger, error) {
	switch c.logFormat {
	case "text":
		return slog.New(slog.NewTextHandler(w, nil)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, nil)), nil
	}
	return nil, fmt.Errorf("-log %q: want text or json", c.logFormat)
}

// serveMetrics serves h on -metrics-addr until the returned stop is
// called; without -metrics-addr it does nothing.
func (c *opsConfig) serveMetrics(h http.Handler, logger *slog.Logger) (stop func(), err error) {
	if c.metricsAddr == "" {
		return func() {}, nil
	}
	ln, err := net.Listen("tcp", c.metricsAddr)
	if err != nil {
		return nil, fmt.Errorf("-metrics-addr: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", h)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second,
		ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			logger.Error("metrics listener", "err", err)
		}
	}()
	logger.Info("metrics served", "addr", ln.Addr().String())
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		<-done
	}, nil
}
