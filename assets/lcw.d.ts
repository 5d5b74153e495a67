// TypeScript declarations for the lcwasm Live Chat Widget: everything on
// window.Microsoft.Omnichannel.LiveChatWidget (Microsoft's Live Chat Widget
// SDK plus lcwasm's documented extensions) and the detail of every lcw:*
// event on window. A global script declaration file: reference it with
//   /// <reference path="lcw.d.ts" />
// or list it in tsconfig.json "files"; the npm package "lcwasm" includes it.

declare namespace Microsoft.Omnichannel.LiveChatWidget {
  /** The invitation's UI configuration; `message` is its text. */
  interface NotificationUIConfig {
    message?: string;
  }

  interface ProactiveChatOptions {
    /** Open the chat in a pop-out window (default false). */
    inNewWindow?: boolean;
  }

  type ContextValue = string | number | boolean;

  /** A context variable; displayable ones are shown to the agent. */
  interface ContextVariable {
    value: ContextValue;
    isDisplayable?: boolean;
  }

  /** Custom context: at most 100 variables, keys case-sensitive. */
  type CustomContext = Record<string, ContextValue | ContextVariable>;

  type ContextProvider = () => CustomContext;

  /** Called when a chat starts; hand the JWT to `callback`. */
  type AuthTokenProvider = (callback: (token: string) => void) => void;

  interface StartChatOptions {
    inNewWindow?: boolean;
    /** Replaces the context provider for this chat. */
    customContext?: CustomContext;
  }

  /**
   * What getAgentAvailability() answers and lcw:getAgentAvailability carries:
   * Microsoft's fields and lcwasm's.
   */
  interface AgentAvailability {
    isAgentAvailable: boolean;
    isQueueAvailable: boolean;
    positionInQueue?: number;
    /** Minutes, to a tenth (Microsoft's unit). */
    averageWaitTime?: number;
    /** lcwasm: the same in milliseconds. */
    averageWaitTimeMs?: number;
    /** lcwasm: the next opening (RFC 3339) while closed, else null. */
    nextOpen?: string | null;
    /** The widget's one queue: its app id ("" without a chat service). */
    queueId?: string;
    /** Outside operating hours, the next opening (UTC, RFC 3339); else "01-01-0001". */
    StartTimeOfNextOperatingHour?: string;
    /** Outside operating hours, when that opening ends (UTC); else "01-01-0001". */
    EndTimeOfNextOperatingHour?: string;
    /** Outside operating hours the next opening, during them the next closing (UTC); "01-01-0001" when none within 8 days. */
    nexttransitiontime?: string;
    /** Why there is no answer from a chat service ("no chat service is configured"). */
    reason?: string;
    /** The chat service could not be asked. */
    error?: string;
  }

  /** lcwasm: one check of a rule in explainProactiveRules(). */
  interface RuleCheck {
    path: string;
    holds: boolean;
    /** Epoch milliseconds when it could next change, or null. */
    next: number | null;
  }

  /** lcwasm: one rule in explainProactiveRules(). */
  interface RuleExplanation {
    rule: string;
    priority: number;
    error: string | null;
    holds: boolean;
    fires: boolean;
    conditions: RuleCheck[];
    limits: RuleCheck[];
    next: number | null;
    invitation: { message: string; showPrechat: boolean; inNewWindow: boolean; variants?: { id: string; weight: number; message: string }[] };
  }

  type AudienceValue = string | number | boolean | null | Array<string | number | boolean>;

  interface SDK {
    /**
     * Shows the proactive invitation. `notificationUIConfig` is `{message}`
     * or a plain string; `showPrechat` defaults to true.
     */
    startProactiveChat(
      notificationUIConfig?: NotificationUIConfig | string,
      showPrechat?: boolean,
      options?: ProactiveChatOptions,
    ): void;
    startChat(options?: StartChatOptions): void;
    closeChat(): void;
    /** Throws a TypeError when `provider` is not a function. */
    setContextProvider(provider: ContextProvider): void;
    getContextProvider(): ContextProvider | null;
    removeContextProvider(): void;
    /** Throws a TypeError when `provider` is not a function. */
    setAuthTokenProvider(provider: AuthTokenProvider): void;
    getAuthTokenProvider(): AuthTokenProvider | null;
    removeAuthTokenProvider(): void;
    getAgentAvailability(): Promise<AgentAvailability>;
    /** lcwasm: per rule, what holds and when it could fire. */
    explainProactiveRules(): RuleExplanation[];
    /** lcwasm: audience attributes for the proactive rules. */
    setAudienceAttributes(attributes: Record<string, AudienceValue>): void;
    /** lcwasm: the visitor reached a goal (1-64 of A-Z a-z 0-9 _ . -); a bad name is lcw:error 12. Counted for the proactive rules' funnel, per rule the visitor was eligible for earlier in the session. */
    reportGoal(name: string): void;
  }

