import { createHmac } from 'node:crypto';
import { SignJWT, exportSPKI, generateKeyPair, importJWK, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startSystem, type System } from '@bookshelf/testkit';

let sys: System;
beforeAll(async () => {
  sys = await startSystem({ services: ['users'] });
});
afterAll(async () => {
  await sys.close();
});

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

async function status(token: string): Promise<number> {
  const res = await new ApiClient(sys.gatewayUrl, token).request('GET', '/v1/me');
  if (res.status !== 200) {
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  }
  return res.status;
}

function claims(extra: Record<string, unknown> = {}) {
  return { iss: sys.env.AUTH_ISSUER, aud: sys.env.AUTH_AUDIENCE, sub: 'jwt-victim', iat: now(), exp: now() + 600, ...extra };
}

async function jwks(): Promise<JWK[]> {
  return ((await (await fetch(sys.env.AUTH_JWKS_URL!)).json()) as { keys: JWK[] }).keys;
}

describe('gateway token verification', () => {
  it('accepts a real RS256 and a real ES256 token', async () => {
    expect(await status(await sys.idp.token('jwt-ok'))).toBe(200);
    expect(await status(await sys.idp.token('jwt-ok', { alg: 'ES256' }))).toBe(200);
  });

  it('rejects a missing or non-bearer Authorization header', async () => {
    expect((await fetch(`${sys.gatewayUrl}/v1/me`)).status).toBe(401);
    expect((await fetch(`${sys.gatewayUrl}/v1/me`, { headers: { authorization: 'Basic Zm9vOmJhcg==' } })).status).toBe(401);
  });

  it('rejects alg none', async () => {
    expect(await status(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`)).toBe(401);
  });

  it('rejects HS256 signed with the IdP public key', async () => {
    const rsa = (await jwks()).find((k) => k.kty === 'RSA')!;
    const pem = await exportSPKI((await importJWK(rsa, 'RS256')) as Parameters<typeof exportSPKI>[0]);
    const header = b64({ alg: 'HS256', typ: 'JWT', kid: rsa.kid });
    const body = b64(claims());
    for (const secret of [pem, Buffer.from(JSON.stringify(rsa))]) {
      const sig = createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url');
      expect(await status(`${header}.${body}.${sig}`)).toBe(401);
    }
  });

  it('rejects a tampered payload', async () => {
    const [h, , s] = (await sys.idp.token('honest')).split('.');
    expect(await status(`${h}.${b64(claims({ sub: 'someone-else' }))}.${s}`)).toBe(401);
  });

  it('rejects wrong audience, unknown issuer, expired and not-yet-valid tokens', async () => {
    expect(await status(await sys.idp.token('aud', { audience: 'another-api' }))).toBe(401);
    const { privateKey } = await generateKeyPair('RS256');
    const stranger = await new SignJWT(claims({ iss: 'https://evil.example' }))
      .setProtectedHeader({ alg: 'RS256', kid: 'evil' })
      .sign(privateKey);
    expect(await status(stranger)).toBe(401);
    // Signed by a key the IdP never published, but claiming the right kid.
    const kid = (await jwks())[0]!.kid;
    const forged = await new SignJWT(claims()).setProtectedHeader({ alg: 'RS256', kid }).sign(privateKey);
    expect(await status(forged)).toBe(401);
    const expired = await sys.idp.token('expired', { ttlSeconds: 1 });
    await new Promise((r) => setTimeout(r, 7_000));
    expect(await status(expired)).toBe(401);
  });

  it('rejects a token whose nbf is in the future', async () => {
    expect(await status(await sys.idp.token('nbf', { notBeforeSeconds: 600 }))).toBe(401);
    expect(await status(await sys.idp.token('nbf'))).toBe(200);
  });

  it('bounds JWKS refetches under a flood of unknown kids', async () => {
    const served = async () => {
      const text = await (await fetch(`${sys.idp.url}/metrics`)).text();
      return Number(/dev_idp_jwks_requests_total (\d+)/.exec(text)?.[1] ?? 0);
    };
    const before = await served();
    const { privateKey } = await generateKeyPair('RS256');
    const tokens = await Promise.all(
      Array.from({ length: 60 }, (_, i) => new SignJWT(claims()).setProtectedHeader({ alg: 'RS256', kid: `bogus-${i}` }).sign(privateKey)),
    );
    const statuses = await Promise.all(tokens.map((t) => status(t)));
    expect(statuses.every((s) => s === 401)).toBe(true);
    expect((await served()) - before).toBeLessThanOrEqual(3);
  });

  it('ignores jku and x5u headers pointing elsewhere', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'RS256', kid: 'attacker', jku: 'http://127.0.0.1:9/jwks.json', x5u: 'http://127.0.0.1:9/cert' })
      .sign(privateKey);
    expect(await status(token)).toBe(401);
  });

  it('accepts a token from a key rotated into the JWKS after the gateway cached it', async () => {
    expect(await status(await sys.idp.token('rotation'))).toBe(200);
    const kid = await sys.idp.rotate('RS256');
    const token = await sys.idp.token('rotation');
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).kid).toBe(kid);
    expect(await status(token)).toBe(200);
  });
});
