package metrics

import (
	"context"

	"github.com/prometheus/client_golang/prometheus"
)

var (
	descSockets = prometheus.NewDesc("lcwasm_sockets_open",
		"Open WebSockets, by channel (visitor, agent).", []string{"channel"}, nil)
	descAgents = prometheus.NewDesc("lcwasm_agents_online",
		"Distinct agents with a console open.", nil, nil)
	descConversations = prometheus.NewDesc("lcwasm_conversations",
		"Conversations in the store, by state.", []string{"state"}, nil)
	descQueue = prometheus.NewDesc("lcwasm_queue_length",
		"Conversations waiting for an agent.", nil, nil)
	descOldest = prometheus.NewDesc("lcwasm_queue_oldest_wait_seconds",
		"How long the conversation first in the queue has waited (0: the queue is empty).", nil, nil)
)

// states are the conversation states always reported, 0 when none.
var states = []string{"queued", "active", "ended", "abandoned"}

// snapshotCollector reads the gauges from Metrics.snap at each scrape.
type snapshotCollector struct{ m *Metrics }

func (c snapshotCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descSockets, descAgents, descConversations, descQueue, descOldest} {
		ch <- d
	}
}

func (c snapshotCollector) Collect(ch chan<- prometheus.Metric) {
	c.m.mu.Lock()
	snap := c.m.snap
	c.m.mu.Unlock()
	var s Snapshot
	if snap != nil {
		ctx, cancel := context.WithTimeout(context.Background(), snapshotTimeout)
		var err error
		s, err = snap(ctx)
		cancel()
		if err != nil {
			c.m.scrapeErrs.Inc()
			s = Snapshot{}
		}
	}
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	gauge(descSockets, float64(s.VisitorSockets), "visitor")
	gauge(descSockets, float64(s.AgentSockets), "agent")
	gauge(descAgents, float64(s.AgentsOnline))
	gauge(descQueue, float64(s.Queued))
	gauge(descOldest, s.OldestWait.Seconds())
	seen := map[string]bool{}
	for _, st := range states {
		seen[st] = true
		gauge(descConversations, float64(s.ByState[st]), st)
	}
	for st, n := range s.ByState {
		if !seen[st] {
			gauge(descConversations, float64(n), st)
		}
	}
}
