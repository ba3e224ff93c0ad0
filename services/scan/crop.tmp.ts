import sharp from 'sharp';
const [f, x, y, w, h, out] = process.argv.slice(2);
await sharp(`/work/shared/data/shelves/${f}.jpg`).rotate().extract({ left: +x!, top: +y!, width: +w!, height: +h! }).toFile(out!);
