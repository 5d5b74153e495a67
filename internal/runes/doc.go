// Package runes holds the helpers the pure packages share for text by
// characters: cutting it so that a cut never splits a UTF-8 sequence
// (Prefix), and telling text that shows nothing (Blank: white space and
// invisible characters such as U+200B only).
package runes
