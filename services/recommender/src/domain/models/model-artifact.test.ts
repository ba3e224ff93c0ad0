import { describe, expect, it } from 'vitest';
import { decodeArtifact, encodeArtifact } from './model-artifact';

describe('model artifact codec', () => {
  const artifact = {
    kind: 'ease' as const,
    params: { lambda: 50, keep: 'magnitude', exact: true },
    itemIds: ['1', 'ünïcode', '3'],
    arrays: {
      odd: Int32Array.from([1, -2, 3]),
      wide: Float64Array.from([Math.PI, -0]),
      values: Float32Array.from([0.5, 1e-7, -3]),
    },
  };

  it('decodes exactly what was encoded', () => {
    const decoded = decodeArtifact(encodeArtifact(artifact));
    expect(decoded.kind).toBe('ease');
    expect(decoded.params).toEqual(artifact.params);
    expect(decoded.itemIds).toEqual(artifact.itemIds);
    expect(decoded.arrays['odd']).toEqual(artifact.arrays.odd);
    expect(decoded.arrays['wide']).toEqual(artifact.arrays.wide);
    expect(decoded.arrays['values']).toEqual(artifact.arrays.values);
  });

  it('reads from an unaligned view (e.g. a slice of a larger pg buffer)', () => {
    const bytes = encodeArtifact(artifact);
    const padded = new Uint8Array(bytes.length + 3);
    padded.set(bytes, 3);
    expect(decodeArtifact(padded.subarray(3)).arrays['wide']).toEqual(artifact.arrays.wide);
  });

  it('rejects foreign or truncated bytes', () => {
    expect(() => decodeArtifact(Buffer.from('not a model at all'))).toThrow(/not a model artifact/);
    const bytes = encodeArtifact(artifact);
    expect(() => decodeArtifact(bytes.subarray(0, bytes.length - 8))).toThrow(/truncated/);
  });
});
