package build

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
)

// Placeholders the loader template assets/lcw.js must contain. The build
// replaces the first two with the hashed file names, and the comment
// GluePlaceholder with Go's wasm_exec.js: the loader runs the glue inside a
// function whose parameters (globalThis, fs, crypto) are objects of the
// loader's own, so the glue never adopts a page's global fs, process or path
// (an element with id="fs" is window.fs). LauncherPlaceholder (launcher.go)
// becomes the chat button's template.
const (
	WASMPlaceholder = "__LCW_WASM__"
	CSSPlaceholder  = "__LCW_CSS__"
	GluePlaceholder = "/*__LCW_GLUE__*/"
)

// Config says where the sources are and which tools to use. The zero value
// builds the module that contains the working directory with the go command
// of the running toolchain.
type Config struct {
	// Root is the module root holding go.mod, wasm/ and assets/.
	// Empty means: walk up from the working directory to the nearest go.mod.
	Root string
	// Go is the go command. Empty means [GoTool].
	Go string
	// CacheDir keeps compressed bytes between builds, keyed by content.
	// Empty means os.UserCacheDir()/lcwasm; "off" disables the cache.
	CacheDir string
	// Overlay, when set, is a go build -overlay file: some sources of
	// ./wasm replaced or added for this build (the e2e suite builds a
	// second release from the same tree this way).
	Overlay string
	// Progress, when set, is told each step as it starts, in one line
	// ("compiling ./wasm for js/wasm ..."), so a slow first build is not
	// silent.
	Progress func(step string)
}

// step reports a step to c.Progress.
func (c Config) step(s string) {
	if c.Progress != nil {
		c.Progress(s)
	}
}

// Run builds dist into outDir with the zero [Config].
func Run(ctx context.Context, outDir string) (Manifest, error) {
	return Config{}.Run(ctx, outDir)
}

// Run builds dist into outDir, creating it if needed, and returns the
// manifest it wrote to outDir/manifest.json.
func (c Config) Run(ctx context.Context, outDir string) (Manifest, error) {
	c, err := c.withDefaults()
	if err != nil {
		return Manifest{}, err
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return Manifest{}, fmt.Errorf("build: %w", err)
	}
	files, m, err := c.collect(ctx)
	if err != nil {
		return Manifest{}, err
	}
	c.step(fmt.Sprintf("compressing %d files (brotli quality 11 and gzip; %s) and writing them into %s", len(files), c.cacheName(), outDir))
	m.Files, err = writeAll(outDir, files, newCompressor(c.CacheDir))
	if err != nil {
		return Manifest{}, err
	}
	c.step("writing the npm package into " + filepath.Join(outDir, NPMDir))
	if err := c.writeNPM(outDir, files); err != nil {
		return Manifest{}, err
	}
	c.step(fmt.Sprintf("writing dcz deltas of the wasm against up to %d earlier releases kept in %s", KeepReleases, filepath.Join(outDir, PrevDir)))
	if m.Deltas, err = writeDeltas(outDir, m.WASM, wasmOf(files, m), newCompressor(c.CacheDir)); err != nil {
		return Manifest{}, err
	}
	if err := writeManifest(outDir, m); err != nil {
		return Manifest{}, err
	}
	return m, removeStale(outDir, m)
}

// wasmOf returns the content of the wasm among files.
func wasmOf(files []file, m Manifest) []byte {
	for _, f := range files {
		if f.name == m.WASM {
			return f.content
		}
	}
	return nil
}

func (c Config) cacheName() string {
	if c.CacheDir == "off" {
		return "no cache"
	}
	return "cached by content in " + c.CacheDir
}

func (c Config) withDefaults() (Config, error) {
	var err error
	if c.Root == "" {
		wd, werr := os.Getwd()
		if werr != nil {
			return c, fmt.Errorf("build: %w", werr)
		}
		if c.Root, err = ModuleRoot(wd); err != nil {
			return c, err
		}
	}
	if c.Go == "" {
		if c.Go, err = GoTool(); err != nil {
			return c, err
		}
	}
	if c.CacheDir == "" {
		c.CacheDir = defaultCacheDir()
	}
	return c, nil
}

