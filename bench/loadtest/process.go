package loadtest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// BuildServer builds cmd/lcwserver of the module at root into dir and
// returns the binary's path.
func BuildServer(ctx context.Context, root, dir string) (string, error) {
	bin := filepath.Join(dir, "lcwserver")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/lcwserver")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("loadtest: go build ./cmd/lcwserver: %w\n%s", err, out)
	}
	return bin, nil
}

// process is the real server, run as its own process on a data
// directory, so it can be killed without a chance to flush anything.
type process struct {
	bin, dir string
	store    string // -store's URL; "" for SQLite in dir/data
	addr     string // host:port, fixed after the first start
	cmd      *exec.Cmd
	log      *os.File
}

// widgetsJSON is the one widget of the run.
const widgetsJSON = `{"load": {"appId": "load", "chat": {"enabled": true}}}`

func newProcess(bin, dir, store string) (*process, error) {
	for _, d := range []string{"site", "dist", "data"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o700); err != nil {
			return nil, fmt.Errorf("loadtest: %w", err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "widgets.json"), []byte(widgetsJSON), 0o600); err != nil {
		return nil, fmt.Errorf("loadtest: %w", err)
	}
	log, err := os.Create(filepath.Join(dir, "server.log"))
	if err != nil {
		return nil, fmt.Errorf("loadtest: %w", err)
	}
	return &process{bin: bin, dir: dir, store: store, addr: "127.0.0.1:0", log: log}, nil
}

// dbPath is the server's SQLite store.
func (p *process) dbPath() string { return filepath.Join(p.dir, "data", "lcwasm.db") }

// start runs the server and waits until /healthz answers. The first start
// takes a free port; later ones reuse it.
func (p *process) start(ctx context.Context) error {
	storeFlag := []string{"-data", filepath.Join(p.dir, "data")}
	if p.store != "" {
		storeFlag = []string{"-store", p.store}
	}
	cmd := exec.Command(p.bin, append(storeFlag, "-addr", p.addr,
		"-site", filepath.Join(p.dir, "site"), "-dist", filepath.Join(p.dir, "dist"),
		"-widgets", filepath.Join(p.dir, "widgets.json"),
		"-starts-per-minute", "-1", "-sockets-per-address", "-1", "-beacons-per-minute", "-1", // every simulated visitor is 127.0.0.1
		"-max-chats-per-agent", "-1")...) // the one agent holds every chat it accepts
	cmd.Stderr = p.log
	out, err := cmd.StdoutPipe()
	if err != nil {
		return fmt.Errorf("loadtest: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("loadtest: start lcwserver: %w", err)
	}
	p.cmd = cmd
	// The first line is "lcwasm demo: http://host:port/".
	line, err := bufio.NewReader(out).ReadString('\n')
	go io.Copy(io.Discard, out)
	const prefix = "lcwasm demo: http://"
	if err != nil || !strings.HasPrefix(line, prefix) {
		p.kill()
		return fmt.Errorf("loadtest: lcwserver did not start (%q); see %s", line, p.log.Name())
	}
	p.addr = strings.TrimSuffix(strings.TrimSpace(strings.TrimPrefix(line, prefix)), "/")
	return p.healthy(ctx)
}

// healthy polls /healthz until it answers 200.
func (p *process) healthy(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	client := &http.Client{Timeout: time.Second}
	for {
		req, _ := http.NewRequestWithContext(ctx, "GET", "http://"+p.addr+"/healthz", nil)
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("loadtest: lcwserver on %s not healthy: %w", p.addr, ctx.Err())
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// kill ends the server with SIGKILL: no shutdown, no flush.
func (p *process) kill() {
	if p.cmd == nil {
		return
	}
	p.cmd.Process.Signal(syscall.SIGKILL)
	p.cmd.Wait()
	p.cmd = nil
}

// freeze stops the server (SIGSTOP) for d: a hung process, whose
// clients' messages wait unread and unacknowledged.
func (p *process) freeze(d time.Duration) {
	p.cmd.Process.Signal(syscall.SIGSTOP)
	time.Sleep(d) // the hang being simulated
}

// stop ends the server gracefully (SIGTERM), or kills it after 10 s.
func (p *process) stop() {
	if p.cmd == nil {
		return
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { p.cmd.Wait(); close(done) }()
	select {
	case <-done:
		p.cmd = nil
	case <-time.After(10 * time.Second):
		p.kill()
	}
}
