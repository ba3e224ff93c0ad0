/**
 * Regenerates test/fixtures/shelf.heic: the synthetic test shelf (test/support/images.ts,
 * first six books, 1200x800) encoded as an HEVC HEIC like an iPhone's. Needs `heif-enc` from
 * Debian's libheif-examples; the tests only read the committed file.
 *   tsx scripts/make-heic-fixture.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHELF_BOOKS, shelfPhoto } from '../test/support/images';

const shelf = await shelfPhoto(SHELF_BOOKS.slice(0, 6), { width: 1200, height: 800 });
const dir = mkdtempSync(join(tmpdir(), 'heic-'));
const jpeg = join(dir, 'shelf.jpg');
writeFileSync(jpeg, shelf.image);
const out = fileURLToPath(new URL('../test/fixtures/shelf.heic', import.meta.url));
execFileSync('heif-enc', ['-q', '70', '-o', out, jpeg], { stdio: 'inherit' });
console.log(`wrote ${out}`);
