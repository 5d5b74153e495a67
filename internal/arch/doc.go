// Package arch holds tests of the code base's own rules that no compiler
// checks: they parse the sources of other packages. It has no code.
package arch
