// Command lcwbuild builds the lcwasm dist/ directory: the loader, the hashed
// wasm bundle and stylesheet, wasm_exec.js, the pop-out page, lcw.d.ts,
// their .br and .gz siblings, manifest.json and the npm package in npm/. It
// prints one line per step as it starts, then the files and their sizes,
// and the dcz deltas of the wasm against the earlier releases kept in
// dist/prev/ (what a returning visitor's browser downloads instead).
//
// Usage:
//
//	go run ./cmd/lcwbuild -out dist
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/lcwasm/lcwasm/internal/build"
)

func main() {
	out := flag.String("out", "dist", "output directory")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	fmt.Printf("lcwbuild: building %s/\n", strings.TrimSuffix(*out, "/"))
	c := build.Config{Progress: func(step string) { fmt.Println("lcwbuild: " + step) }}
	m, err := c.Run(ctx, *out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "lcwbuild:", err)
		os.Exit(1)
	}
	report(os.Stdout, *out, m)
}

// report prints one line per dist file with its three sizes.
func report(w io.Writer, dir string, m build.Manifest) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "file\traw\tgzip\tbrotli\t\n")
	names := make([]string, 0, len(m.Files))
	for name := range m.Files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		s := m.Files[name]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", name, kb(s.Raw), kb(s.Gzip), kb(s.Br))
	}
	tw.Flush()
	for _, d := range m.Deltas {
		fmt.Fprintf(w, "update from %s: %s, %s (%.1f %% of brotli)\n", d.From, d.File, kb(d.Size),
			100*float64(d.Size)/float64(max(m.Files[m.WASM].Br, 1)))
	}
	fmt.Fprintf(w, "wrote %s/ (manifest.json) and the npm package %s/%s/\n", dir, dir, build.NPMDir)
}

func kb(n int64) string {
	return fmt.Sprintf("%.1f KB", float64(n)/1024)
}
