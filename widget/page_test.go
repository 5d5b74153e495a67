package widget_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/lcwasm/lcwasm/widget"
)

func TestApplyAttributes(t *testing.T) {
	tests := []struct {
		name  string
		attrs map[string]string
		want  widget.Config
	}{
		{"none", nil, widget.Config{}},
		{"bare attributes mean true", map[string]string{"data-hide-chat-button": "", "data-open-in-window": ""},
			widget.Config{HideChatButton: true, OpenInWindow: true}},
		{"true", map[string]string{"data-hide-chat-button": "true", "data-lcw-popout": "1"},
			widget.Config{HideChatButton: true, Popout: true}},
		{"false", map[string]string{"data-hide-chat-button": "false", "data-open-in-window": "0", "data-lcw-popout": " OFF "},
			widget.Config{}},
		{"verbose", map[string]string{"data-lcw-version": "test"}, widget.Config{Verbose: true}},
		{"not verbose", map[string]string{"data-lcw-version": "prod"}, widget.Config{}},
		{"close text", map[string]string{"data-custom-close-button-text": "End chat"}, widget.Config{CloseButtonText: "End chat"}},
		{"app id", map[string]string{"data-app-id": "shop"}, widget.Config{AppID: "shop"}},
		{"chat pane chrome", map[string]string{"data-hide-minimize-button": "", "data-render-mobile": "true"},
			widget.Config{HideMinimize: true, RenderMobile: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var cfg widget.Config
			widget.ApplyAttributes(&cfg, tt.attrs)
			assert.Equal(t, tt.want, cfg)
		})
	}
	t.Run("the configuration's app id wins", func(t *testing.T) {
		cfg := widget.Config{AppID: "from-config"}
		widget.ApplyAttributes(&cfg, map[string]string{"data-app-id": "from-tag"})
		assert.Equal(t, "from-config", cfg.AppID)
	})
}

func TestApplyCustomization(t *testing.T) {
	custom := func(mod func(*widget.Texts)) widget.Texts {
		t := widget.DefaultTexts()
		mod(&t)
		return t
	}
	tests := []struct {
		name string
		src  string
		want widget.Texts
		errs []string
	}{
		{"null", `null`, widget.DefaultTexts(), nil},
		{"other panes only", `{"webChatContainerProps": {"x": 1}}`, widget.DefaultTexts(), nil},
		{"texts", `{"proactiveChatPaneProps": {"controlProps": {
			"titleText": "Bonjour", "subtitleText": "On est là", "bodyTitleText": "Une question ?",
			"startButtonText": "Discuter", "proactiveChatPaneAriaLabel": "Invitation"}}}`,
			custom(func(t *widget.Texts) {
				t.Title, t.Subtitle, t.DefaultMessage = "Bonjour", "On est là", "Une question ?"
				t.StartButton, t.StartLabel, t.PaneLabel = "Discuter", "Discuter", "Invitation"
			}), nil},
		{"start button label", `{"proactiveChatPaneProps": {"controlProps": {"startButtonAriaLabel": "Start a chat"}}}`,
			custom(func(t *widget.Texts) { t.StartLabel = "Start a chat" }), nil},
		{"hide parts", `{"proactiveChatPaneProps": {"controlProps": {"hideTitle": true, "hideSubtitle": true,
			"hideBodyTitle": true, "hideStartButton": true, "hideCloseButton": true}}}`,
			custom(func(t *widget.Texts) {
				t.HideTitle, t.HideSubtitle, t.HideBodyTitle, t.HideStart, t.HideClose = true, true, true, true, true
			}), nil},
		{"close button label", `{"proactiveChatPaneProps": {"controlProps": {"closeButtonProps": {"ariaLabel": "Dismiss", "iconName": "Cancel"}}}}`,
			custom(func(t *widget.Texts) { t.CloseLabel = "Dismiss" }), nil},
		{"empty close button label is ignored", `{"proactiveChatPaneProps": {"controlProps": {"closeButtonProps": {"ariaLabel": ""}}}}`,
			widget.DefaultTexts(), nil},
		{"React-only props are accepted", `{"proactiveChatPaneProps": {"styleProps": {}, "controlProps": {"id": "x", "dir": "rtl", "isBodyContainerHorizantal": true}}}`,
			widget.DefaultTexts(), nil},
		{"unknown controlProps key, the rest applies", `{"proactiveChatPaneProps": {"controlProps": {"titel": "Hi", "titleText": "Hello"}}}`,
			custom(func(t *widget.Texts) { t.Title = "Hello" }),
			[]string{"widget: customization.proactiveChatPaneProps.controlProps.titel: unknown field"}},
		{"wrong types", `{"proactiveChatPaneProps": {"controlProps": {"titleText": 5, "hideTitle": "yes"}}}`,
			widget.DefaultTexts(),
			[]string{"widget: customization.proactiveChatPaneProps.controlProps.titleText: want a string, got number",
				"widget: customization.proactiveChatPaneProps.controlProps.hideTitle: want a boolean, got string"}},
		{"not an object", `[]`, widget.DefaultTexts(), []string{"widget: customization: want an object, got array"}},
		{"pane props not an object", `{"proactiveChatPaneProps": "big"}`, widget.DefaultTexts(),
			[]string{"widget: customization.proactiveChatPaneProps: want an object, got string"}},
		{"controlProps not an object", `{"proactiveChatPaneProps": {"controlProps": true}}`, widget.DefaultTexts(),
			[]string{"widget: customization.proactiveChatPaneProps.controlProps: want an object, got boolean"}},
		{"closeButtonProps not an object", `{"proactiveChatPaneProps": {"controlProps": {"closeButtonProps": "X"}}}`, widget.DefaultTexts(),
			[]string{"widget: customization.proactiveChatPaneProps.controlProps.closeButtonProps: want an object, got string"}},
		{"ariaLabel not a string", `{"proactiveChatPaneProps": {"controlProps": {"closeButtonProps": {"ariaLabel": 1}}}}`, widget.DefaultTexts(),
			[]string{"widget: customization.proactiveChatPaneProps.controlProps.closeButtonProps.ariaLabel: want a string, got number"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := widget.Config{Texts: widget.DefaultTexts()}
			errs := widget.ApplyCustomization(&cfg, tree(t, tt.src))
			assert.ElementsMatch(t, tt.errs, messages(errs))
			assert.Equal(t, tt.want, cfg.Texts)
		})
	}
}
