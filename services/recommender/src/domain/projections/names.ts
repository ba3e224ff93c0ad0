/** Case-, accent- and punctuation-insensitive key, so "Brontë, Charlotte" style variants match. */
export function nameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Genres are compared as lower-case slugs ("Science Fiction" ≡ "science-fiction"). */
export function genreKey(genre: string): string {
  return nameKey(genre).replace(/ /g, '-');
}
