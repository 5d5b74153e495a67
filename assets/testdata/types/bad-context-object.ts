// TS2322: a context variable's value is a primitive, not an object.
Microsoft.Omnichannel.LiveChatWidget.SDK.setContextProvider(() => ({ cart: { value: { items: 3 } } }));
