//go:build js && wasm

package main

import (
	"github.com/lcwasm/lcwasm/internal/events"
	"github.com/lcwasm/lcwasm/jsbridge"
	"github.com/lcwasm/lcwasm/widget"
)

// sdk implements Microsoft.Omnichannel.LiveChatWidget.SDK. The loader owns
// the namespace object (so calls made before lcw:ready can be queued) and
// forwards each call here.
type sdk struct {
	rt      *runtime
	context jsbridge.PageFunc // setContextProvider's function, or none
	auth    jsbridge.PageFunc // setAuthTokenProvider's function, or none
}

type args = []jsbridge.Arg

func (s *sdk) methods() map[string]jsbridge.Method {
	return map[string]jsbridge.Method{
		"startProactiveChat":      s.startProactiveChat,
		"startChat":               s.startChat,
		"closeChat":               func(args) any { s.rt.w.CloseChat(); return nil },
		"setContextProvider":      s.setter("setContextProvider", &s.context),
		"getContextProvider":      func(args) any { return s.context },
		"removeContextProvider":   s.removeContext,
		"setAuthTokenProvider":    s.setter("setAuthTokenProvider", &s.auth),
		"getAuthTokenProvider":    func(args) any { return s.auth },
		"removeAuthTokenProvider": func(args) any { s.auth = jsbridge.PageFunc{}; return nil },
		"getAgentAvailability":    s.getAgentAvailability,
		"explainProactiveRules":   s.explainMethod,
		"setAudienceAttributes":   s.audienceMethod,
		"reportGoal":              s.reportGoal,
	}
}

func (s *sdk) startProactiveChat(in args) any {
	inv, err := widget.ParseProactiveArgs(jsbridge.Trees(in), s.rt.w.Config().Texts)
	if err != nil {
		s.rt.log.Error("lcwasm: " + err.Error() + "; no invitation shown")
		return nil
	}
	if s.rt.rules != nil {
		s.rt.rules.Call(inv, s.rt.clock.Now())
		return nil
	}
	s.rt.w.Invite(inv)
	return nil
}

func (s *sdk) startChat(in args) any {
	o, err := widget.ParseStartChatArgs(jsbridge.Trees(in))
	if err != nil {
		s.rt.log.Error("lcwasm: " + err.Error() + "; no chat started")
		return nil
	}
	s.rt.w.StartChat(o)
	return nil
}

// setter stores a provider function; anything else throws a TypeError, as
// Microsoft's SDK does.
func (s *sdk) setter(name string, slot *jsbridge.PageFunc) jsbridge.Method {
	return func(in args) any {
		var fn jsbridge.PageFunc
		ok := false
		if len(in) > 0 {
			fn, ok = in[0].Func()
		}
		if !ok {
			got := "undefined"
			if len(in) > 0 {
				got = widget.TypeName(in[0].Tree())
			}
			return jsbridge.Throw("lcwasm: " + name + ": the provider must be a function, got " + got)
		}
		*slot = fn
		if slot == &s.context && s.rt.rules != nil {
			s.rt.rules.ContextChanged(s.rt.clock.Now())
		}
		return nil
	}
}

// getAgentAvailability asks the chat service (agents signed in, queue,
// operating hours) and answers with a Promise; lcw:getAgentAvailability
// carries the same. Without a chat service: no agent, no queue.
func (s *sdk) getAgentAvailability(args) any {
	cfg := s.rt.w.Config()
	if !cfg.Chat {
		return s.availability(map[string]any{
			"isAgentAvailable": false, "isQueueAvailable": false, "positionInQueue": 0,
			"averageWaitTime": 0, "reason": "no chat service is configured",
			// Microsoft's names: no queue, no operating hours known
			"queueId": "", "StartTimeOfNextOperatingHour": "01-01-0001",
			"EndTimeOfNextOperatingHour": "01-01-0001", "nexttransitiontime": "01-01-0001",
		})
	}
	url := serviceURL(s.rt.boot) + "/api/v1/widgets/" + escape(cfg.AppID) + "/availability"
	return jsbridge.FetchJSON(url, func(body any, failure string) any {
		a, ok := body.(map[string]any)
		var known widget.Availability // the rules take the answer too (proactive.Runner.AgentsSaid)
		if ok {
			known = availabilityOf(a)
		} else {
			s.rt.log.Error("lcwasm: getAgentAvailability: the chat service did not answer: " + failure)
			a = map[string]any{"isAgentAvailable": false, "isQueueAvailable": false, "error": failure}
		}
		if r := s.rt.rules; r != nil {
			r.AgentsSaid(known, s.rt.clock.Now())
		}
		jsbridge.Events{}.Emit(events.AgentAvailability, a)
		return a
	})
}

func (s *sdk) availability(a map[string]any) any {
	jsbridge.Events{}.Emit(events.AgentAvailability, a)
	return jsbridge.Resolved(a)
}

func (s *sdk) removeContext(args) any {
	s.context = jsbridge.PageFunc{}
	if s.rt.rules != nil {
		s.rt.rules.ContextChanged(s.rt.clock.Now())
	}
	return nil
}

// contextValues is what the context provider gives now; (nil, nil)
// without one.
func (s *sdk) contextValues() (any, error) {
	if !s.context.Valid() {
		return nil, nil
	}
	return s.context.Call()
}

// explainMethod and audienceMethod are the SDK extensions
// explainProactiveRules and setAudienceAttributes.
func (s *sdk) explainMethod(args) any {
	if s.rt.rules == nil {
		return []any{}
	}
	return s.rt.rules.Explain(s.rt.clock.Now())
}

func (s *sdk) audienceMethod(in args) any {
	var arg any = widget.Undefined{}
	if len(in) > 0 {
		arg = in[0].Tree()
	}
	var err error
	if s.rt.rules == nil {
		_, err = widget.MergeAttributes(nil, arg) // still check, so mistakes show early
	} else {
		err = s.rt.rules.SetAudience(arg, s.rt.clock.Now())
	}
	if err != nil {
		s.rt.log.Error("lcwasm: " + err.Error())
	}
	return nil
}
