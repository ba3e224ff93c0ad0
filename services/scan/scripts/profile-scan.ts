/**
 * Stage profile of the scan pipeline on a few photos: wall and process CPU time per stage, time
 * spent inside each ONNX session, number of recognised lines and recogniser pixels. The machine is
 * shared, so every photo is run `--runs` times and the median is reported.
 * Usage: tsx scripts/profile-scan.ts [--runs 3] [--orientation cls|both] [--no-fuse] [--cold] [--each] photo.jpg [...]
 * (--no-fuse runs the ONNX graphs exactly as shipped, for an A/B of the load-time graph rewrite;
 * the models are warmed up first, as the scan worker does at start, unless --cold; --each prints
 * every run: wall ms, stage timings, det/rec/cls ms and CPU ms.)
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { InferenceSession } from 'onnxruntime-node';
import { analyseShelf, getOcrModels, warmUpModels } from '../src/domain/pipeline';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '3' }, orientation: { type: 'string', default: 'cls' }, 'no-fuse': { type: 'boolean', default: false }, cold: { type: 'boolean', default: false }, each: { type: 'boolean', default: false } },
});
const fuse = !args['no-fuse'];
const models = await getOcrModels({ fuse });
// As the scan worker does at start (so the median is of warm runs; --cold shows the first scan).
if (!args.cold) await warmUpModels(models);
const spent = { det: 0, rec: 0, cls: 0, recCalls: 0, recPixels: 0, recLines: 0 };
function wrap(name: 'det' | 'rec' | 'cls', s: InferenceSession): void {
  const run = s.run.bind(s) as (...a: unknown[]) => Promise<InferenceSession.ReturnType>;
  (s as { run: unknown }).run = async (...a: unknown[]): Promise<InferenceSession.ReturnType> => {
    const t = performance.now();
    const out = await run(...a);
    spent[name] += performance.now() - t;
    if (name === 'rec') {
      const feeds = a[0] as Record<string, { dims: readonly number[] }>;
      const dims = Object.values(feeds)[0]?.dims ?? [];
      spent.recCalls++;
      spent.recLines += dims[0] ?? 0;
      spent.recPixels += (dims[0] ?? 0) * (dims[2] ?? 0) * (dims[3] ?? 0);
    }
    return out;
  };
}
wrap('det', models.det);
wrap('rec', models.rec);
wrap('cls', models.cls);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
for (const file of positionals) {
  const buf = await readFile(file);
  const rows: Record<string, number>[] = [];
  for (let k = 0; k < Number(args.runs); k++) {
    Object.assign(spent, { det: 0, rec: 0, cls: 0, recCalls: 0, recPixels: 0, recLines: 0 });
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = await analyseShelf(buf, { orientation: args.orientation === 'both' ? 'both' : 'cls', fuseModels: fuse });
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    if (args.each) console.error(k, Math.round(wall), JSON.stringify(r.timings), Math.round(spent.det), Math.round(spent.rec), Math.round(spent.cls), Math.round((cpu.user + cpu.system) / 1000));
    rows.push({
      wall,
      cpu: (cpu.user + cpu.system) / 1000,
      ...r.timings,
      detRun: spent.det,
      recRun: spent.rec,
      clsRun: spent.cls,
      recCalls: spent.recCalls,
      recLines: spent.recLines,
      recMPix: spent.recPixels / 1e6,
      spines: r.spines.length,
    });
  }
  const keys = Object.keys(rows[0] ?? {});
  const med = Object.fromEntries(keys.map((key) => [key, Math.round(median(rows.map((r) => r[key] ?? 0)) * 100) / 100]));
  console.log(path.basename(file), JSON.stringify(med));
}
