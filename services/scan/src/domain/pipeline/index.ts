export { analyseShelf } from './analyse-shelf';
export { getOcrModels, warmUpModels, type ModelOptions, type OcrModels } from './model-sessions';
export type { Point, Quad } from './geometry';
export type { AnalyseOptions, AnalyseProgress, DetectedSpine, ShelfAnalysis, ShelfTimings, SpineText } from './types';
