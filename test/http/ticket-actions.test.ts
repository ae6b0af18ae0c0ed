import { TICKET_EVENTS } from '../../src/domain/ticket-machine.js';
import { translator } from '../../src/i18n.js';
import { startTestServer, type TestServer } from '../support/http.js';

interface Action {
  event: string;
  action: string;
  fields: Array<{ name: string; type: string; required: boolean; options?: string[] }>;
  fixed?: Record<string, unknown>;
}
interface Schema {
  properties?: Record<string, { enum?: string[] }>;
  required?: string[];
}

describe('GET /api/v1/ticket-actions', () => {
  let server: TestServer;
  let actions: Action[];
  let doc: {
    paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  };

  beforeAll(async () => {
    server = await startTestServer();
    const res = await server.request('/api/v1/ticket-actions');
    expect(res.status).toBe(200);
    actions = res.body.actions;
    doc = (await server.request('/api/v1/openapi.json')).body;
  }, 60_000);
  afterAll(async () => server?.close());

  it('names events of the state machine, each once', () => {
    const events = actions.map((a) => a.event);
    expect(new Set(events).size).toBe(events.length);
    for (const e of events) expect(TICKET_EVENTS).toContain(e);
  });

  it("matches each action route's body schema: fields, required fields and options", () => {
    for (const a of actions) {
      const op = doc.paths[`/api/v1/tickets/{number}/${a.action}`]?.post;
      expect({ action: a.action, mounted: !!op }).toEqual({ action: a.action, mounted: true });
      const schema = op!.requestBody?.content['application/json']?.schema ?? {};
      const props = Object.keys(schema.properties ?? {});
      for (const f of a.fields)
        expect({ action: a.action, field: f.name, known: props.includes(f.name) }).toMatchObject({
          known: true,
        });
      for (const k of Object.keys(a.fixed ?? {})) expect(props).toContain(k);
      const asked = new Set([
        ...a.fields.filter((f) => f.required).map((f) => f.name),
        ...Object.keys(a.fixed ?? {}),
      ]);
      for (const r of schema.required ?? [])
        expect({ action: a.action, required: r, asked: asked.has(r) }).toMatchObject({ asked: true });
      for (const f of a.fields.filter((x) => x.options))
        expect(schema.properties![f.name]!.enum?.slice().sort()).toEqual(f.options!.slice().sort());
    }
  });

  it('has a label for every action and field in all three languages', () => {
    for (const lng of ['zh-CN', 'zh-TW', 'en']) {
      const t = translator(lng);
      for (const a of actions) {
        expect(t(`console.action.${a.event}`)).not.toBe(`console.action.${a.event}`);
        for (const f of a.fields) expect(t(`console.field.${f.name}`)).not.toBe(`console.field.${f.name}`);
      }
    }
  });

  it('needs a signed-in caller', async () => {
    expect((await server.request('/api/v1/ticket-actions', { token: null })).status).toBe(401);
  });
});
