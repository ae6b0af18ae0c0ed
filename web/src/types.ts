import type { ConsoleRole } from '../../src/domain/console-roles';
export type { ConsoleRole };

export interface Me {
  user: { id?: string; username: string; displayName: string; role: ConsoleRole };
  role: ConsoleRole;
  communityId?: string;
  zoneIds: string[];
  csrfToken?: string;
  demo: boolean;
  pollEvery: number;
  vocabulary: { states: string[]; kinds: string[]; departments: string[]; rankingColumns: string[] };
}

export interface Fee {
  item: string;
  amount: number;
}
export interface Material {
  name: string;
  quantity?: number;
  ownerSupplied?: boolean;
  verdict?: string;
}

export interface TimelineEntry {
  event: string;
  at: string;
  actorKind?: 'person' | 'admin' | 'system';
  actorName?: string;
  note?: string;
}

export interface Ticket {
  id: string;
  number: string;
  kind: string;
  state: string;
  category?: string;
  scope?: 'in_unit' | 'public';
  department?: string;
  description: string;
  location?: string;
  place?: string;
  reporterName?: string;
  phone?: string;
  assigneeName?: string;
  urgency?: 'normal' | 'urgent';
  createdAt: string;
  appointment?: { from?: string; to?: string };
  photos?: Array<{ fileId: string }>;
  fees?: Fee[];
  materials?: Material[];
  actualItem?: string;
  quote?: { amount?: number; note?: string; decision?: string };
  rating?: { score?: number; comment?: string };
  /** Owners who reported the same problem while it was open. */
  linked?: Array<{
    personId: string;
    name?: string;
    at: string;
    description?: string;
    rating?: { score?: number; comment?: string };
  }>;
  callback?: { satisfied?: boolean; method?: string; note?: string; byName?: string; at?: string };
  overdue?: boolean;
  timeline?: TimelineEntry[];
  actions?: string[];
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type { FieldType } from '../../src/ticket-events/field-types';
import type { FieldType } from '../../src/ticket-events/field-types';

export interface ActionField {
  name: string;
  type: FieldType;
  required: boolean;
  options?: string[];
}

export interface TicketAction {
  event: string;
  action: string;
  fields: ActionField[];
  fixed?: Record<string, unknown>;
}
