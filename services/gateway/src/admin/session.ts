import { SignJWT, jwtVerify } from 'jose';
import { createHash } from 'node:crypto';

const AUDIENCE = 'bookshelf-admin';
export const ADMIN_COOKIE = 'bookshelf_admin';

function key(secret: string): Uint8Array {
  // A key of its own, derived from the internal secret, so an admin cookie is never an internal token.
  return createHash('sha256').update(`admin-session:${secret}`).digest();
}

/** A short-lived operator session for the browser, carried in an HttpOnly cookie. */
export async function signAdminSession(secret: string, subject: string, ttlSeconds: number): Promise<string> {
  return new SignJWT({ roles: ['operator'] })
    .setProtectedHeader({ alg: 'HS256' })
    .setAudience(AUDIENCE)
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key(secret));
}

export async function verifyAdminSession(secret: string, token: string): Promise<boolean> {
  try {
    await jwtVerify(token, key(secret), { audience: AUDIENCE, algorithms: ['HS256'] });
    return true;
  } catch {
    return false;
  }
}

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}
