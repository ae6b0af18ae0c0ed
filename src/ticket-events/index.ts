import type { TicketEventName } from '../domain/ticket-states.js';
import { accept } from './accept.js';
import { answer } from './answer.js';
import { addDetail } from './add-detail.js';
import { arrive } from './arrive.js';
import { attachPhoto } from './attach-photo.js';
import { callback, callbackUnsatisfied } from './callback.js';
import { cancel } from './cancel.js';
import { classify } from './classify.js';
import { close } from './close.js';
import { complete } from './complete.js';
import { create } from './create.js';
import type { TicketEventDef } from './define.js';
import { dispatch } from './dispatch.js';
import { escalate } from './escalate.js';
import { finishHandling, startHandling } from './handling.js';
import { linkReporter, rateLinked, unlinkReporter } from './link-reporter.js';
import { followUp, note, remind } from './note.js';
import { plan } from './plan.js';
import { agreeQuote, declineQuote } from './quote-answer.js';
import { quote } from './quote.js';
import { rate, rateUnsatisfied } from './rate.js';
import { reopen } from './reopen.js';
import { requestQuote } from './request-quote.js';
import { sendBack } from './send-back.js';
import { transfer } from './transfer.js';
import { askHelp } from './ask-help.js';

/** The ticket event catalogue: every event, one definition each (see define.ts). */
export const CATALOGUE = {
  create,
  dispatch,
  accept,
  transfer,
  send_back: sendBack,
  arrive,
  request_quote: requestQuote,
  quote,
  agree_quote: agreeQuote,
  decline_quote: declineQuote,
  complete,
  answer,
  rate,
  rate_unsatisfied: rateUnsatisfied,
  callback,
  callback_unsatisfied: callbackUnsatisfied,
  close,
  classify,
  plan,
  start_handling: startHandling,
  finish_handling: finishHandling,
  escalate,
  cancel,
  reopen,
  note,
  add_detail: addDetail,
  follow_up: followUp,
  remind,
  attach_photo: attachPhoto,
  link_reporter: linkReporter,
  unlink_reporter: unlinkReporter,
  rate_linked: rateLinked,
  ask_help: askHelp,
} as unknown as Record<TicketEventName, TicketEventDef>;

export function eventDef(name: TicketEventName): TicketEventDef {
  const def = CATALOGUE[name];
  if (!def) throw new Error(`unknown ticket event ${name}`);
  return def;
}

/** Events fired over HTTP, by their action (`POST /tickets/:number/<action>`). */
export const HTTP_ACTIONS: ReadonlyArray<{ action: string; def: TicketEventDef }> = Object.values(CATALOGUE)
  .filter((d) => d.http)
  .map((d) => ({ action: d.http!.action, def: d }));

/**
 * The console's form of every event a user can fire (`GET /ticket-actions`): the action route it
 * goes through, the fields to ask, and the body values choosing it implies.
 */
export const CONSOLE_ACTIONS = Object.values(CATALOGUE).flatMap((def) => {
  const owner = def.http ? def : def.via ? CATALOGUE[def.via] : undefined;
  if (!owner?.http) return [];
  const fixed = def.fixed;
  const fields = (def.form ?? owner.form ?? [])
    .filter((f) => !fixed || !(f.name in fixed))
    .map((f) => ({ ...f, required: !!f.required }));
  return [{ event: def.name, action: owner.http.action, fields, ...(fixed ? { fixed } : {}) }];
});

/** Events staff can fire in chat (words: `verbs.<event>` in each locale). */
export const CHAT_EVENTS: readonly TicketEventDef[] = Object.values(CATALOGUE).filter((d) => d.chat);

export * from './define.js';
