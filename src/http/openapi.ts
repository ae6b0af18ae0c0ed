import { z } from 'zod';
import type { RouteSpec } from './route-spec.js';

type Json = Record<string, unknown>;

const jsonSchema = (schema: z.ZodType): Json => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  return rest;
};

const ERROR = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' } },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
};

/** Query and path parameters from a zod object's shape. */
function parameters(where: 'query' | 'path', schema: z.ZodType | undefined): Json[] {
  if (!schema) return [];
  const js = jsonSchema(schema) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (js.required ?? []).includes(name),
    schema: s,
  }));
}

/** The OpenAPI 3.1 document of every route, built from the route specs and their zod schemas. */
export function openApiDocument(specs: readonly RouteSpec[], info: { title: string; version: string }): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const s of specs) {
    const path = '/api/v1' + s.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const pathParams = [...s.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
    const params = s.params
      ? parameters('path', s.params)
      : pathParams.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
    const op: Json = {
      tags: [s.tag],
      summary: s.summary,
      operationId: `${s.method}${s.path.replace(/[/:-]+(\w)/g, (_m, c: string) => c.toUpperCase())}`,
      parameters: [...params, ...parameters('query', s.query)],
      'x-roles': s.roles,
      security: s.roles === 'public' ? [] : [{ bearer: [] }, { session: [] }],
      responses: {
        '200': {
          description: 'OK',
          content: Object.fromEntries(['application/json', ...(s.produces ?? [])].map((t) => [t, {}])),
        },
        '400': { description: 'Invalid input', content: { 'application/json': { schema: ERROR } } },
        ...(s.roles === 'public'
          ? {}
          : {
              '401': { description: 'Not signed in', content: { 'application/json': { schema: ERROR } } },
              '403': { description: 'Role not allowed', content: { 'application/json': { schema: ERROR } } },
            }),
      },
    };
    if (s.body || s.bodyType)
      op.requestBody = {
        required: true,
        content: {
          [s.bodyType ?? 'application/json']: {
            schema:
              s.bodyType === 'image/*'
                ? { type: 'string', format: 'binary' }
                : s.bodyType || !s.body
                  ? { type: 'string' }
                  : jsonSchema(s.body),
          },
        },
      };
    (paths[path] ??= {})[s.method] = op;
  }
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'API token (or the bootstrap API_TOKEN)' },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'wuye_sid',
          description: 'Console session; unsafe methods also need the X-CSRF-Token header',
        },
      },
      schemas: { Error: ERROR },
    },
    paths,
  };
}
