import { z } from 'zod';
import { API_ROUTES, Problem } from '@bookshelf/contracts';

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  try {
    return z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' }) as Record<string, unknown>;
  } catch {
    return {};
  }
}

const PROBLEM = { 'application/problem+json': { schema: jsonSchema(Problem, 'output') } };

/** The OpenAPI 3 document, generated from the same route catalogue the gateway proxies. */
export function openApiDocument(serverUrl?: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of API_ROUTES) {
    const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const params = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const status = String(route.status ?? 200);
    const op: Record<string, unknown> = {
      summary: route.summary,
      tags: route.tags ?? [route.service],
      parameters: params,
      ...(route.auth === 'user' ? { security: [{ bearer: [] }] } : { security: [] }),
      responses: {
        [status]: {
          description: 'OK',
          ...(route.response ? { content: { 'application/json': { schema: jsonSchema(route.response, 'output') } } } : {}),
        },
        ...(route.auth === 'user' ? { '401': { description: 'Missing or invalid token', content: PROBLEM } } : {}),
        '400': { description: 'Malformed request', content: PROBLEM },
        '404': { description: 'Not found, or not yours to see', content: PROBLEM },
        '422': { description: 'Invalid fields', content: PROBLEM },
        '429': { description: 'Rate limited', content: PROBLEM },
        '503': { description: 'A dependency is unavailable', content: PROBLEM },
      },
    };
    if (route.query) {
      const qs = jsonSchema(route.query, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(qs.properties ?? {})) {
        (op.parameters as unknown[]).push({ name, in: 'query', required: qs.required?.includes(name) ?? false, schema });
      }
    }
    if (route.body) {
      const type = route.bodyType === 'merge-patch' ? 'application/merge-patch+json' : 'application/json';
      op.requestBody = { required: true, content: { [type]: { schema: jsonSchema(route.body, 'input') } } };
    } else if (route.bodyType === 'multipart') {
      op.requestBody = {
        required: true,
        content: { 'multipart/form-data': { schema: { type: 'object', properties: { image: { type: 'string', format: 'binary' } } } } },
      };
    } else if (route.bodyType === 'csv') {
      op.requestBody = { required: true, content: { 'text/csv': { schema: { type: 'string' } } } };
    }
    (paths[path] ??= {})[route.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.0.3',
    info: { title: 'Bookshelf API', version: '1.0.0', description: 'Backend for the Bookshelf reading app. Errors are RFC 9457 problem+json.' },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  };
}
