/** What the HTTP side may ask of the running chat bot (bots/desk-bot.ts implements it). */
export interface SimulatorMessage {
  from: string;
  room?: string;
  text: string;
  mentionBot?: boolean;
  image?: Buffer;
}

export interface SimulatorReply {
  to: string | null;
  room: string | null;
  text: string;
  mentions: string[];
  status: string;
  sendAfter: Date;
}

export interface ChatDesk {
  /** Logged in and able to send. */
  ready?(): boolean;
  /** Only with the mock puppet. */
  simulate?(m: SimulatorMessage): Promise<{ id: string; outcome: string; replies: SimulatorReply[] }>;
  outbox?(after: number, limit: number): Promise<Array<SimulatorReply & { id: number }>>;
  hasRoom?(topic: string): boolean;
  qrCode(): { value: string; status: string; url: string; at: Date } | undefined;
}
