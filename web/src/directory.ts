import { ROLES, UNIT_STATES } from '../../src/domain/roles';
import { api } from './api';
import { t } from './i18n';

export type DirKind = 'people' | 'units' | 'zones' | 'rooms';
export const DIR_KINDS: DirKind[] = ['people', 'units', 'zones', 'rooms'];

/** Person roles and unit states, as the server knows them (src/domain/roles.ts). */
export const PERSON_ROLES: readonly string[] = ROLES;
export { UNIT_STATES };
export const ROOM_PURPOSES = ['owners', 'staff', 'department'];

/** A zone as the console's selects offer it. */
export interface ZoneOption {
  _id: string;
  name: string;
}
/** The community's zones for a select (all of them: a community has a handful). */
export const listZones = async (): Promise<ZoneOption[]> =>
  (await api<{ items: ZoneOption[] }>('/zones?pageSize=200')).items;

type Row = Record<string, unknown>;

/** The columns each tab's table shows, and how a cell reads. */
export const DIR_COLUMNS: Record<DirKind, string[]> = {
  people: ['name', 'phone', 'roles', 'department'],
  units: ['building', 'entrance', 'room', 'state', 'owners'],
  zones: ['code', 'name', 'buildings'],
  rooms: ['topic', 'purpose'],
};

export function dirCell(kind: DirKind, row: Row, col: string): string {
  const v = row[col];
  if (kind === 'people' && col === 'roles')
    return (v as string[]).map((r) => t(`console.person_role.${r}`, { defaultValue: r })).join('、');
  if (col === 'department') return v ? t(`department.${v}`) : '';
  if (kind === 'units' && col === 'owners')
    return ((v as Array<{ name: string }>) ?? []).map((o) => o.name).join('、');
  if (kind === 'units' && col === 'state') return t(`console.unit_state.${v}`);
  if (kind === 'zones' && col === 'buildings') return ((v as string[]) ?? []).join('、');
  if (kind === 'rooms' && col === 'purpose') return t(`room.${v}`, { defaultValue: String(v) });
  return v === undefined || v === null ? '' : String(v);
}
