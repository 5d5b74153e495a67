package report

import "io"

// Restart is the chat load with a server kill (item 8): visitor sockets
// and one agent console on the real server process, which is killed with
// SIGKILL mid-flow and restarted on the same port and store.
type Restart struct {
	Status           string   `json:"status,omitempty"` // why it could not run
	Sockets          int      `json:"sockets"`
	Connected        int      `json:"connected"`        // sockets that started a conversation
	ConnectSeconds   float64  `json:"connectSeconds"`   // until every socket had started
	Sent             int      `json:"sent"`             // distinct visitor messages
	Acked            int      `json:"acked"`            // of those, acknowledged (by ack or in the resumed transcript)
	Resent           int      `json:"resent"`           // pending messages sent again after a reconnect
	Confirmed        int      `json:"confirmed"`        // stored before the kill, the ack lost, found in the resumed transcript
	DupSent          int      `json:"dupSent"`          // acknowledged messages deliberately sent again after the restart
	DupRejected      int      `json:"dupRejected"`      // of those, answered with the original seq
	Lost             int      `json:"lost"`             // acknowledged but not in the store (must be 0)
	Duplicated       int      `json:"duplicated"`       // in the store more than once (must be 0)
	Unacked          int      `json:"unacked"`          // never acknowledged by the end
	Phantoms         int      `json:"phantoms"`         // stored messages nobody sent
	Reconnected      int      `json:"reconnected"`      // sockets resumed after the restart
	RestartSeconds   float64  `json:"restartSeconds"`   // kill → the new process answers /healthz
	ReconnectSeconds float64  `json:"reconnectSeconds"` // kill → the last socket resumed
	AckBefore        Latency  `json:"ackBefore"`        // send → ack, sent before the kill
	AckAfter         Latency  `json:"ackAfter"`         // send → ack, sent after it (resends excluded)
	AgentAccepted    int      `json:"agentAccepted"`
	AgentReplies     int      `json:"agentReplies"`     // acknowledged
	AgentRepliesSeen int      `json:"agentRepliesSeen"` // received by their visitor
	AgentReconnects  int      `json:"agentReconnects"`
	Instances        int      `json:"instances,omitempty"`     // server processes (more than 1: on one PostgreSQL store)
	KilledSockets    int      `json:"killedSockets,omitempty"` // visitor sockets on the instance killed
	Agents           int      `json:"agents,omitempty"`        // agent consoles, one per instance
	AgentTaken       int      `json:"agentTaken,omitempty"`    // accepts another instance's agent won ("taken")
	Seconds          float64  `json:"seconds"`
	Errors           []string `json:"errors,omitempty"`
}

// Latency is a sample of times in milliseconds.
type Latency struct {
	N   int     `json:"n"`
	P50 float64 `json:"p50"`
	P99 float64 `json:"p99"`
}

// OK reports whether the run kept every promise: nothing acknowledged
// lost or stored twice, every message acknowledged, every socket back,
// every duplicate rejected and every agent reply received.
func (r Restart) OK() bool {
	return r.Status == "" && r.Connected == r.Sockets && r.Lost == 0 && r.Duplicated == 0 &&
		r.Unacked == 0 && r.Phantoms == 0 && r.Reconnected == r.reconnecting() && r.DupRejected == r.DupSent &&
		r.AgentRepliesSeen == r.AgentReplies && r.Acked == r.Sent && len(r.Errors) == 0
}

// reconnecting is how many sockets the kill drops: every one, or with
// several instances those of the one killed.
func (r Restart) reconnecting() int {
	if r.Instances > 1 {
		return r.KilledSockets
	}
	return r.Sockets
}

// Print writes the restart figures as item 8 of the report.
func (r Restart) Print(w io.Writer) error {
	p := &printer{w: w}
	r.print(p)
	return p.err
}

func (r Restart) print(p *printer) {
	p.f("\n8. Server killed and restarted under load\n")
	if r.Status != "" {
		p.f("   %s\n", r.Status)
		return
	}
	verdict := "PASS"
	if !r.OK() {
		verdict = "FAIL"
	}
	if r.Instances > 1 {
		p.f("   %s: %d instances on one PostgreSQL store, %d/%d visitor sockets across them started in %.1f s, "+
			"an agent console on each; the first instance (%d sockets) killed; %.1f s in all\n",
			verdict, r.Instances, r.Connected, r.Sockets, r.ConnectSeconds, r.KilledSockets, r.Seconds)
	} else {
		p.f("   %s: %d/%d visitor sockets started in %.1f s, one agent console; %.1f s in all\n",
			verdict, r.Connected, r.Sockets, r.ConnectSeconds, r.Seconds)
	}
	p.f("   messages: %d sent, %d acknowledged, %d resent after the restart, %d confirmed by the resumed transcript\n",
		r.Sent, r.Acked, r.Resent, r.Confirmed)
	p.f("   duplicates: %d acknowledged messages sent again, %d rejected (original seq); %d stored twice\n",
		r.DupSent, r.DupRejected, r.Duplicated)
	p.f("   lost: %d acknowledged but not stored; %d never acknowledged; %d stored but never sent\n",
		r.Lost, r.Unacked, r.Phantoms)
	p.f("   SIGKILL → healthy again %.2f s, → all %d sockets resumed %.2f s (%d resumed)\n",
		r.RestartSeconds, r.reconnecting(), r.ReconnectSeconds, r.Reconnected)
	p.f("   send → ack before the kill: p50 %.1f ms, p99 %.1f ms (%d); after: p50 %.1f ms, p99 %.1f ms (%d)\n",
		r.AckBefore.P50, r.AckBefore.P99, r.AckBefore.N, r.AckAfter.P50, r.AckAfter.P99, r.AckAfter.N)
	p.f("   agent: %d conversations accepted, %d replies acknowledged, %d received by their visitor, %d reconnects\n",
		r.AgentAccepted, r.AgentReplies, r.AgentRepliesSeen, r.AgentReconnects)
	if r.Agents > 1 {
		p.f("   agents: %d consoles; %d accepts lost to another instance's agent (\"taken\")\n", r.Agents, r.AgentTaken)
	}
	for _, e := range r.Errors {
		p.f("   error: %s\n", e)
	}
}
