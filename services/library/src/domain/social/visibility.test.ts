import { describe, expect, it } from 'vitest';
import type { Visibility } from '@bookshelf/contracts';
import { canSee, effectiveVisibility, visibleOverrides, type Viewer } from './visibility';

describe('visibility', () => {
  it('lets an entry narrow the library but never widen it', () => {
    expect(effectiveVisibility('public', 'private')).toBe('private');
    expect(effectiveVisibility('followers', 'public')).toBe('followers');
    expect(effectiveVisibility('private', 'public')).toBe('private');
    expect(effectiveVisibility('followers', null)).toBe('followers');
  });

  it('answers the viewer × visibility matrix', () => {
    const expected: Record<Viewer, Record<Visibility, boolean>> = {
      owner: { public: true, followers: true, private: true },
      follower: { public: true, followers: true, private: false },
      other: { public: true, followers: false, private: false },
      blocked: { public: false, followers: false, private: false },
    };
    for (const viewer of ['owner', 'follower', 'other', 'blocked'] as const) {
      for (const v of ['public', 'followers', 'private'] as const) expect(canSee(v, viewer)).toBe(expected[viewer][v]);
    }
  });

  it('filters entries by the overrides a viewer may see', () => {
    expect(visibleOverrides('owner')).toBeUndefined();
    expect(visibleOverrides('follower')).toEqual(['public', 'followers']);
    expect(visibleOverrides('other')).toEqual(['public']);
  });
});
