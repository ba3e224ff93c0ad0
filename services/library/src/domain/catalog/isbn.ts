/** ISBN-10 / ISBN-13: validation, conversion and the clean-up real-world files need. */

export interface Isbns {
  isbn10: string | null;
  isbn13: string;
}

/** Strips what exports wrap ISBNs in: Excel guards (`="…"`), hyphens, spaces; upper-cases the X. */
export function cleanIsbn(raw: string): string {
  return raw
    .trim()
    .replace(/^=?"(.*)"$/, '$1')
    .replace(/[\s\u2010-\u2015-]/g, '')
    .toUpperCase();
}

export function isValidIsbn10(s: string): boolean {
  if (!/^\d{9}[\dX]$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const c = s[i]!;
    sum += (c === 'X' ? 10 : Number(c)) * (10 - i);
  }
  return sum % 11 === 0;
}

function isbn13CheckDigit(first12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return String((10 - (sum % 10)) % 10);
}

export function isValidIsbn13(s: string): boolean {
  return /^97[89]\d{10}$/.test(s) && isbn13CheckDigit(s.slice(0, 12)) === s[12];
}

export function isbn10To13(isbn10: string): string {
  const body = `978${isbn10.slice(0, 9)}`;
  return body + isbn13CheckDigit(body);
}

/** Only 978-prefixed ISBN-13s have an ISBN-10 form. */
export function isbn13To10(isbn13: string): string | null {
  if (!isbn13.startsWith('978')) return null;
  const body = isbn13.slice(3, 12);
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(body[i]) * (10 - i);
  const check = (11 - (sum % 11)) % 11;
  return body + (check === 10 ? 'X' : String(check));
}

/** Either form, with or without hyphens → both forms, or null when it is not a valid ISBN. */
export function parseIsbn(raw: string | null | undefined): Isbns | null {
  if (!raw) return null;
  const s = cleanIsbn(raw);
  if (s.length === 10 && isValidIsbn10(s)) return { isbn10: s, isbn13: isbn10To13(s) };
  if (s.length === 13 && isValidIsbn13(s)) return { isbn10: isbn13To10(s), isbn13: s };
  return null;
}

/** True when a search string is meant as an ISBN (digits, hyphens, spaces, maybe an X). */
export function looksLikeIsbn(q: string): boolean {
  const s = cleanIsbn(q);
  return /^(\d{9}[\dX]|\d{13})$/.test(s) && /^[\d\sX-]+$/i.test(q.trim());
}

/**
 * Pulls valid ISBNs out of free text (OCR of a spine or a copyright page): digit runs of
 * length 10 or 13, hyphens and single spaces allowed, "ISBN" prefixes ignored.
 */
export function findIsbns(text: string): Isbns[] {
  const out = new Map<string, Isbns>();
  const runs = text.toUpperCase().match(/\d[\d\s-]{8,40}[\dX]/g) ?? [];
  for (const run of runs) {
    // Digit groups are joined only at their boundaries, so "978… 2008" never glues into one number.
    const groups = run.split(/[\s-]+/).filter(Boolean);
    for (let i = 0; i < groups.length; i++) {
      let digits = '';
      for (let j = i; j < groups.length && digits.length < 13; j++) {
        digits += groups[j];
        if (digits.length !== 10 && digits.length !== 13) continue;
        const parsed = parseIsbn(digits);
        if (parsed) out.set(parsed.isbn13, parsed);
      }
    }
  }
  return [...out.values()];
}
