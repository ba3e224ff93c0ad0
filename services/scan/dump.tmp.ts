import { readFile, writeFile } from 'node:fs/promises';
import { analyseShelf } from './src/domain/pipeline';
for (const f of process.argv.slice(2)) {
  const r = await analyseShelf(await readFile(`/work/shared/data/shelves/${f}.jpg`));
  await writeFile(`/tmp/dump-${f}.json`, JSON.stringify(r.spines.map((s) => ({ order: s.order, shelf: s.shelfIndex, flat: s.flat, text: s.text, conf: s.confidence, texts: s.texts, poly: s.polygon.map((p) => p.map(Math.round)) }))));
  console.log(f, r.width, r.height, r.spines.length);
}
