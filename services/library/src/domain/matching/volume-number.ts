import { contentTokens, foldText } from '../text/normalise';

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

/** The numbers read on a spine, from its query tokens (OCR-repaired and folded already). */
export function spineNumbers(tokens: readonly string[]): ReadonlySet<string> {
  return new Set(tokens.flatMap(numbersIn));
}

/**
 * For each candidate title, whether it is one volume of several among the candidates and the spine
 * does not show its number: "All-Star Superman, Vol. Grant Morrison" is volume 1 or 2, and the
 * spine does not say which. Another candidate must share the title once numbers are taken out,
 * with other numbers; a title that is only a number ("1984") has no such siblings.
 */
export function volumesUnread(titles: readonly string[], read: ReadonlySet<string>): boolean[] {
  const keys = titles.map((t) => ({ base: unnumbered(t), numbers: numbersIn(t).join(' ') }));
  return keys.map(
    ({ base, numbers }) =>
      numbers !== '' &&
      base !== '' &&
      !numbers.split(' ').some((n) => read.has(n)) &&
      keys.some((o) => o.base === base && o.numbers !== numbers),
  );
}
