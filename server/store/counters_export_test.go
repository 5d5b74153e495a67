package store

// Spans is spans, for the tests.
var Spans = spans
