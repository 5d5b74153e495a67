/// <reference path="/work/wt/firsthour/assets/lcw.d.ts" />
Microsoft.Omnichannel.LiveChatWidget.SDK.startProactiveChat(42);
