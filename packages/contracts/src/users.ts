import { z } from 'zod';
import { UserId } from './ids';
import { Preferences } from './preferences';

export const Me = z.object({
  id: UserId,
  issuer: z.string(),
  subject: z.string(),
  displayName: z.string().nullable(),
  email: z.string().nullable(),
  preferences: Preferences,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Me = z.infer<typeof Me>;

/** Internal: gateway → users, resolve an IdP identity to the internal user (provisioning it). */
export const ResolveIdentityRequest = z.object({
  issuer: z.string().min(1).max(500),
  subject: z.string().min(1).max(500),
  email: z.string().max(320).nullable().optional(),
  displayName: z.string().max(200).nullable().optional(),
});
export type ResolveIdentityRequest = z.infer<typeof ResolveIdentityRequest>;

export const ResolveIdentityResponse = z.object({
  userId: UserId,
  created: z.boolean(),
  deleted: z.boolean(),
});
export type ResolveIdentityResponse = z.infer<typeof ResolveIdentityResponse>;
