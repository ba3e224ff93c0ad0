import { contentTokens, foldText, repairOcr } from '../text/normalise';

/** The numbers in a text, as numbers ("Vol. 02" and "2" are the same volume). */
function numbersIn(text: string): string[] {
  return (foldText(text).match(/\d+/g) ?? []).map((n) => String(Number(n)));
}

/** A title without its numbers: what volumes of one series share. */
function unnumbered(title: string): string {
  return contentTokens(title)
    .filter((t) => !/^\d+$/.test(t))
    .join(' ');
}

/** The numbers read on a spine, worked out once per reading. */
export function spineNumbers(lines: readonly string[]): ReadonlySet<string> {
  return new Set(lines.flatMap((l) => numbersIn(repairOcr(l))));
}

/**
 * Whether a book is one volume of several among the candidates and the spine does not show its
 * number: "All-Star Superman, Vol. Grant Morrison" is volume 1 or 2, and the spine does not say
 * which. Another candidate must share the title once numbers are taken out, with other numbers;
 * a title that is only a number ("1984") has no such siblings.
 */
export function volumeUnread(title: string, others: readonly string[], read: ReadonlySet<string>): boolean {
  const own = numbersIn(title);
  if (own.length === 0 || own.some((n) => read.has(n))) return false;
  const base = unnumbered(title);
  if (base === '') return false;
  const key = own.join(' ');
  return others.some((o) => unnumbered(o) === base && numbersIn(o).join(' ') !== key);
}
