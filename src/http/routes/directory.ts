import type { Context } from 'koa';
import { z } from 'zod';
import type { Services } from '../../app.js';
import {
  ANY_CONSOLE_ROLE,
  DIRECTORY_EDITORS,
  FEE_READERS,
  SUPERVISORS,
  type ConsoleRole,
} from '../../domain/console-roles.js';
import { ValidationError } from '../../domain/errors.js';
import { renderTable, type Table } from '../../reports/export.js';
import { communityFor } from '../../services/community-scope.js';
import * as D from '../../services/directory-editor.js';
import { listPeopleQuery, listSimpleQuery, listUnitsQuery } from '../../services/directory-service.js';
import type { ImportOptions, ImportReport } from '../../services/import-service.js';
import { runImport } from '../import-run.js';
import { objectId } from '../../services/schemas.js';
import { parse } from '../../services/validate.js';
import { translator } from '../../i18n.js';
import { actorOf } from '../auth.js';
import { route, type RouteSpec } from '../route-spec.js';

const exportQuery = z.object({ format: z.enum(['csv', 'xlsx']).default('csv') }).strict();
const importQuery = z
  .object({
    communityId: objectId.optional(),
    /** true: answered at once (202) with a job to follow at GET /imports/:id */
    background: z.enum(['true', 'false']).optional(),
  })
  .strict();
const activeBody = z.object({ active: z.boolean() }).strict();

type Kind = 'people' | 'units' | 'zones' | 'rooms';

interface KindSpec {
  kind: Kind;
  list: z.ZodType;
  create: z.ZodType;
  patch: z.ZodType;
  editors: readonly ConsoleRole[];
  /** Who may list them; every desk role when not said. */
  readers?: readonly ConsoleRole[];
}

const KINDS: KindSpec[] = [
  {
    kind: 'people',
    list: listPeopleQuery,
    create: D.personInput,
    patch: D.personPatch,
    editors: DIRECTORY_EDITORS,
  },
  {
    kind: 'units',
    list: listUnitsQuery,
    create: D.unitInput,
    patch: D.unitPatch,
    editors: DIRECTORY_EDITORS,
  },
  {
    kind: 'zones',
    list: listSimpleQuery,
    create: D.zoneInput,
    patch: D.zonePatch,
    editors: SUPERVISORS,
    // finance filters the fee pages by zone
    readers: FEE_READERS,
  },
  {
    kind: 'rooms',
    list: listSimpleQuery,
    create: D.roomInput,
    patch: D.roomPatch,
    editors: DIRECTORY_EDITORS,
  },
];

/** A file download of a table (CSV with BOM or XLSX). */
export async function sendTable(ctx: Context, table: Table, name: string, format: 'csv' | 'xlsx') {
  const file = await renderTable(translator(undefined), table, format, name);
  ctx.type = file.type;
  ctx.attachment(`${name}.${format}`);
  ctx.body = file.body;
}

/** The CSV text of an import request (Content-Type: text/csv). */
function csvBody(ctx: Context): string {
  const body = ctx.request.body;
  if (typeof body !== 'string' || !body.trim())
    throw new ValidationError(['body: expected a CSV file sent as text/csv']);
  return body;
}

/**
 * People, units, zones and rooms: list (paged), create, edit, deactivate, export, import.
 * Reads are open to every desk role (zones also to finance; phones masked where the role does not call people; a
 * zone manager sees their zones' units, residents and staff, their zones' and the zone-less chat
 * groups, and every zone of the community); writes to the editors of each kind, inside their own
 * community.
 */
export function directoryRoutes({ directory, editor, exporter, imports, importJobs }: Services): RouteSpec[] {
  const listers = {
    people: directory.listPeople.bind(directory),
    units: directory.listUnits.bind(directory),
    zones: directory.listZones.bind(directory),
    rooms: directory.listRooms.bind(directory),
  };
  const creators = {
    people: editor.createPerson.bind(editor),
    units: editor.createUnit.bind(editor),
    zones: editor.createZone.bind(editor),
    rooms: editor.createRoom.bind(editor),
  };
  const updaters = {
    people: editor.updatePerson.bind(editor),
    units: editor.updateUnit.bind(editor),
    zones: editor.updateZone.bind(editor),
    rooms: editor.updateRoom.bind(editor),
  };
  const importers: Record<
    Kind,
    (communityId: string, csv: string, opts?: ImportOptions) => Promise<ImportReport>
  > = {
    people: imports.importPeople.bind(imports),
    units: imports.importUnits.bind(imports),
    zones: imports.importZones.bind(imports),
    rooms: imports.importRooms.bind(imports),
  };
  return KINDS.flatMap(({ kind, list, create, patch, editors, readers = ANY_CONSOLE_ROLE }) => [
    route({
      method: 'get',
      path: `/${kind}`,
      tag: 'directory',
      summary: `List ${kind} (paged)`,
      roles: readers,
      query: list,
      handler: async (ctx) => {
        ctx.body = await listers[kind](actorOf(ctx), ctx.query);
      },
    }),
    route({
      method: 'get',
      path: `/${kind}/export`,
      tag: 'directory',
      summary: `Export ${kind} with the import's columns`,
      roles: editors,
      query: exportQuery,
      produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      handler: async (ctx) => {
        const { format } = parse(exportQuery, ctx.query);
        await sendTable(ctx, await exporter[kind](actorOf(ctx)), kind, format);
      },
    }),
    route({
      method: 'post',
      path: `/${kind}/import`,
      tag: 'directory',
      summary: `Import ${kind} from CSV; bad rows are reported by row number (background=true: as a job, GET /imports/:id)`,
      roles: editors,
      query: importQuery,
      body: z.string(),
      bodyType: 'text/csv',
      handler: async (ctx) => {
        const q = parse(importQuery, ctx.query);
        const community = await communityFor(actorOf(ctx), q.communityId);
        const csv = csvBody(ctx);
        const run = (opts: ImportOptions) => importers[kind](String(community), csv, opts);
        if (q.background === 'true') {
          ctx.status = 202;
          ctx.body = importJobs.start({ kind, startedBy: actorOf(ctx).userId }, run);
        } else ctx.body = await runImport(ctx, run);
      },
    }),
    route({
      method: 'post',
      path: `/${kind}`,
      tag: 'directory',
      summary: `Create one of ${kind}`,
      roles: editors,
      body: create,
      handler: async (ctx) => {
        ctx.status = 201;
        ctx.body = await creators[kind](actorOf(ctx), ctx.request.body ?? {});
      },
    }),
    route({
      method: 'patch',
      path: `/${kind}/:id`,
      tag: 'directory',
      summary: `Edit one of ${kind}`,
      roles: editors,
      params: D.idParams,
      body: patch,
      handler: async (ctx) => {
        const { id } = parse(D.idParams, ctx.params);
        ctx.body = await updaters[kind](actorOf(ctx), id, ctx.request.body ?? {});
      },
    }),
    route({
      method: 'put',
      path: `/${kind}/:id/active`,
      tag: 'directory',
      summary: `Deactivate (or reactivate) one of ${kind}`,
      roles: editors,
      params: D.idParams,
      body: activeBody,
      handler: async (ctx) => {
        const { id } = parse(D.idParams, ctx.params);
        const { active } = parse(activeBody, ctx.request.body ?? {});
        ctx.body = await editor.setActive(actorOf(ctx), kind, id, active);
      },
    }),
  ]);
}
