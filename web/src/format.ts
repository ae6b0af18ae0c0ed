import { i18n, t } from './i18n';
import type { TimelineEntry } from './types';

export const fmt = (d?: string | Date | null) =>
  d ? new Date(d).toLocaleString(i18n.language, { hour12: false }) : '';

export const pct = (x?: number | null) =>
  x === null || x === undefined ? '–' : `${Math.round(x * 1000) / 10}%`;

export const money = (x?: number | null) => (x === null || x === undefined ? '' : `¥${x.toFixed(2)}`);

/**
 * An appointment as a window: from–to (same day: the end's time only); without an end it is
 * open-ended ("两点以后在家"), as the owner and the worker read it in chat.
 */
export function windowOf(a?: { from?: string; to?: string }): string {
  if (!a?.from) return '';
  if (!a.to) return t('web.appointment_after', { from: fmt(a.from) });
  if (a.to === a.from) return fmt(a.from);
  const from = new Date(a.from);
  const to = new Date(a.to);
  const sameDay = from.toDateString() === to.toDateString();
  const end = sameDay
    ? to.toLocaleTimeString(i18n.language, { hour12: false, hour: '2-digit', minute: '2-digit' })
    : fmt(to);
  return `${fmt(from)} – ${end}`;
}

/** Who did it, by name: the service itself is "系统", never "system"; the built-in admin token "管理员". */
export function actorLabel(e: Pick<TimelineEntry, 'actorKind' | 'actorName'>): string {
  if (e.actorKind === 'system' || (!e.actorKind && e.actorName === 'system')) return t('web.actor.system');
  if (e.actorKind === 'admin' && (!e.actorName || e.actorName === 'admin')) return t('web.actor.admin');
  return e.actorName ?? '';
}

export const monthOf = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;

/** Element Plus tag colour of a ticket state. */
export function stateTag(state: string): 'primary' | 'success' | 'warning' | 'info' | 'danger' {
  if (['received', 'classified'].includes(state)) return 'danger';
  if (['completed', 'rated', 'handled'].includes(state)) return 'warning';
  if (['called_back', 'closed', 'filed'].includes(state)) return 'success';
  if (state === 'cancelled') return 'info';
  return 'primary';
}
