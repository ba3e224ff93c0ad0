import type { ModelRepository } from '../../data/model-repository';
import { loadModel } from '../models/model-io';
import { ServingModel } from '../ranking/serving-model';

const KEEP_LOADED = 2;

/** Loaded models by version (the newest few), so a model's bytes are decoded once per process. */
export class ModelCache {
  private readonly loaded = new Map<string, Promise<ServingModel | null>>();

  constructor(private readonly models: ModelRepository) {}

  /** The newest trained model, or null before the first training run. */
  async latest(): Promise<ServingModel | null> {
    const version = await this.models.latestVersion();
    return version ? this.byVersion(version) : null;
  }

  byVersion(version: string): Promise<ServingModel | null> {
    let model = this.loaded.get(version);
    if (!model) {
      model = this.load(version);
      this.loaded.set(version, model);
      model.catch(() => this.loaded.delete(version));
      const versions = [...this.loaded.keys()].sort();
      for (const old of versions.slice(0, Math.max(0, versions.length - KEEP_LOADED))) this.loaded.delete(old);
    }
    return model;
  }

  private async load(version: string): Promise<ServingModel | null> {
    const bytes = await this.models.blob(version);
    return bytes ? new ServingModel(version, loadModel(bytes)) : null;
  }
}
