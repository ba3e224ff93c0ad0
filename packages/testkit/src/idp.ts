import { randomUUID } from 'node:crypto';

export interface TokenOptions {
  roles?: string[];
  ttlSeconds?: number;
  alg?: 'RS256' | 'ES256';
  email?: string;
  name?: string;
  audience?: string;
  notBeforeSeconds?: number;
}

/** Mints real signed tokens from the dev IdP, as a mobile app gets them from a real one. */
export class DevIdpClient {
  constructor(readonly url: string) {}

  async token(sub: string = `sub-${randomUUID()}`, opts: TokenOptions = {}): Promise<string> {
    const res = await fetch(`${this.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub, ...opts }),
    });
    if (!res.ok) throw new Error(`dev-idp /token answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { access_token: string }).access_token;
  }

  async rotate(alg: 'RS256' | 'ES256' = 'RS256'): Promise<string> {
    const res = await fetch(`${this.url}/keys/rotate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ alg }),
    });
    return ((await res.json()) as { kid: string }).kid;
  }
}
