// The npm package: import { whenReady, sdk } from "lcwasm".
import { whenReady, sdk } from "lcwasm";

async function main(): Promise<void> {
  const lcw = await whenReady({ base: "https://chat.example.com/lcw/", appId: "shop", orgUrl: "https://chat.example.com" });
  lcw.startProactiveChat({ message: "Hi!" });
  sdk()?.closeChat();
}
main().catch((err: Error & { errorCode?: number }) => console.error(err.errorCode));
