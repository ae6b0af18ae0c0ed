/** Where a chat message goes: a contact (direct chat) or a room. */
export interface ChatTarget {
  contactId?: string;
  roomId?: string;
}

/** What the outbound queue needs from a bot: Wechaty on any puppet implements it (bots/). */
export interface ChatTransport {
  /** Platform name stored with chat identities and rooms ('mock', 'wechat'). */
  readonly platform: string;
  /** Logged in and able to send. */
  isReady(): boolean;
  sendText(target: ChatTarget, text: string, mentionIds: string[]): Promise<void>;
  /** Sets the contact's remark (备注) where the puppet allows; failures are ignored. */
  setAlias?(contactId: string, alias: string): Promise<void>;
}
