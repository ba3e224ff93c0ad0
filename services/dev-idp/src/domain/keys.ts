import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { ulid } from 'ulid';

export type SigningAlg = 'RS256' | 'ES256';

interface StoredKey {
  kid: string;
  alg: SigningAlg;
  privateJwk: JWK;
  publicJwk: JWK;
  createdAt: string;
}

/** The dev IdP's signing keys: one active per algorithm, older ones still published for rotation. */
export class KeyStore {
  private constructor(
    private keys: StoredKey[],
    private readonly file?: string,
  ) {}

  static async open(file?: string): Promise<KeyStore> {
    if (file) {
      try {
        const keys = JSON.parse(await readFile(file, 'utf8')) as StoredKey[];
        if (Array.isArray(keys) && keys.length) return new KeyStore(keys, file);
      } catch {
        // No file yet: create keys below.
      }
    }
    const store = new KeyStore([], file);
    await store.rotate('RS256');
    await store.rotate('ES256');
    return store;
  }

  /** Adds a fresh key for `alg`; new tokens are signed with it, old tokens stay verifiable. */
  async rotate(alg: SigningAlg): Promise<string> {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    const kid = `${alg.toLowerCase()}-${ulid()}`;
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg, use: 'sig' };
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
    this.keys.push({ kid, alg, privateJwk, publicJwk, createdAt: new Date().toISOString() });
    // Keep the published set small: the 3 newest keys per algorithm.
    for (const a of ['RS256', 'ES256'] as const) {
      const ofAlg = this.keys.filter((k) => k.alg === a);
      if (ofAlg.length > 3) this.keys = this.keys.filter((k) => !ofAlg.slice(0, ofAlg.length - 3).includes(k));
    }
    await this.save();
    return kid;
  }

  private async save(): Promise<void> {
    if (!this.file) return;
    await mkdir(dirname(this.file), { recursive: true });
    await writeFile(this.file, JSON.stringify(this.keys, null, 2), { mode: 0o600 });
  }

  jwks(): { keys: JWK[] } {
    return { keys: this.keys.map((k) => k.publicJwk) };
  }

  async signingKey(alg: SigningAlg) {
    const active = this.keys.filter((k) => k.alg === alg).at(-1);
    if (!active) throw new Error(`no ${alg} key`);
    return { kid: active.kid, key: await importJWK(active.privateJwk, alg) };
  }
}