// collect produces the contents of every dist file except the manifest, in
// write order: the loader comes last.
func (c Config) collect(ctx context.Context) ([]file, Manifest, error) {
	c.step("compiling ./wasm for GOOS=js GOARCH=wasm (about a minute on an empty Go cache, seconds after)")
	wasm, err := compileWASM(ctx, c.Go, c.Root, c.Overlay)
	if err != nil {
		return nil, Manifest{}, err
	}
	css, err := c.asset("lcw.css")
	if err != nil {
		return nil, Manifest{}, err
	}
	m := Manifest{WASM: hashedName("lcw", ".wasm", wasm), CSS: hashedName("lcw", ".css", css)}
	execJS, err := wasmExecJS(ctx, c.Go)
	if err != nil {
		return nil, Manifest{}, err
	}
	popout, err := c.asset("popout.html")
	if err != nil {
		return nil, Manifest{}, err
	}
	langs, err := c.languages()
	if err != nil {
		return nil, Manifest{}, err
	}
	loader, err := c.loader(m, execJS, langs)
	if err != nil {
		return nil, Manifest{}, err
	}
	types, err := c.asset(TypesFile)
	if err != nil {
		return nil, Manifest{}, err
	}
	return append(langs,
		file{m.WASM, wasm}, file{m.CSS, css}, file{"wasm_exec.js", execJS},
		file{"popout.html", fillPlaceholders(popout, m)}, file{TypesFile, types}, file{"lcw.js", loader},
	), m, nil
}

// languages are the widget's translations, assets/lang/<tag>.json, as
// dist's lang-<tag>.json: data the wasm fetches for the visitor's
// language, so no language is compiled into it.
func (c Config) languages() ([]file, error) {
	paths, err := filepath.Glob(filepath.Join(c.Root, "assets", "lang", "*.json"))
	if err != nil {
		return nil, fmt.Errorf("build: %w", err)
	}
	var out []file
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("build: %w", err)
		}
		out = append(out, file{"lang-" + filepath.Base(p), b})
	}
	return out, nil
}

func (c Config) asset(name string) ([]byte, error) {
	b, err := os.ReadFile(filepath.Join(c.Root, "assets", name))
	if err != nil {
		return nil, fmt.Errorf("build: %w", err)
	}
	return b, nil
}

// loader reads assets/lcw.js, fills in the hashed names and puts Go's
// wasm_exec.js in place of GluePlaceholder: one script to fetch and run, and
// no script element inserted later (which would hold back the page's load
// event and need a Trusted Types policy), and the chat button's template,
// in the languages of langs, in place of LauncherPlaceholder. Every
// placeholder must be present: a loader without them cannot find the
// bundle or start it.
func (c Config) loader(m Manifest, execJS []byte, langs []file) ([]byte, error) {
	src, err := c.asset("lcw.js")
	if err != nil {
		return nil, err
	}
	for _, p := range []string{WASMPlaceholder, CSSPlaceholder, GluePlaceholder, LauncherPlaceholder} {
		if !bytes.Contains(src, []byte(p)) {
			return nil, fmt.Errorf("build: assets/lcw.js lacks the placeholder %s", p)
		}
	}
	launcher, err := launcherJSON(langs)
	if err != nil {
		return nil, err
	}
	glue := append(append([]byte{'\n'}, execJS...), '\n')
	src = bytes.Replace(fillPlaceholders(src, m), []byte(LauncherPlaceholder), launcher, 1)
	return bytes.Replace(src, []byte(GluePlaceholder), glue, 1), nil
}

// fillPlaceholders replaces the placeholders in b by the names in m.
func fillPlaceholders(b []byte, m Manifest) []byte {
	b = bytes.ReplaceAll(b, []byte(WASMPlaceholder), []byte(m.WASM))
	return bytes.ReplaceAll(b, []byte(CSSPlaceholder), []byte(m.CSS))
}
