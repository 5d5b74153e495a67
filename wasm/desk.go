//go:build js && wasm

package main

import (
	"errors"
	"strconv"

	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/jsbridge"
	"github.com/lcwasm/lcwasm/widget"
)

// Availability implements widget.Desk with the chat service's
// availability endpoint (what getAgentAvailability asks).
func (c *conversation) Availability(then func(widget.Availability)) {
	url := serviceURL(c.rt.boot) + "/api/v1/widgets/" + escape(c.rt.w.Config().AppID) + "/availability"
	jsbridge.FetchJSON(url, func(body any, failure string) any {
		m, ok := body.(map[string]any)
		if !ok {
			c.rt.log.WarnOnce("availability", "lcwasm: the chat service did not say whether an agent is there ("+failure+"); the widget goes on as if one were (a chat starts, an invitation shows)")
			then(widget.Availability{})
			return nil
		}
		then(availabilityOf(m))
		return nil
	})
}

// availabilityOf reads the availability endpoint's answer.
func availabilityOf(m map[string]any) widget.Availability {
	agents, _ := m["isAgentAvailable"].(bool)
	open, _ := m["isQueueAvailable"].(bool)
	ms, _ := m["averageWaitTimeMs"].(float64)
	return widget.Availability{Known: true, Agents: agents, Open: open, Wait: instant.Duration(ms) * instant.Millisecond}
}

// LeaveMessage implements widget.Desk: POST …/offline-messages with the
// page the visitor wrote from.
func (c *conversation) LeaveMessage(m widget.OfflineMessage, then func(error)) {
	url := serviceURL(c.rt.boot) + "/api/v1/widgets/" + escape(c.rt.w.Config().AppID) + "/offline-messages"
	body := map[string]any{"answers": answerTree(m.Answers), "pageUrl": jsbridge.Href()}
	jsbridge.PostJSON(url, body, func(status int, answer any, failure string) {
		switch {
		case status == 0:
			then(errors.New("lcwasm: " + failure))
		case status >= 300:
			e, _ := answer.(map[string]any)
			why, _ := e["error"].(string)
			code, _ := e["code"].(string)
			then(&widget.LeaveError{Status: status, Code: code, Message: why})
		default:
			then(nil)
		}
	})
}

// Rate implements widget.Rater: POST …/conversations/{id}/rating with
// the conversation's token, once it has ended.
func (c *conversation) Rate(r widget.Rating, then func(error)) {
	id, token := c.client.Credentials()
	if id == "" {
		then(errors.New("lcwasm: no conversation to rate"))
		return
	}
	rating := -1
	switch {
	case r.Unrated:
		rating = 0
	case r.Good:
		rating = 1
	}
	url := serviceURL(c.rt.boot) + "/api/v1/widgets/" + escape(c.rt.w.Config().AppID) + "/conversations/" + escape(id) + "/rating"
	jsbridge.PostJSON(url, map[string]any{"token": token, "rating": rating, "comment": r.Comment, "answers": answerTree(r.Answers)}, func(status int, answer any, failure string) {
		switch {
		case status == 0:
			then(errors.New("lcwasm: " + failure))
		case status >= 300:
			e, _ := answer.(map[string]any)
			why, _ := e["error"].(string)
			then(errors.New("lcwasm: HTTP " + strconv.Itoa(status) + " " + why))
		default:
			then(nil)
		}
	})
}

// answerTree is answers as the service reads them: {name: value}.
func answerTree(answers []widget.Answer) map[string]any {
	m := make(map[string]any, len(answers))
	for _, a := range answers {
		m[a.Name] = a.Value
	}
	return m
}
