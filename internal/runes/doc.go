// Package runes holds the one helper the pure packages share for cutting
// text by characters (not bytes), so that a cut never splits a UTF-8
// sequence.
package runes
