// TS2345: startProactiveChat takes {message} or a string, not a number.
Microsoft.Omnichannel.LiveChatWidget.SDK.startProactiveChat(42);
