package main

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"testing/fstest"
	"time"

	"github.com/lcwasm/lcwasm/server"
	srvchat "github.com/lcwasm/lcwasm/server/chat"
)

//go:embed pages
var pagesFS embed.FS

// The variants of the host page: the same shop page without a tag, with the
// widget's documented snippet, and with the floor program's tag.
var variants = map[string]template.HTML{
	"plain.html":  "",
	"widget.html": `<script id="Microsoft_Omnichannel_LCWidget" src="/lcw/lcw.js" async data-app-id="` + benchAppID + `" data-org-id="bench-org"></script>`,
	"floor.html":  `<script id="lcw-floor" src="/lcw/floor.js" async></script>`,
	"spa.html":    `<script id="Microsoft_Omnichannel_LCWidget" src="/lcw/lcw.js" async data-app-id="` + rulesAppID + `" data-org-id="bench-org"></script>`,
}

// widgetConfig is the bench widget: proactive chat on, a prechat survey, open
// around the clock, so every startProactiveChat shows an invitation.
const widgetConfig = `{"appId": "` + benchAppID + `", "proactiveChat": {"enabled": true},
 "prechat": {"fields": [
  {"name": "name", "label": "Your name", "type": "text", "required": true},
  {"name": "email", "label": "Email", "type": "email"}]}}`

// benchPages returns the files served under /bench/: the page variants and
// the static files of pages/.
func benchPages() (fs.FS, error) {
	sub, err := fs.Sub(pagesFS, "pages")
	if err != nil {
		return nil, fmt.Errorf("lcwbench: %w", err)
	}
	out := fstest.MapFS{}
	err = fs.WalkDir(sub, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || name == "host.html" {
			return err
		}
		b, err := fs.ReadFile(sub, name)
		out[name] = &fstest.MapFile{Data: b, Mode: 0o644}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("lcwbench: %w", err)
	}
	host, err := template.ParseFS(sub, "host.html")
	if err != nil {
		return nil, fmt.Errorf("lcwbench: %w", err)
	}
	for name, tag := range variants {
		var buf bytes.Buffer
		if err := host.Execute(&buf, struct{ Tag template.HTML }{tag}); err != nil {
			return nil, fmt.Errorf("lcwbench: %w", err)
		}
		out[name] = &fstest.MapFile{Data: buf.Bytes(), Mode: 0o644}
	}
	return out, nil
}

// serve starts the real server on 127.0.0.1 with the assets under /lcw/ and
// the bench pages under /bench/. It returns the base URL and a stop func.
func serve(a *assets, root string) (string, func(), error) {
	pages, err := benchPages()
	if err != nil {
		return "", nil, err
	}
	h, err := server.New(server.Options{
		Site:    os.DirFS(root),
		Dist:    os.DirFS(a.dir),
		Widgets: map[string]json.RawMessage{benchAppID: json.RawMessage(widgetConfig), rulesAppID: json.RawMessage(rulesWidgetConfig)},
		Extra:   map[string]fs.FS{"/bench/": pages},
		Logger:  slog.New(slog.DiscardHandler),
		Chat:    srvchat.Options{StartsPerMinute: -1, SocketsPerAddress: -1}, // every simulated visitor is 127.0.0.1
	})
	if err != nil {
		return "", nil, fmt.Errorf("lcwbench: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("lcwbench: %w", err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintln(os.Stderr, "lcwbench: server:", err)
		}
	}()
	return "http://" + ln.Addr().String(), func() { _ = srv.Close() }, nil
}
