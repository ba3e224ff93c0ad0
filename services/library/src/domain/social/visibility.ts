import type { Visibility } from '@bookshelf/contracts';

/**
 * Who is looking at a library, relative to its owner. A pending follow request counts as "other";
 * someone the owner blocked sees nothing.
 */
export type Viewer = 'owner' | 'follower' | 'other' | 'blocked';

const RANK: Record<Visibility, number> = { public: 0, followers: 1, private: 2 };

/** An entry's override can only narrow the library's visibility, never widen it. */
export function effectiveVisibility(library: Visibility, entry: Visibility | null): Visibility {
  if (!entry) return library;
  return RANK[entry] > RANK[library] ? entry : library;
}

export function canSee(visibility: Visibility, viewer: Viewer): boolean {
  if (viewer === 'owner') return true;
  if (viewer === 'blocked') return false;
  if (visibility === 'public') return true;
  return visibility === 'followers' && viewer === 'follower';
}

/**
 * The entry overrides a viewer may see once the library itself is visible to them
 * (undefined: no filter, the owner sees everything).
 */
export function visibleOverrides(viewer: Viewer): Visibility[] | undefined {
  if (viewer === 'owner') return undefined;
  return viewer === 'follower' ? ['public', 'followers'] : ['public'];
}
