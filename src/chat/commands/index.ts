import type { ChatCommand } from '../command.js';
import { approveBinding, ownerBind, roomBind, staffBind } from './binding.js';
import { addDetail, progress, quoteAnswer, rating, ticketNote, withdraw } from './owner.js';
import { staffCommands } from './staff.js';
import { deskQueries } from './desk-queries.js';
import { surveyAnswer } from '../../surveys/chat.js';
import { patrolCommand } from '../../patrols/chat/patrol-command.js';
import { noticeCommand } from '../../announcements/chat-command.js';
import { visitCommand } from '../../visits/chat/visit-command.js';
import { renovationCommand } from '../../renovation/chat-command.js';

/** Commands in the order they are tried. Binding first, then work commands, then owners' replies. */
export const COMMANDS: ChatCommand[] = [
  roomBind,
  staffBind,
  ownerBind,
  approveBinding,
  staffCommands,
  deskQueries,
  renovationCommand,
  patrolCommand,
  noticeCommand,
  visitCommand,
  progress,
  surveyAnswer,
  rating,
  quoteAnswer,
  withdraw,
  addDetail,
  ticketNote,
];
