/// <reference path="./lcw.d.ts" />

export interface WhenReadyOptions {
  /** The URL dist/ is served under, e.g. "https://chat.example.com/lcw/". */
  base?: string;
  /** data-app-id: the widget. */
  appId?: string;
  /** data-org-id. */
  orgId?: string;
  /** data-org-url: the lcwasm server (default: the origin lcw.js came from). */
  orgUrl?: string;
  /** Any other attribute of the script tag, e.g. {"data-hide-chat-button": true}. */
  attributes?: Record<string, string | boolean>;
}

/** The SDK, or undefined before lcw.js has run. */
export function sdk(): Microsoft.Omnichannel.LiveChatWidget.SDK | undefined;

/**
 * Loads the widget (unless the page already has its script tag) and
 * resolves with the SDK once lcw:ready fired; rejects with an Error whose
 * errorCode is 7 when it cannot load.
 */
export function whenReady(options?: WhenReadyOptions): Promise<Microsoft.Omnichannel.LiveChatWidget.SDK>;
