/** A chat message as the pipeline sees it, whatever the puppet (bots/ converts Wechaty's). */
export interface InboundMessage {
  id: string;
  platform: string;
  talkerId: string;
  talkerName: string;
  talkerAlias?: string;
  roomId?: string;
  roomTopic?: string;
  type: 'text' | 'image' | 'other';
  text: string;
  /** The bot was @mentioned. */
  mentionSelf: boolean;
  /** Contacts @mentioned (other than the bot). */
  mentionIds: string[];
  /** Sent by the bot itself. */
  self: boolean;
  at: Date;
  /** The image's bytes, for image messages. */
  image?: () => Promise<Buffer>;
  /**
   * Handed back by the inbound spool after a restart: handled even though its id was claimed,
   * unless something was already sent because of it.
   */
  replayed?: boolean;
}
