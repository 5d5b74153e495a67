package rules

import "github.com/lcwasm/lcwasm/internal/instant"

// Agents is what the chat service last said of its agents: the answer
// getAgentAvailability gives the page, as "agentsAvailable" reads it.
// The zero Agents is "not known": the service was not asked yet, has not
// answered, or failed to.
type Agents struct {
	Known bool // the service answered (or there is no service: no agent)
	// Available: an agent is available within the service's hours
	// (isAgentAvailable and isQueueAvailable both true).
	Available bool
	// Until is when the answer stops counting; zero: it does not.
	Until instant.Time
}

// agentsAvailable is "agentsAvailable": true (the service said an agent
// is available) or false (it said none is). Neither holds while the
// answer is not known or has expired: a rule that needs an agent does
// not fire on a guess, and one for when nobody is there does not either.
type agentsAvailable struct{ want bool }

func decodeAgents(d *decoder, arg any, path string, _ int) node {
	b, ok := arg.(bool)
	if !ok {
		d.fail(path, "want true or false")
		return nil
	}
	d.agents = true
	return agentsAvailable{b}
}

func (n agentsAvailable) eval(c *ctx) (bool, instant.Time) {
	a := c.v.Agents
	if !a.Known || !a.Until.IsZero() && !c.now.Before(a.Until) {
		return false, 0
	}
	return a.Available == n.want, a.Until
}

// ReadsAgents reports whether the enabled rule id has an
// "agentsAvailable" condition: its owner decided what an agent's absence
// means for it, so the runner does not hold its invitation for want of
// one. An unknown id reads nothing.
func (s *Set) ReadsAgents(id string) bool {
	i, ok := s.index[id]
	return ok && s.rules[i].agents
}

// AnyReadsAgents reports whether an enabled rule has an "agentsAvailable"
// condition: the browser then asks the chat service about its agents.
func (s *Set) AnyReadsAgents() bool {
	for _, r := range s.rules {
		if r.agents {
			return true
		}
	}
	return false
}
