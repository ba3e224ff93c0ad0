/**
 * Fractional ordering keys: strings compared byte-wise (the column is COLLATE "C"). A key
 * between any two keys always exists, so moving or inserting an item writes that item only.
 * Keys never end in the lowest digit, which is what keeps "between" always possible.
 */
const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';

function midpoint(a: string, b: string | null): string {
  if (b !== null) {
    // Shared prefix (a padded with the lowest digit): the key continues from there.
    let n = 0;
    while ((a[n] ?? DIGITS[0]) === b[n]) n++;
    if (n > 0) return b.slice(0, n) + midpoint(a.slice(n), b.slice(n));
  }
  const da = a ? DIGITS.indexOf(a[0]!) : 0;
  const db = b !== null ? DIGITS.indexOf(b[0]!) : DIGITS.length;
  if (db - da > 1) return DIGITS[Math.round((da + db) / 2)]!;
  // Adjacent digits: keep a's digit and go one level deeper (or take b's first digit when b is longer).
  if (b !== null && b.length > 1) return b.slice(0, 1);
  return DIGITS[da]! + midpoint(a.slice(1), null);
}

function valid(key: string): boolean {
  return key.length > 0 && !key.endsWith(DIGITS[0]!) && [...key].every((c) => DIGITS.includes(c));
}

/** A key strictly between `before` and `after` (null: the start / the end of the list). */
export function keyBetween(before: string | null, after: string | null): string {
  if (before !== null && !valid(before)) throw new Error(`invalid order key ${before}`);
  if (after !== null && !valid(after)) throw new Error(`invalid order key ${after}`);
  if (before !== null && after !== null && before >= after) throw new Error(`order keys out of order: ${before} >= ${after}`);
  return midpoint(before ?? '', after);
}
