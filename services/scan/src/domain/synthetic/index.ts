export { generateShelf, type SyntheticBook, type SyntheticShelf, type SyntheticShelfOptions, type SyntheticSpineTruth } from './generate-shelf';
export { createRng, type Rng } from './prng';
export { lettersOnly, SAMPLE_BOOKS } from './sample-books';
