//go:build js && wasm

package main

import (
	"github.com/hack-pad/safejs"
	"github.com/lcwasm/lcwasm/jsbridge"
	"github.com/lcwasm/lcwasm/widget"
)

// sdk implements Microsoft.Omnichannel.LiveChatWidget.SDK. The loader owns
// the namespace object (so calls made before lcw:ready can be queued) and
// forwards each call here.
type sdk struct {
	rt      *runtime
	context safejs.Value // setContextProvider's function, or null
	auth    safejs.Value // setAuthTokenProvider's function, or null
}

type method func(args []safejs.Value) any

func (s *sdk) methods() map[string]safejs.Func {
	s.context, s.auth = safejs.Null(), safejs.Null()
	ms := map[string]method{
		"startProactiveChat":      s.startProactiveChat,
		"startChat":               s.startChat,
		"closeChat":               func([]safejs.Value) any { s.rt.w.CloseChat(); return nil },
		"setContextProvider":      s.setter("setContextProvider", &s.context),
		"getContextProvider":      func([]safejs.Value) any { return s.context },
		"removeContextProvider":   s.removeContext,
		"setAuthTokenProvider":    s.setter("setAuthTokenProvider", &s.auth),
		"getAuthTokenProvider":    func([]safejs.Value) any { return s.auth },
		"removeAuthTokenProvider": func([]safejs.Value) any { s.auth = safejs.Null(); return nil },
		"getAgentAvailability":    s.getAgentAvailability,
		"explainProactiveRules":   s.explainMethod,
		"setAudienceAttributes":   s.audienceMethod,
	}
	out := make(map[string]safejs.Func, len(ms))
	for name, m := range ms {
		out[name] = jsbridge.Func("SDK."+name, func(_ safejs.Value, args []safejs.Value) any { return m(args) })
	}
	return out
}

func (s *sdk) startProactiveChat(args []safejs.Value) any {
	inv, err := widget.ParseProactiveArgs(jsbridge.ToGoArgs(args), s.rt.w.Config().Texts)
	if err != nil {
		s.rt.log.Error("lcwasm: " + err.Error() + "; no invitation shown")
		return nil
	}
	if s.rt.rules != nil && !s.rt.rules.admits() {
		return nil
	}
	s.rt.w.Invite(inv)
	return nil
}

func (s *sdk) startChat(args []safejs.Value) any {
	o, err := widget.ParseStartChatArgs(jsbridge.ToGoArgs(args))
	if err != nil {
		s.rt.log.Error("lcwasm: " + err.Error() + "; no chat started")
		return nil
	}
	s.rt.w.StartChat(o)
	return nil
}

// setter stores a provider function; anything else throws a TypeError, as
// Microsoft's SDK does.
func (s *sdk) setter(name string, slot *safejs.Value) method {
	return func(args []safejs.Value) any {
		if len(args) == 0 || !jsbridge.IsFunction(args[0]) {
			got := "undefined"
			if len(args) > 0 {
				got = widget.TypeName(jsbridge.ToGo(args[0]))
			}
			return jsbridge.Throw("lcwasm: " + name + ": the provider must be a function, got " + got)
		}
		*slot = args[0]
		if slot == &s.context && s.rt.rules != nil {
			s.rt.rules.refreshProvided()
		}
		return nil
	}
}

// getAgentAvailability asks the chat service (agents signed in, queue,
// operating hours) and answers with a Promise; lcw:getAgentAvailability
// carries the same. Without a chat service: no agent, no queue.
func (s *sdk) getAgentAvailability([]safejs.Value) any {
	cfg := s.rt.w.Config()
	if !cfg.Chat {
		return s.availability(map[string]any{
			"isAgentAvailable": false, "isQueueAvailable": false, "positionInQueue": 0,
			"averageWaitTime": 0, "reason": "no chat service is configured",
		})
	}
	url := serviceURL(s.rt.boot) + "/api/v1/widgets/" + escape(cfg.AppID) + "/availability"
	return jsbridge.FetchJSON(url, func(body any, failure string) any {
		a, ok := body.(map[string]any)
		if !ok {
			s.rt.log.Error("lcwasm: getAgentAvailability: the chat service did not answer: " + failure)
			a = map[string]any{"isAgentAvailable": false, "isQueueAvailable": false, "error": failure}
		}
		jsbridge.Events{}.Emit("lcw:getAgentAvailability", a)
		return a
	})
}

func (s *sdk) availability(a map[string]any) any {
	jsbridge.Events{}.Emit("lcw:getAgentAvailability", a)
	return jsbridge.Resolved(a)
}

func (s *sdk) removeContext([]safejs.Value) any {
	s.context = safejs.Null()
	if s.rt.rules != nil {
		s.rt.rules.refreshProvided()
	}
	return nil
}
