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
	root := field{path: "customization", v: tree, errs: &errs}
	if absent(tree) {
		return nil
	}
	if _, ok := tree.(map[string]any); !ok {
		root.fail("an object")
		return errs
	}
	pane := root.get("proactiveChatPaneProps")
	if absent(pane.v) {
		return errs
	}
	if _, ok := pane.v.(map[string]any); !ok {
		pane.fail("an object")
		return errs
	}
	cp := pane.get("controlProps")
	if !cp.object(paneKeys...) {
		return errs
	}
	t := &cfg.Texts
	t.Title = cp.get("titleText").str(t.Title)
	t.Subtitle = cp.get("subtitleText").str(t.Subtitle)
	t.DefaultMessage = cp.get("bodyTitleText").str(t.DefaultMessage)
	t.StartButton = cp.get("startButtonText").str(t.StartButton)
	t.StartLabel = cp.get("startButtonAriaLabel").str(t.StartButton)
	t.PaneLabel = cp.get("proactiveChatPaneAriaLabel").str(t.PaneLabel)
	t.HideTitle = cp.get("hideTitle").boolean(t.HideTitle)
	t.HideSubtitle = cp.get("hideSubtitle").boolean(t.HideSubtitle)
	t.HideBodyTitle = cp.get("hideBodyTitle").boolean(t.HideBodyTitle)
	t.HideStart = cp.get("hideStartButton").boolean(t.HideStart)
	t.HideClose = cp.get("hideCloseButton").boolean(t.HideClose)
	// closeButtonProps has many keys in the React widget; only ariaLabel
	// matters here and the others are not reported.
	cb := cp.get("closeButtonProps")
	if _, ok := cb.v.(map[string]any); ok {
		if s := cb.get("ariaLabel").str(""); s != "" {
			t.CloseLabel = s
		}
	} else if !absent(cb.v) {
		cb.fail("an object")
	}
	return errs
}
