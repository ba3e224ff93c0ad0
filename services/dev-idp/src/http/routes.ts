import { Router } from 'express';
import { SignJWT } from 'jose';
import { z } from 'zod';
import { jsonBody, promClient, registry } from '@bookshelf/platform';
import type { KeyStore } from '../domain/keys';

export const TokenRequest = z.strictObject({
  sub: z.string().min(1).max(255),
  roles: z.array(z.string().min(1).max(64)).max(20).default([]),
  ttlSeconds: z.number().int().min(1).default(900),
  alg: z.enum(['RS256', 'ES256']).default('RS256'),
  email: z.string().email().optional(),
  name: z.string().max(200).optional(),
  audience: z.string().min(1).optional(),
  /** Tests of clients and gateways: a token that only becomes valid this many seconds from now. */
  notBeforeSeconds: z.number().int().min(0).max(86_400).optional(),
});

export interface IdpSettings {
  issuer: () => string;
  audience: string;
  maxTtlSeconds: number;
}

const jwksServed =
  (registry.getSingleMetric('dev_idp_jwks_requests_total') as promClient.Counter | undefined) ??
  new promClient.Counter({ name: 'dev_idp_jwks_requests_total', help: 'JWKS documents served', registers: [registry] });

export function idpRoutes(keys: KeyStore, settings: IdpSettings): Router {
  const r = Router();

  r.get('/.well-known/jwks.json', (_req, res) => {
    jwksServed.inc();
    res.set('cache-control', 'public, max-age=60').json(keys.jwks());
  });

  r.get('/.well-known/openid-configuration', (_req, res) => {
    const issuer = settings.issuer();
    res.json({
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      token_endpoint: `${issuer}/token`,
      id_token_signing_alg_values_supported: ['RS256', 'ES256'],
      response_types_supported: ['token'],
      subject_types_supported: ['public'],
      grant_types_supported: ['urn:bookshelf:dev-token'],
    });
  });

  r.post('/token', async (req, res) => {
    const body = jsonBody(req, TokenRequest);
    const ttl = Math.min(body.ttlSeconds, settings.maxTtlSeconds);
    const { kid, key } = await keys.signingKey(body.alg);
    const jwt = new SignJWT({
      roles: body.roles,
      ...(body.email ? { email: body.email } : {}),
      ...(body.name ? { name: body.name } : {}),
    })
      .setProtectedHeader({ alg: body.alg, kid, typ: 'JWT' })
      .setIssuer(settings.issuer())
      .setAudience(body.audience ?? settings.audience)
      .setSubject(body.sub)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttl);
    if (body.notBeforeSeconds) jwt.setNotBefore(Math.floor(Date.now() / 1000) + body.notBeforeSeconds);
    const token = await jwt.sign(key);
    res.json({ access_token: token, token_type: 'Bearer', expires_in: ttl });
  });

  /** Dev and test only: rotate the signing key, as a real IdP does from time to time. */
  r.post('/keys/rotate', async (req, res) => {
    const alg = z.object({ alg: z.enum(['RS256', 'ES256']).default('RS256') }).parse(req.body ?? {});
    res.status(201).json({ kid: await keys.rotate(alg.alg) });
  });

  return r;
}
