package proactive

import (
	"github.com/lcwasm/lcwasm/funnel"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/rules"
	"github.com/lcwasm/lcwasm/widget"
)

// The runner asks the chat service whether an agent is available
// (Deps.Agents: the widget's own availability request, which carries the
// widget id only) before a rule invites: when the answer is "no agent"
// (none available, or outside the service's hours) the invitation is
// held, counted as funnel.ReasonNoAgent, and shown once an answer says an
// agent is back. When the service did not answer, or the answer is older
// than AgentsStale, the invitation shows as it would without the check
// (fail open: a broken availability request must not silence every
// rule). The first evaluation waits up to AgentsWait for the first
// answer, so a rule that fires at once is not shown before it.
//
// A rule with an "agentsAvailable" condition reads the answer itself (the
// Visit's Agents, which expire AgentsStale after their question): it is
// neither held nor kept waiting, since its owner decided what an absent
// agent means for it. Config.InviteWhenNoAgent turns the hold off for the
// other rules; the runner then asks only when a rule reads the answer.
// Without a chat service (Deps.Agents nil) no agent is available, for
// good.

// AgentsEvery is how often the runner asks again while it may invite:
// the widget idle (no invitation, chat or pop-out) and the tab visible.
const AgentsEvery = 45 * instant.Second

// AgentsStale is the age at which an answer no longer counts.
const AgentsStale = 2 * AgentsEvery

// AgentsWait is how long a rule that fires waits for the first answer.
const AgentsWait = 2 * instant.Second

// agents is what the runner knows of the chat service's agents.
type agents struct {
	asked   instant.Time // the last question; zero: never asked
	pending bool         // asked, no answer yet
	known   widget.Availability
	at      instant.Time // when the known answer was asked
}

// asks reports whether the runner needs the answer at all: there is a
// chat service, and the hold is on or a rule reads agentsAvailable.
func (r *Runner) asks() bool {
	return r.d.Agents != nil && (!r.cfg.InviteWhenNoAgent || r.set.AnyReadsAgents())
}

// mayInvite reports whether the runner could invite now: it asks only
// then.
func (r *Runner) mayInvite() bool {
	return r.asks() && !r.visit.Hidden && r.d.Widget.Phase() == widget.Idle
}

// agentsDue is when the runner asks again; zero: not now.
func (r *Runner) agentsDue() instant.Time {
	if !r.mayInvite() || r.agents.pending || r.agents.asked.IsZero() {
		return 0
	}
	return r.agents.asked.Add(AgentsEvery)
}

// askAgents asks the chat service, at most every AgentsEvery.
func (r *Runner) askAgents(now instant.Time) {
	a := &r.agents
	if !r.mayInvite() || a.pending || (!a.asked.IsZero() && now.Before(a.asked.Add(AgentsEvery))) {
		return
	}
	a.pending, a.asked = true, now
	r.d.Agents(func(got widget.Availability) { r.agentsKnown(got, now) })
}

// AgentsSaid is an answer of the chat service that the page asked for
// (getAgentAvailability): it counts as the runner's own question asked
// at now, so a rule waiting for an agent may fire at once, and the next
// question comes AgentsEvery later. A question of the runner's still
// pending is answered by it.
func (r *Runner) AgentsSaid(got widget.Availability, now instant.Time) {
	if !r.asks() {
		return
	}
	r.agents.asked = now
	r.agentsKnown(got, now)
}

// agentsKnown is the service's answer to the question asked at asked.
// An invitation held (for want of an agent, or waiting for this answer)
// gets another evaluation.
func (r *Runner) agentsKnown(got widget.Availability, asked instant.Time) {
	if asked != r.agents.asked {
		return
	}
	r.agents.pending, r.agents.known, r.agents.at = false, got, asked
	r.visit.Agents = rules.Agents{}
	if got.Known {
		r.visit.Agents = rules.Agents{Known: true, Available: got.Agents && got.Open, Until: asked.Add(AgentsStale)}
	}
	if !r.noAgent(asked) || r.set.AnyReadsAgents() {
		r.soon(asked)
	} else {
		r.arm(r.wake) // the next question's time
	}
}

// noAgent reports whether the service said, recently, that no agent is
// there, and the hold is on.
func (r *Runner) noAgent(now instant.Time) bool {
	k := r.agents.known
	return r.d.Agents != nil && !r.cfg.InviteWhenNoAgent && k.Known && (!k.Agents || !k.Open) && now.Sub(r.agents.at) < AgentsStale
}

// waitAgents reports whether rule must wait for the first answer, and
// arms the evaluation for when the wait ends. A rule that reads the
// answer, or one the hold does not apply to, does not wait.
func (r *Runner) waitAgents(rule string, now instant.Time) bool {
	a := r.agents
	if r.cfg.InviteWhenNoAgent || r.set.ReadsAgents(rule) || !a.pending || !a.at.IsZero() || !now.Before(a.asked.Add(AgentsWait)) {
		return false
	}
	r.say("waiting for the chat service to say whether an agent is available")
	r.arm(a.asked.Add(AgentsWait))
	return true
}

// heldNoAgent holds rule's invitation when no agent is there, counting
// it as funnel.ReasonNoAgent.
func (r *Runner) heldNoAgent(rule string, now instant.Time) bool {
	if r.set.ReadsAgents(rule) || !r.noAgent(now) {
		return false
	}
	r.say("rule \"" + rule + "\" fires, but no agent is available: its invitation waits for one")
	if f := r.d.Funnel; f != nil {
		f.Held(rule, f.Group(rule, r.set.Holdout(rule)), funnel.ReasonNoAgent, now)
	}
	return true
}
