/** A notice as the API shows it (src/announcements/service.ts noticeView). */
export interface Notice {
  id: string;
  type: string;
  title: string;
  body: string;
  scope: string;
  zoneIds: string[];
  buildings: string[];
  unitIds: string[];
  startsAt: string;
  endsAt: string;
  publishAt?: string;
  remind: boolean;
  notifyOwners: boolean;
  state: string;
  sentToGroups: number;
  sentToOwners: number;
}

export const NOTICE_TYPES = ['water_outage', 'power_outage', 'lift_maintenance', 'fire_drill', 'other'];
export const NOTICE_SCOPES = ['community', 'zones', 'buildings', 'units'];
export const NOTICE_STATES = ['draft', 'scheduled', 'published', 'cancelled'];

export const noticeStateTag = (s: string) =>
  (({ draft: 'info', scheduled: 'warning', published: 'success', cancelled: 'danger' }) as const)[
    s as 'draft'
  ] ?? 'info';
