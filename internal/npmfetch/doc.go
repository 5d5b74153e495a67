// Package npmfetch downloads a few files of a pinned npm package straight
// from the npm registry, so tools the tests need (axe-core) do not depend on
// npm being installed: the CI machine has Go and apt only.
//
// A [Package] pins a name, a version and the registry's dist.integrity
// (a Subresource Integrity string, "sha512-…"). [Fetch] asks the registry for
// that version, refuses it unless the registry reports the pinned
// integrity, downloads the tarball, refuses it unless its SHA-512 matches
// the pin, and extracts the named files from the tarball's package/
// directory. It is a no-op when the files and a stamp naming the same
// version and integrity are already there.
//
// The files go to a cache directory under the repository root, .tools/<name>
// (gitignored); [RepoRoot] finds that root from any directory inside it.
package npmfetch
