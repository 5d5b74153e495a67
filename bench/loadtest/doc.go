// Package loadtest puts the chat server under load and kills it: visitors
// and one agent console against the real lcwserver process on a SQLite
// data directory, SIGKILLed mid-flow and restarted on the same port and
// store. Each visitor is the browser's own chat client, a chat.Client run
// natively by chat/chatws over a WebSocket: it keeps a message pending
// until acknowledged, retries a dropped connection after chat.Backoff,
// resumes after the last seq seen, counts its own messages in the resumed
// transcript as delivered and sends the rest again with the same cid. The
// load test only types and watches (a chatws.Tap). Afterwards the store,
// opened read-only, must hold every acknowledged message exactly once.
//
// [Run] is `make loadtest` (bench/cmd/lcwload) and item 8 of `make bench`;
// its test runs a small version. The raw protocol helpers ([StartChat],
// [WriteFrame], [Await]) serve item 7's plain load, which measures the
// server alone, and the agent console.
package loadtest
