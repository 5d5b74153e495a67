// Package metrics exposes the server's figures in the Prometheus text
// format, with github.com/prometheus/client_golang.
//
// Two kinds of figure: counters and a histogram fed as things happen,
// through [Metrics]' methods (it is the chat hub's chat.Observer, and is
// told of beacons and failed sign-ins), and gauges read from a
// [Snapshot] each time /metrics is scraped (open sockets, the queue, the
// conversations by state), so they can never drift from the truth.
//
// The names, all prefixed lcwasm_:
//
//	lcwasm_sockets_open{channel="visitor"|"agent"}        gauge
//	lcwasm_agents_online                                  gauge (this instance's consoles)
//	lcwasm_conversations{state="queued"|"active"|"ended"|"abandoned"}  gauge
//	lcwasm_queue_length                                   gauge
//	lcwasm_queue_oldest_wait_seconds                      gauge (0: empty queue)
//	lcwasm_messages_stored_total{from="visitor"|"agent"}  counter
//	lcwasm_send_ack_seconds{from}                         histogram: frame read → ack queued
//	lcwasm_beacons_total{result="accepted"|"refused"}     counter
//	lcwasm_store_errors_total                             counter
//	lcwasm_limit_refusals_total{limit="sockets_per_address"|"starts_per_minute"|"offline_per_hour"}  counter
//	lcwasm_signin_failures_total{reason="wrong_password"|"rate_limited"}  counter
//	lcwasm_scrape_errors_total                            counter: a snapshot that failed
//
// and the Go runtime's and the process's own (go_*, process_*).
//
// [Metrics.Handler] serves them to anyone; package server mounts it at
// /metrics for loopback clients that came through no proxy only
// (lcwserver -metrics-addr serves it on a listener of its own instead).
package metrics
