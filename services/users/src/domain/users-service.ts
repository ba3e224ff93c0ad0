import { NotFoundError } from '@bookshelf/platform';
import type { Me, PreferencesPatch, ResolveIdentityRequest, ResolveIdentityResponse } from '@bookshelf/contracts';
import type { UserRepository, UserRow } from '../data/user-repository';

function toMe(row: UserRow): Me {
  return {
    id: row.id,
    issuer: row.idp_issuer,
    subject: row.idp_subject,
    displayName: row.display_name,
    email: row.email,
    preferences: row.domain_preferences,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Business rules for shadow users: who they are is the IdP's business, what they like is ours. */
export class UsersService {
  constructor(private readonly users: UserRepository) {}

  async resolve(identity: ResolveIdentityRequest): Promise<ResolveIdentityResponse> {
    const { id, created } = await this.users.provision(identity);
    return { userId: id, created, deleted: false };
  }

  async me(userId: string): Promise<Me> {
    const row = await this.users.findLive(userId);
    if (!row) throw new NotFoundError('User not found');
    return toMe(row);
  }

  async patchPreferences(userId: string, patch: PreferencesPatch): Promise<Me> {
    const row = await this.users.mergePreferences(userId, patch);
    if (!row) throw new NotFoundError('User not found');
    return toMe(row);
  }

  async delete(userId: string): Promise<void> {
    if (!(await this.users.softDelete(userId))) throw new NotFoundError('User not found');
  }
}
