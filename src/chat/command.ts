import type { ChatContext } from './context.js';

/** What a matcher may look at besides the text. */
export interface MatchInput {
  text: string;
  inGroup: boolean;
  /** The room is registered (owners', staff or department group). */
  roomPurpose?: string;
}

/**
 * A chat command, like a Wechaty plugin: a pure matcher (text → parsed arguments, or undefined
 * when the text is not this command) and a handler. A handler returning false passes the message
 * on (a "5" is a rating only when a rating is pending).
 */
export interface ChatCommand<P = unknown> {
  name: string;
  /** Unbound contacts and unregistered rooms may use it (binding commands). */
  open?: boolean;
  match(input: MatchInput): P | undefined;
  handle(ctx: ChatContext, parsed: P): Promise<boolean | void>;
}

export const command = <P>(c: ChatCommand<P>): ChatCommand<unknown> => c as ChatCommand<unknown>;
