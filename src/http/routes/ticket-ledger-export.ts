import type { Context } from 'koa';
import type { Services } from '../../app.js';
import { ValidationError } from '../../domain/errors.js';
import { languageFromHeader, translator } from '../../i18n.js';
import { renderLedger } from '../../reports/ticket-ledger.js';
import { actorOf } from '../auth.js';

export const LEDGER_TYPES = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];

/** GET /tickets?format=csv|xlsx: the ticket ledger with the list's filters, as a download. */
export async function ledgerResponse(
  ctx: Context,
  { tickets, config }: Pick<Services, 'tickets' | 'config'>,
  query: Record<string, string>,
  format: string,
) {
  if (format !== 'csv' && format !== 'xlsx')
    throw new ValidationError(['format: expected json, csv or xlsx']);
  const { page: _page, pageSize: _size, ...filters } = query;
  const t = translator(languageFromHeader(ctx.get('accept-language')));
  const file = await renderLedger(
    { tickets, timezone: config.timezone, maxPageSize: config.http.maxPageSize },
    actorOf(ctx),
    filters,
    format,
    t,
  );
  ctx.type = file.type;
  ctx.attachment(file.filename);
  ctx.body = file.body;
}
