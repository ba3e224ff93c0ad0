import type { EvalResult } from './evaluate';

interface Column {
  readonly title: string;
  readonly value: (r: EvalResult) => string;
}

const f3 = (x: number): string => x.toFixed(3);
const seconds = (ms: number): string => (ms / 1000).toFixed(2);

const COLUMNS: readonly Column[] = [
  { title: 'model', value: (r) => r.model },
  { title: 'NDCG@10', value: (r) => f3(r.ndcg10) },
  { title: 'Recall@20', value: (r) => f3(r.recall20) },
  // hits@20 / |test| (no pipe in the title: it would split a markdown cell)
  { title: 'plain R@20', value: (r) => f3(r.plainRecall20) },
  { title: 'P@10', value: (r) => f3(r.precision10) },
  { title: 'HR@10', value: (r) => f3(r.hitRate10) },
  { title: 'coverage@10', value: (r) => f3(r.coverage10) },
  { title: 'fit s', value: (r) => seconds(r.fitMs) },
  { title: 'score s', value: (r) => seconds(r.scoreMs) },
  { title: 'total s', value: (r) => seconds(r.fitMs + r.scoreMs) },
];

/** Fixed-width table for the terminal. */
export function formatTextTable(results: readonly EvalResult[]): string {
  const cells = results.map((r) => COLUMNS.map((c) => c.value(r)));
  const widths = COLUMNS.map((c, k) => Math.max(c.title.length, ...cells.map((row) => row[k]!.length)));
  const line = (row: readonly string[]): string =>
    row.map((cell, k) => (k === 0 ? cell.padEnd(widths[k]!) : cell.padStart(widths[k]!))).join('  ');
  return [line(COLUMNS.map((c) => c.title)), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join(
    '\n',
  );
}

/** GitHub-flavoured markdown table. */
export function formatMarkdownTable(results: readonly EvalResult[]): string {
  const header = `| ${COLUMNS.map((c) => c.title).join(' | ')} |`;
  const rule = `|${COLUMNS.map((_, k) => (k === 0 ? ' --- ' : ' ---: ')).join('|')}|`;
  const rows = results.map((r) => `| ${COLUMNS.map((c) => c.value(r)).join(' | ')} |`);
  return [header, rule, ...rows].join('\n');
}
