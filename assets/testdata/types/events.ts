// Every lcw:* event's detail is typed through WindowEventMap.
window.addEventListener("lcw:error", (e) => {
  const code: number = e.detail.errorCode;
  const text: string = e.detail.errorDescription;
  if (code === 10) console.warn(text);
});
window.addEventListener("lcw:proactiveChatDeclined", (e) => console.log(e.detail.how, e.detail.source, e.detail.ruleId));
window.addEventListener("lcw:startChat", (e) => console.log(e.detail.proactive));
window.addEventListener("lcw:chatQueued", (e) => console.log(e.detail.position + 1));
window.addEventListener("lcw:onMessageReceived", (e) => console.log(e.detail.text.length));
window.addEventListener("lcw:onMessageSent", (e) => console.log(e.detail.seq));
window.addEventListener("lcw:chatRetrieved", (e) => console.log(e.detail.missed));
window.addEventListener("lcw:threadUpdate", () => Microsoft.Omnichannel.LiveChatWidget.SDK.closeChat());
window.addEventListener("lcw:getAgentAvailability", (e) => console.log(e.detail.isAgentAvailable));
async function ask(): Promise<boolean> {
  const sdk = window.Microsoft.Omnichannel.LiveChatWidget.SDK;
  sdk.setAuthTokenProvider((callback) => callback("a.jwt.token"));
  sdk.startChat({ customContext: { plan: "gold", seats: 3, trial: false } });
  const a = await sdk.getAgentAvailability();
  return a.isAgentAvailable && window.Microsoft.Omnichannel.LiveChatWidget.isReady === true;
}
void ask();
// Microsoft's shapes, as its documented pages filter them.
window.addEventListener("lcw:onMessageReceived", (e) => {
  if (e.detail.messageType === "system" && e.detail.channelData.tags.includes("agentendconversation")) console.log("ended");
});
async function hours(): Promise<string> {
  const a = await window.Microsoft.Omnichannel.LiveChatWidget.SDK.getAgentAvailability();
  const times: (string | undefined)[] = [a.StartTimeOfNextOperatingHour, a.EndTimeOfNextOperatingHour, a.nexttransitiontime];
  return (a.queueId ?? "") + times.join(" ") + String(a.averageWaitTime ?? 0);
}
void hours();
