import type { Flow, FlowData } from '../src/chat/flow-engine.js';
import { clarifyFlow } from './clarify.js';
import { complaintFlow } from './complaint.js';
import { feedbackFlow } from './feedback.js';
import { repairFlow } from './repair.js';
import { splitFlow } from './split.js';
import { staffPickFlow } from './staff-pick.js';
import { renovationFlow } from '../src/renovation/flow.js';
import { renovationCheckFlow } from '../src/renovation/check-flow.js';
import { patrolFlow } from '../src/patrols/chat/patrol-flow.js';
import { noticeFlow } from '../src/announcements/chat-flow.js';
import { visitFlow } from '../src/visits/chat/visit-flow.js';

/** Every owner flow, by name (the name is stored with a conversation, so keep names stable). */
export const FLOWS: Record<string, Flow<FlowData>> = {
  repair: repairFlow as unknown as Flow<FlowData>,
  complaint: complaintFlow as unknown as Flow<FlowData>,
  feedback: feedbackFlow as unknown as Flow<FlowData>,
  clarify: clarifyFlow as unknown as Flow<FlowData>,
  split: splitFlow as unknown as Flow<FlowData>,
  renovation: renovationFlow as unknown as Flow<FlowData>,
  renovation_check: renovationCheckFlow as unknown as Flow<FlowData>,
  patrol: patrolFlow as unknown as Flow<FlowData>,
  notice: noticeFlow as unknown as Flow<FlowData>,
  visit: visitFlow as unknown as Flow<FlowData>,
  staff_pick: staffPickFlow as unknown as Flow<FlowData>,
};
