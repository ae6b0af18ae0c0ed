import type { Role } from '../domain/roles.js';
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
  /** Who may use it (any of these roles); anyone else's message passes on to the next command. */
  roles?: readonly Role[];
  /** Where it applies: a direct chat, or rooms of these purposes; elsewhere the message passes on. */
  places?: readonly Place[];
  match(input: MatchInput): P | undefined;
  handle(ctx: ChatContext, parsed: P): Promise<boolean | void>;
}

export type Place = 'direct' | 'owners' | 'staff' | 'department';

/** The command's declared roles and places allow this speaker, here. */
export function appliesTo(c: Pick<ChatCommand, 'roles' | 'places'>, ctx: ChatContext): boolean {
  if (c.roles && !ctx.actor?.roles.some((r) => c.roles!.includes(r))) return false;
  if (!c.places) return true;
  const place = ctx.inGroup ? (ctx.room?.purpose as Place | undefined) : 'direct';
  return Boolean(place && c.places.includes(place));
}

export const command = <P>(c: ChatCommand<P>): ChatCommand<unknown> => c as ChatCommand<unknown>;
