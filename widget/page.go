package widget

import "strings"

// ApplyAttributes applies the loader tag's data-* attributes (names
// lower-case, with the data- prefix) to cfg. A bare boolean attribute means
// true; "false" and "0" mean false.
func ApplyAttributes(cfg *Config, attrs map[string]string) {
	cfg.HideChatButton = flag(attrs, "data-hide-chat-button")
	cfg.HideMinimize = flag(attrs, "data-hide-minimize-button")
	cfg.RenderMobile = flag(attrs, "data-render-mobile")
	cfg.OpenInWindow = flag(attrs, "data-open-in-window")
	cfg.CloseButtonText = attrs["data-custom-close-button-text"]
	cfg.Verbose = attrs["data-lcw-version"] == "test"
	cfg.Popout = flag(attrs, "data-lcw-popout")
	if id := attrs["data-app-id"]; id != "" && cfg.AppID == "" {
		cfg.AppID = id
	}
}

func flag(attrs map[string]string, name string) bool {
	v, ok := attrs[name]
	if !ok {
		return false
	}
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "false", "0", "no", "off":
		return false
	}
	return true
}

// paneKeys are the proactiveChatPaneProps.controlProps fields lcwasm reads,
// as in Microsoft's React widget.
var paneKeys = []string{
	"id", "dir", "hideProactiveChatPane", "proactiveChatPaneAriaLabel",
	"hideTitle", "titleText", "hideSubtitle", "subtitleText",
	"hideCloseButton", "closeButtonProps", "isBodyContainerHorizantal",
	"hideBodyTitle", "bodyTitleText", "hideStartButton", "startButtonText",
	"startButtonAriaLabel", "onClose", "onStart",
}

// ApplyCustomization applies what the page's data-customization-callback
// returned: proactiveChatPaneProps.controlProps overrides the invitation's
// texts. Other top-level props belong to panes lcwasm renders elsewhere and
// are left alone.
func ApplyCustomization(cfg *Config, tree any) []error {
	var errs []error
	root := root("customization", tree, &errs)
	if absent(tree) {
		return nil
	}
	if _, ok := tree.(map[string]any); !ok {
		root.Fail("an object")
		return errs
	}
	pane := root.Get("proactiveChatPaneProps")
	if absent(pane.V) {
		return errs
	}
	if _, ok := pane.V.(map[string]any); !ok {
		pane.Fail("an object")
		return errs
	}
	cp := pane.Get("controlProps")
	if !cp.Object(paneKeys...) {
		return errs
	}
	t := &cfg.Texts
	t.Title = cp.Get("titleText").Str(t.Title)
	t.Subtitle = cp.Get("subtitleText").Str(t.Subtitle)
	t.DefaultMessage = cp.Get("bodyTitleText").Str(t.DefaultMessage)
	t.StartButton = cp.Get("startButtonText").Str(t.StartButton)
	t.StartLabel = cp.Get("startButtonAriaLabel").Str(t.StartButton)
	t.PaneLabel = cp.Get("proactiveChatPaneAriaLabel").Str(t.PaneLabel)
	t.HideTitle = cp.Get("hideTitle").Bool(t.HideTitle)
	t.HideSubtitle = cp.Get("hideSubtitle").Bool(t.HideSubtitle)
	t.HideBodyTitle = cp.Get("hideBodyTitle").Bool(t.HideBodyTitle)
	t.HideStart = cp.Get("hideStartButton").Bool(t.HideStart)
	t.HideClose = cp.Get("hideCloseButton").Bool(t.HideClose)
	// closeButtonProps has many keys in the React widget; only ariaLabel
	// matters here and the others are not reported.
	cb := cp.Get("closeButtonProps")
	if _, ok := cb.V.(map[string]any); ok {
		if s := cb.Get("ariaLabel").Str(""); s != "" {
			t.CloseLabel = s
		}
	} else if !absent(cb.V) {
		cb.Fail("an object")
	}
	return errs
}
