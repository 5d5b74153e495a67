// Package loadtest puts the chat server under load and kills it: visitor
// WebSockets speaking lcwasm.v1 and one agent console against the real
// lcwserver process on a SQLite data directory, SIGKILLed mid-flow and
// restarted on the same port and store. The clients deliver as the
// browser's chat client does (package chat): a message stays pending
// until acknowledged, a dropped connection is retried after chat.Backoff
// and resumed after the last seq seen, the client's own messages in the
// resumed transcript count as delivered and the rest are sent again with
// the same cid. Afterwards the store, opened read-only, must hold every
// acknowledged message exactly once.
//
// [Run] is `make loadtest` (bench/cmd/lcwload) and item 8 of `make bench`;
// its test runs a small version. The protocol helpers ([StartChat],
// [WriteFrame], [Await]) also serve item 7's plain load.
package loadtest
