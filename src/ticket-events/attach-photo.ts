import { z } from 'zod';
import { defineEvent } from './define.js';

/** A photo added to an open ticket (stored first by the photo store; the effect is in TicketService). */
export const attachPhoto = defineEvent({
  name: 'attach_photo',
  summary: 'Attach a photo',
  input: z.object({}).passthrough(),
  transitions: [
    {
      from: 'any_open',
      to: 'same',
      who: [
        'reporter',
        'assignee',
        'dept_staff',
        'front_desk',
        'zone_manager',
        'cs_supervisor',
        'dept_supervisor_of',
        'admin',
      ],
    },
  ],
});
