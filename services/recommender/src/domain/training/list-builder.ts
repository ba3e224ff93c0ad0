import type { ListRepository, ReplaceRule } from '../../data/list-repository';
import type { ProfileRepository } from '../../data/profile-repository';
import type { Catalog } from '../ranking/catalog';
import { rankForReader } from '../ranking/rank';
import { toProfiles } from '../ranking/reader-profile';
import type { ServingModel } from '../ranking/serving-model';
import type { CatalogCache } from '../serving/catalog-cache';
import type { ModelCache } from '../serving/model-cache';
import type { BatchOutcome, Progress } from './training-service';

const PROFILE_CHUNK = 100;

/** Computes readers' lists with a model and stores them, each reader's list replaced atomically. */
export class ListBuilder {
  constructor(
    private readonly profiles: ProfileRepository,
    private readonly lists: ListRepository,
    private readonly catalogs: CatalogCache,
    private readonly models: ModelCache,
    private readonly topN: number,
  ) {}

  /**
   * One training batch. Readers whose list already comes from this model (or a newer one)
   * are skipped, so a batch that was killed half-way resumes where it stopped.
   */
  async runBatch(modelVersion: string, userIds: string[], progress: Progress, signal?: AbortSignal): Promise<BatchOutcome> {
    const outcome: BatchOutcome = { readers: userIds.length, written: 0, skipped: 0, items: 0 };
    const model = await this.models.byVersion(modelVersion);
    if (!model) return { ...outcome, skipped: userIds.length }; // pruned: a newer run owns these lists
    const done = await this.lists.versions(userIds);
    const todo = userIds.filter((u) => !((done.get(u) ?? '') >= modelVersion));
    outcome.skipped = userIds.length - todo.length;
    const catalog = await this.catalogs.get();
    for (let i = 0; i < todo.length; i += PROFILE_CHUNK) {
      signal?.throwIfAborted();
      const chunk = todo.slice(i, i + PROFILE_CHUNK);
      const written = await this.write(chunk, model, catalog, 'newer');
      outcome.written += written.lists;
      outcome.skipped += chunk.length - written.lists;
      outcome.items += written.items;
      await progress(Math.round(((i + chunk.length) / todo.length) * 100));
    }
    return outcome;
  }

  /** A reader's library changed: recompute their list now with the newest model. */
  async refreshReader(userId: string): Promise<'written' | 'skipped' | 'no-model'> {
    const model = await this.models.latest();
    if (!model) return 'no-model';
    const written = await this.write([userId], model, await this.catalogs.get(), 'same-or-newer');
    return written.lists === 1 ? 'written' : 'skipped';
  }

  private async write(userIds: string[], model: ServingModel, catalog: Catalog, rule: ReplaceRule) {
    const profiles = toProfiles(userIds, await this.profiles.load(userIds));
    let lists = 0;
    let items = 0;
    for (const profile of profiles.values()) {
      const ranked = rankForReader({ profile, catalog, model, n: this.topN });
      const generatedAt = new Date();
      const ok = await this.lists.replace({ userId: profile.userId, modelVersion: model.version, generatedAt, items: ranked }, rule);
      if (ok) {
        lists++;
        items += ranked.length;
      }
    }
    return { lists, items };
  }
}
