import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './scan-cursor';

describe('scan page cursors', () => {
  it('round-trip a scan id and refuse anything else', () => {
    const id = 'scn_01ARZ3NDEKTSV4RRFFQ69G5FAV';
    expect(decodeCursor(encodeCursor(id))).toBe(id);
    expect(() => decodeCursor(encodeCursor('bk_01ARZ3NDEKTSV4RRFFQ69G5FAV'))).toThrow();
    expect(() => decodeCursor('%%%')).toThrow();
  });
});
