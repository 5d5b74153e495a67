// Command fetchnpm downloads the pinned npm packages the tests need into
// the repository's .tools/ cache, checking each tarball against the
// integrity pinned in package npmfetch. It needs no npm; it does nothing
// for a package already there.
//
// Usage:
//
//	go run ./cmd/fetchnpm axe-core
package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/lcwasm/lcwasm/internal/npmfetch"
)

func main() {
	registry := flag.String("registry", npmfetch.Registry, "npm registry address")
	root := flag.String("root", "", "repository root (default: the directory holding go.mod, found from the working directory)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: fetchnpm [flags] package...\npackages: %s\n", strings.Join(known(), ", "))
		flag.PrintDefaults()
	}
	flag.Parse()
	if err := run(*registry, *root, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "fetchnpm:", err)
		os.Exit(1)
	}
}

func run(registry, root string, names []string) error {
	if len(names) == 0 {
		return fmt.Errorf("name a package: %s", strings.Join(known(), ", "))
	}
	if root == "" {
		var err error
		if root, err = npmfetch.RepoRoot("."); err != nil {
			return err
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	client := &http.Client{Timeout: 2 * time.Minute}
	for _, name := range names {
		p, ok := npmfetch.Known[name]
		if !ok {
			return fmt.Errorf("unknown package %q (known: %s)", name, strings.Join(known(), ", "))
		}
		dir := p.Dir(root)
		fetched, err := npmfetch.Fetch(ctx, client, registry, p, dir)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, dir)
		if fetched {
			fmt.Printf("fetchnpm: %s@%s verified and extracted into %s\n", p.Name, p.Version, rel)
		} else {
			fmt.Printf("fetchnpm: %s@%s already in %s\n", p.Name, p.Version, rel)
		}
	}
	return nil
}

func known() []string {
	var names []string
	for n := range npmfetch.Known {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}
