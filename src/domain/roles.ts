/** Roles a person can hold (domain.md, "People and organisation"). */
export const ROLES = [
  'owner',
  'tenant',
  'family',
  'front_desk',
  'zone_manager',
  'cs_supervisor',
  'dept_supervisor',
  'staff',
  'director',
  'head_office',
  /** 财务: told when a renovation deposit falls due for refund; reads deposits and fees only. */
  'finance',
] as const;
export type Role = (typeof ROLES)[number];

export const RESIDENT_ROLES: readonly Role[] = ['owner', 'tenant', 'family'];
/** Everyone who works for the property company. */
export const STAFF_ROLES: readonly Role[] = ROLES.filter((r) => !RESIDENT_ROLES.includes(r));

export const DEPARTMENTS = ['engineering', 'security', 'cleaning', 'greening', 'customer_service'] as const;
export type Department = (typeof DEPARTMENTS)[number];

export const TICKET_KINDS = ['repair', 'complaint', 'help', 'inquiry', 'suggestion', 'praise'] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];

/** Readable ticket-number prefixes: 报修 BX, 投诉 TS, 求助 QZ, 咨询 ZX, 建议 JY, 表扬 BY. */
export const KIND_PREFIX: Record<TicketKind, string> = {
  repair: 'BX',
  complaint: 'TS',
  help: 'QZ',
  inquiry: 'ZX',
  suggestion: 'JY',
  praise: 'BY',
};

export const UNIT_STATES = ['occupied', 'vacant', 'renovating'] as const;
export type UnitState = (typeof UNIT_STATES)[number];

export const RELATIONS = ['owner', 'tenant', 'family'] as const;
export type Relation = (typeof RELATIONS)[number];
