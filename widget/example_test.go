package widget_test

import (
	"fmt"

	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/widget"
	"github.com/lcwasm/lcwasm/widget/domtest"
)

// printEvents prints each lcw:* event as it is dispatched.
type printEvents struct{}

func (printEvents) Emit(name string, detail map[string]any) { fmt.Println(name, detail) }

// quietLog drops the console.
type quietLog struct{}

func (quietLog) Debug(string) {}
func (quietLog) Warn(string)  {}
func (quietLog) Error(string) {}

// An invitation shows, and closes by itself one minute later. The clock is
// moved by hand; in the browser, Tick runs when the Timer's wake-up fires.
func Example() {
	clock := &fakeClock{now: instant.Date(2026, instant.March, 2, 10, 0, 0, 0)}
	doc := domtest.New()
	view := widget.NewDOMView(doc)
	w := widget.New(
		widget.Config{AppID: "shop", ProactiveEnabled: true, Texts: widget.DefaultTexts()},
		widget.Deps{Clock: clock, Timer: &fakeTimer{}, View: view, Events: printEvents{}, Log: quietLog{}},
	)
	view.Bind(w)

	inv, _ := widget.ParseProactiveArgs([]any{map[string]any{"message": "Need a hand?"}}, w.Config().Texts)
	w.Invite(inv)
	deadline, _ := w.Deadline()
	fmt.Println("closes at", deadline.ClockString())

	clock.Advance(59 * instant.Second)
	w.Tick()
	fmt.Println("after 59s:", w.Phase())

	clock.Advance(instant.Second)
	w.Tick()
	fmt.Println("after 60s:", w.Phase(), doc.ByID("oc-lcw-proactivechat") == nil)
	// Output:
	// lcw:proactiveChatShown map[message:Need a hand? source:startProactiveChat]
	// closes at 10:01:00
	// after 59s: inviting
	// lcw:proactiveChatTimedOut map[message:Need a hand? source:startProactiveChat]
	// after 60s: idle true
}
