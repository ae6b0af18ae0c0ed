import { DateTime } from 'luxon';
import { Types } from 'mongoose';
import { TicketEvent, Unit, unitLabel } from '../data/models/index.js';
import type { Actor } from '../domain/actor.js';
import type { TFunction } from '../i18n.js';
import { maskPhone, PHONE_READERS } from '../services/directory-service.js';
import type { Ticket, TicketService } from '../services/ticket-service.js';
import { renderTable } from './export.js';

/** The ticket ledger (工单台账) a service centre files monthly, in order. */
export const LEDGER_COLUMNS = [
  'number',
  'ticketKind',
  'category',
  'place',
  'reporter',
  'phone',
  'ticketState',
  'createdAt',
  'dispatchedAt',
  'acceptedAt',
  'arrivedAt',
  'completedAt',
  'callbackAt',
  'closedAt',
  'assignee',
  'fees',
  'feeTotal',
  'materials',
  'rating',
  'callback',
];

/** The first time each step happened (the ledger's "times of each step"). */
const STEPS: Record<string, string[]> = {
  dispatchedAt: ['dispatch'],
  acceptedAt: ['accept'],
  arrivedAt: ['arrive'],
  completedAt: ['complete', 'finish_handling', 'answer'],
  callbackAt: ['callback', 'callback_unsatisfied'],
  closedAt: ['close', 'cancel'],
};

/** Most rows one export holds (a month of a large community fits many times over). */
export const LEDGER_MAX_ROWS = 20_000;

type Place = Pick<Ticket, 'unitId' | 'location'>;

/** Each ticket's unit address (in-unit orders) or place (public areas), looked up in one query. */
export async function placesOf(tickets: Place[]): Promise<string[]> {
  const ids = [...new Set(tickets.filter((t) => t.unitId).map((t) => String(t.unitId)))];
  const units = ids.length
    ? await Unit.find(
        { _id: { $in: ids.map((id) => new Types.ObjectId(id)) } },
        { building: 1, entrance: 1, room: 1 },
      ).lean()
    : [];
  const label = new Map(units.map((u) => [String(u._id), unitLabel(u)]));
  return tickets.map((t) => {
    const unit = t.unitId ? label.get(String(t.unitId)) : undefined;
    return [unit, t.location].filter(Boolean).join(' · ');
  });
}

/** List items with `place` added (the console's board cards and tables show it). */
export async function withPlaces<T extends Place>(items: T[]): Promise<Array<T & { place: string }>> {
  const places = await placesOf(items);
  return items.map((t, i) => ({ ...t, place: places[i]! }));
}

/** Every ticket the list's filters match, page by page, up to LEDGER_MAX_ROWS. */
async function allMatching(
  service: TicketService,
  actor: Actor,
  query: Record<string, string>,
  pageSize: number,
) {
  const out: Ticket[] = [];
  for (let page = 1; out.length < LEDGER_MAX_ROWS; page++) {
    const r = await service.list(actor, {
      ...query,
      page: String(page),
      pageSize: String(pageSize),
    } as never);
    out.push(...(r.items as Ticket[]));
    if (r.items.length < r.pageSize || out.length >= r.total) break;
  }
  return out.slice(0, LEDGER_MAX_ROWS);
}

export interface LedgerDeps {
  tickets: TicketService;
  timezone: string;
  maxPageSize: number;
}

/** The ledger's rows: one per ticket, values in the reader's language, phones masked by role. */
export async function ledgerRows(
  deps: LedgerDeps,
  actor: Actor,
  query: Record<string, string>,
  t: TFunction,
) {
  const tickets = await allMatching(deps.tickets, actor, query, deps.maxPageSize);
  const [places, events] = await Promise.all([
    placesOf(tickets),
    tickets.length
      ? TicketEvent.find({ ticketId: { $in: tickets.map((x) => x._id) } }, { ticketId: 1, event: 1, at: 1 })
          .sort({ seq: 1 })
          .lean()
      : Promise.resolve([]),
  ]);
  const when = (d: Date | undefined) =>
    d ? DateTime.fromJSDate(d, { zone: deps.timezone }).toFormat('yyyy-LL-dd HH:mm') : '';
  const revealPhones = PHONE_READERS.has(actor.consoleRole ?? '') || actor.kind === 'admin';
  return tickets.map((tk, i) => {
    const mine = events.filter((e) => String(e.ticketId) === String(tk._id));
    const step = (names: string[]) => mine.find((e) => names.includes(e.event))?.at;
    const fees = tk.fees ?? [];
    const cb = tk.callback;
    return {
      number: tk.number,
      ticketKind: t(`ticket.kind.${tk.kind}`),
      category: tk.category ? t(`category.${tk.category}`, { defaultValue: tk.category }) : '',
      place: places[i],
      reporter: tk.reporterName ?? '',
      phone: revealPhones ? (tk.phone ?? '') : (maskPhone(tk.phone) ?? ''),
      ticketState: t(`ticket.state.${tk.state}`),
      createdAt: when(tk.createdAt),
      ...Object.fromEntries(Object.entries(STEPS).map(([col, names]) => [col, when(step(names))])),
      assignee: tk.assigneeName ?? '',
      fees: fees.map((f) => `${f.item} ${f.amount}`).join('; '),
      feeTotal: fees.length ? fees.reduce((s, f) => s + f.amount, 0) : '',
      materials: (tk.materials ?? [])
        .map(
          (m) =>
            `${m.name}×${m.quantity ?? 1}${m.ownerSupplied ? `(${t('report.ledger.owner_supplied')})` : ''}`,
        )
        .join('; '),
      rating: tk.rating?.score ?? '',
      callback: cb
        ? `${t(cb.satisfied ? 'report.ledger.satisfied' : 'report.ledger.unsatisfied')}${cb.method ? ` · ${t(`console.method.${cb.method}`)}` : ''}`
        : '',
    };
  });
}

/** The ledger as CSV or XLSX (src/reports/export.ts), named for the day it was taken. */
export async function renderLedger(
  deps: LedgerDeps,
  actor: Actor,
  query: Record<string, string>,
  format: 'csv' | 'xlsx',
  t: TFunction,
) {
  const rows = await ledgerRows(deps, actor, query, t);
  const day = DateTime.now().setZone(deps.timezone).toFormat('yyyyLLdd');
  const file = await renderTable(t, { columns: LEDGER_COLUMNS, rows }, format, 'ledger');
  return { ...file, filename: `ticket-ledger-${day}.${format}` };
}
