/** Splitting the series and subtitle out of titles as Goodreads writes them. */

export interface TitleParts {
  title: string;
  subtitle: string | null;
  series: string | null;
  seriesNumber: number | null;
}

// A trailing parenthesised group, allowing one level of nesting: "(Ranma ½ (US 2nd), #1)".
const TRAILING_GROUP = /\s*\(((?:[^()]|\([^()]*\))*)\)\s*$/;

/**
 * "The Hunger Games (The Hunger Games, #1)" → series "The Hunger Games", number 1. Only groups
 * with a "#" are series: "(Graphic Novel)" or "(Movie Tie-In Edition)" stay part of the title.
 * A group naming several series ("Discworld, #1; Rincewind #1") keeps the first.
 */
export function splitSeries(raw: string): { title: string; series: string | null; seriesNumber: number | null } {
  const title = raw.trim();
  const m = TRAILING_GROUP.exec(title);
  if (!m || !m[1]!.includes('#')) return { title, series: null, seriesNumber: null };
  const first = m[1]!.split(';')[0]!.trim();
  const hash = first.lastIndexOf('#');
  if (hash < 0) return { title, series: null, seriesNumber: null };
  const series = first.slice(0, hash).replace(/[\s,]+$/, '').trim();
  const numberText = first.slice(hash + 1).trim();
  const rest = title.slice(0, m.index).trim();
  if (!series || !rest) return { title, series: null, seriesNumber: null };
  // "#1-3" is a boxed set: a series, but no single position in it.
  const n = /^\d+(?:\.\d+)?$/.test(numberText) ? Number(numberText) : null;
  return { title: rest, series, seriesNumber: n };
}

/** "Freakonomics: A Rogue Economist…" → title + subtitle. A colon that ends the string is kept. */
export function splitSubtitle(title: string): { title: string; subtitle: string | null } {
  const i = title.indexOf(': ');
  if (i <= 0) return { title, subtitle: null };
  const head = title.slice(0, i).trim();
  const tail = title.slice(i + 2).trim();
  if (!head || !tail) return { title, subtitle: null };
  return { title: head, subtitle: tail };
}

export function titleParts(raw: string): TitleParts {
  const s = splitSeries(raw);
  const t = splitSubtitle(s.title);
  return { title: t.title, subtitle: t.subtitle, series: s.series, seriesNumber: s.seriesNumber };
}

/** The Goodreads way of writing it back: "Title: Subtitle (Series, #n)". */
export function joinTitle(p: TitleParts): string {
  const base = p.subtitle ? `${p.title}: ${p.subtitle}` : p.title;
  if (!p.series) return base;
  return `${base} (${p.series}, #${p.seriesNumber ?? ''})`.replace(', #)', ')');
}

/** "J.K. Rowling, Mary GrandPré" → two authors; "Walter M. Miller, Jr." stays one. */
export function splitAuthors(raw: string): string[] {
  const parts = raw.split(',').map((p) => p.trim()).filter(Boolean);
  const out: string[] = [];
  for (const p of parts) {
    if (out.length > 0 && /^(jr|sr|ii|iii|iv|phd|md)\.?$/i.test(p)) out[out.length - 1] += `, ${p}`;
    else out.push(p);
  }
  return out;
}
