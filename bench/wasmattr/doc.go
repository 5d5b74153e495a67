// Package wasmattr attributes the bytes of a Go js/wasm binary to the Go
// packages they come from, so a change to the bundle shows where its bytes
// went.
//
// [Parse] reads a WebAssembly binary: the range of every section that
// matters, and for every function of its code section the range of its body
// and its name from the "name" custom section. The Go linker writes that
// section unless it is given -s, so the bench links the bundle a second time
// with the dist's flags but -w alone: the code and data sections are the
// same bytes as the stripped dist's. [ByPackage] groups the functions by
// the package of their name ([Paths.PackageOf] undoes the linker's mangling
// of names with the import paths of `go list -deps`) and sorts the rows by
// raw bytes. [EstimateBrotli] compresses each package's bodies, concatenated
// in binary order, the data section and the rest on their own, and scales
// the results so they add up to the brotli size of the dist's file: an
// estimate of each package's share of the download, not an exact figure
// (brotli also compresses across package boundaries; the scaling spreads
// that gain evenly). The bench compresses at quality 9, not the dist's 11:
// the shares move by about 2 % and it takes seconds instead of a minute.
//
// Data segments (read-only data, type descriptors, the pc/line tables with
// every function's name) carry no names in the binary: they are one row,
// [DataRow]. The remaining sections (types, imports, the function, table and
// export sections) are [OtherRow]; the name section, which the stripped
// dist lacks, is counted nowhere.
package wasmattr