  /** The SDK; exists as soon as lcw.js has run, callable after lcw:ready. */
  const SDK: SDK;
  /** lcwasm: true once lcw:ready has fired. */
  const isReady: boolean | undefined;

  /** lcw:error. Codes: 1 context provider, 2 auth provider, 3 no token, 4 invalid token, 7 failed to load, 8 auth function missing, 9 a proactive rule is invalid, 10 the chat service refused the page's origin, 11 no good randomness for the chat's ids (no chat), 12 reportGoal with a bad goal name. */
  interface ErrorDetail {
    errorCode: number;
    errorDescription: string;
  }

  /** lcwasm: the lcw:proactiveChat* events. */
  interface InvitationDetail {
    source: "startProactiveChat" | "rule";
    ruleId?: string;
    /** The rule's invitation variant shown (an A/B test of its text), for a rule with variants. */
    variant?: string;
    message: string;
  }

  interface InvitationDeclinedDetail extends InvitationDetail {
    how: "close" | "escape";
  }

  interface StartChatDetail {
    proactive: boolean;
    source: string;
    ruleId: string;
  }

  interface ChatQueuedDetail {
    position: number;
  }

  interface MessageSentDetail {
    messageId: string;
    seq: number;
    text: string;
    /** Epoch milliseconds. */
    at: number;
  }

  /**
   * lcw:onMessageReceived: lcwasm's fields and Microsoft's messageType and
   * channelData.tags. An agent's message is "user" with the tag "public";
   * the system messages are "system" with the tags "system" and
   * "agentaccepted", "queueposition" (with position) or
   * "agentendconversation" (from "system", seq 0, text "").
   */
  interface MessageReceivedDetail {
    seq: number;
    from: string;
    name: string;
    text: string;
    at: number;
    messageType: "user" | "system";
    channelData: { tags: string[] };
    /** A queue position's place in the queue. */
    position?: number;
    /** A file the agent sent (text is its name; fetched with the conversation's token). */
    attachment?: { name: string; type: string; size: number };
  }

  interface ChatRetrievedDetail {
    state: string;
    messages: number;
    missed: number;
  }

  interface ThreadUpdateDetail {
    by: string;
  }

  interface CloseChatDetail {
    by?: string;
    /** In the page that opened the pop-out, for the chat closed there. */
    popout?: boolean;
  }

  type EmptyDetail = Record<string, never>;
}

interface Window {
  Microsoft: typeof Microsoft;
}

interface WindowEventMap {
  "lcw:ready": CustomEvent<Microsoft.Omnichannel.LiveChatWidget.EmptyDetail>;
  "lcw:error": CustomEvent<Microsoft.Omnichannel.LiveChatWidget.ErrorDetail>;
  "lcw:proactiveChatShown": CustomEvent<Microsoft.Omnichannel.LiveChatWidget.InvitationDetail>;
  "lcw:proactiveChatAccepted": CustomEvent<Microsoft.Omnichannel.LiveChatWidget.InvitationDetail>;
  "lcw:proactiveChatDeclined": CustomEvent<Microsoft.Omnichannel.LiveChatWidget.InvitationDeclinedDetail>;
  "lcw:proactiveChatTimedOut": CustomEvent<Microsoft.Omnichannel.LiveChatWidget.InvitationDetail>;
  "lcw:startChat": CustomEvent<Microsoft.Omnichannel.LiveChatWidget.StartChatDetail>;
  "lcw:chatQueued": CustomEvent<Microsoft.Omnichannel.LiveChatWidget.ChatQueuedDetail>;
  "lcw:onMessageSent": CustomEvent<Microsoft.Omnichannel.LiveChatWidget.MessageSentDetail>;
  "lcw:onMessageReceived": CustomEvent<Microsoft.Omnichannel.LiveChatWidget.MessageReceivedDetail>;
  "lcw:chatRetrieved": CustomEvent<Microsoft.Omnichannel.LiveChatWidget.ChatRetrievedDetail>;
  "lcw:threadUpdate": CustomEvent<Microsoft.Omnichannel.LiveChatWidget.ThreadUpdateDetail>;
  "lcw:closeChat": CustomEvent<Microsoft.Omnichannel.LiveChatWidget.CloseChatDetail>;
  "lcw:onClose": CustomEvent<Microsoft.Omnichannel.LiveChatWidget.EmptyDetail>;
  "lcw:onMinimize": CustomEvent<Microsoft.Omnichannel.LiveChatWidget.EmptyDetail>;
  "lcw:onMaximize": CustomEvent<Microsoft.Omnichannel.LiveChatWidget.EmptyDetail>;
  "lcw:getAgentAvailability": CustomEvent<Microsoft.Omnichannel.LiveChatWidget.AgentAvailability>;
}
