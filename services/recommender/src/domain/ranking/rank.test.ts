import { describe, expect, it } from 'vitest';
import { ItemKnnRecommender } from '../models/item-knn';
import { InteractionMatrix } from '../models/interaction-matrix';
import { Catalog, type BookFeatures } from './catalog';
import { rankForReader } from './rank';
import { emptyProfile, type LibraryEntry, type ReaderProfile } from './reader-profile';
import { ServingModel } from './serving-model';

function book(id: string, genres: string[], popularity: number, extra: Partial<BookFeatures> = {}): BookFeatures {
  return {
    id,
    title: id.toUpperCase(),
    authors: ['Someone'],
    genres,
    series: null,
    seriesNumber: null,
    publicationYear: 2000,
    language: 'en',
    popularity,
    averageRating: 4,
    coverUrl: null,
    ...extra,
  };
}

const saga = (n: number, popularity: number) =>
  book(`saga${n}`, ['fantasy'], popularity, { title: `Saga ${n}`, series: 'The Saga', seriesNumber: n });

const catalog = new Catalog([
  book('dune', ['science-fiction'], 900, { title: 'Dune' }),
  book('neuro', ['science-fiction'], 500, { title: 'Neuromancer' }),
  book('found', ['science-fiction'], 800, { title: 'Foundation', authors: ['Isaac Asimov'] }),
  book('hobbit', ['fantasy'], 1000, { title: 'The Hobbit' }),
  book('gone', ['mystery'], 950, { title: 'Gone Girl' }),
  saga(1, 700),
  saga(2, 400),
  saga(3, 300),
]);

/** Readers who read Dune also read Neuromancer and Foundation; saga readers read it in order. */
function fittedModel(): ServingModel {
  const triples = [];
  for (let u = 0; u < 6; u++) {
    for (const b of ['dune', 'neuro', 'found']) triples.push({ userId: `sf${u}`, itemId: b, weight: 1 });
    for (const b of ['saga1', 'saga2', 'saga3']) triples.push({ userId: `fan${u}`, itemId: b, weight: 1 });
  }
  const model = new ItemKnnRecommender({ neighbours: 10 });
  model.fit(InteractionMatrix.fromTriples(triples));
  return new ServingModel('v1', model);
}

function profile(entries: Partial<LibraryEntry>[], extra: Partial<ReaderProfile> = {}): ReaderProfile {
  const library = new Map(
    entries.map((e) => [e.bookId!, { status: 'read', rating: null, owned: false, strength: 0.6, ...e } as LibraryEntry]),
  );
  return { ...emptyProfile('reader'), library, ...extra };
}

const ids = (r: { bookId: string }[]) => r.map((x) => x.bookId);

describe('rankForReader', () => {
  const model = fittedModel();

  it('explains model picks by the reader’s own books', () => {
    const ranked = rankForReader({ profile: profile([{ bookId: 'dune', rating: 5, strength: 1 }]), catalog, model, n: 3 });
    expect(ranked[0]).toMatchObject({ bookId: 'found' });
    const neuro = ranked.find((r) => r.bookId === 'neuro');
    expect(neuro?.reasons[0]).toEqual({ kind: 'similar_to', text: 'Because you rated *Dune* 5★', bookId: 'dune' });
  });

  it('never recommends library books, dismissed books or blocked authors', () => {
    const p = profile([{ bookId: 'dune', strength: 1 }], {
      dismissed: new Set(['neuro']),
      blockedAuthors: new Set(['isaac asimov']),
    });
    const ranked = ids(rankForReader({ profile: p, catalog, model, n: 10 }));
    expect(ranked).not.toContain('dune');
    expect(ranked).not.toContain('neuro');
    expect(ranked).not.toContain('found');
    expect(ranked.length).toBeGreaterThan(0);
  });

  it('offers the first volume of an unstarted series, never a later one', () => {
    const ranked = ids(rankForReader({ profile: profile([]), catalog, model, n: 10 }));
    expect(ranked).toContain('saga1');
    expect(ranked).not.toContain('saga2');
    expect(ranked).not.toContain('saga3');
  });

  it('offers the next unread volume of a series in progress, with its reason', () => {
    const ranked = rankForReader({ profile: profile([{ bookId: 'saga1', rating: 4, strength: 0.8 }]), catalog, model, n: 10 });
    const saga = ranked.filter((r) => r.bookId.startsWith('saga'));
    expect(saga.map((r) => r.bookId)).toEqual(['saga2']);
    expect(saga[0]!.reasons[0]).toEqual({ kind: 'next_in_series', text: 'Next in *The Saga*', series: 'The Saga' });
  });

  it('leaves a series alone when its next volume is already on the reader’s shelf or they gave up', () => {
    const queued = profile([{ bookId: 'saga1', strength: 0.6 }, { bookId: 'saga2', status: 'want_to_read', strength: 0.3 }]);
    expect(ids(rankForReader({ profile: queued, catalog, model, n: 10 })).filter((id) => id.startsWith('saga'))).toEqual([]);
    const abandoned = profile([{ bookId: 'saga1', status: 'did_not_finish', strength: 0 }]);
    expect(ids(rankForReader({ profile: abandoned, catalog, model, n: 10 })).filter((id) => id.startsWith('saga'))).toEqual([]);
  });

  it('serves a brand-new reader by preferences, then popularity, without any model', () => {
    const ranked = rankForReader({ profile: profile([], { preferredGenres: ['mystery'] }), catalog, model: null, n: 3 });
    expect(ranked[0]).toMatchObject({ bookId: 'gone', reasons: [{ kind: 'preferred_genre', text: 'Popular in mystery, which you follow' }] });
    expect(ids(rankForReader({ profile: profile([]), catalog, model: null, n: 2 }))).toEqual(['hobbit', 'gone']);
  });

  it('lets negative genre weights push a genre down', () => {
    const p = profile([], { genreWeights: { fantasy: -1 } });
    expect(ids(rankForReader({ profile: p, catalog, model: null, n: 1 }))).toEqual(['gone']);
  });
});
