import { describe, expect, it } from 'vitest';
import { cleanIsbn, findIsbns, isbn10To13, isbn13To10, isValidIsbn10, isValidIsbn13, looksLikeIsbn, parseIsbn } from './isbn';

describe('isbn', () => {
  it('validates both forms by checksum', () => {
    expect(isValidIsbn10('0439023483')).toBe(true);
    expect(isValidIsbn10('043965548X')).toBe(true);
    expect(isValidIsbn10('0439023484')).toBe(false);
    expect(isValidIsbn13('9780439023481')).toBe(true);
    expect(isValidIsbn13('9780439023480')).toBe(false);
  });

  it('converts between ISBN-10 and ISBN-13', () => {
    expect(isbn10To13('0439023483')).toBe('9780439023481');
    expect(isbn13To10('9780439023481')).toBe('0439023483');
    expect(isbn13To10('9791032305690')).toBeNull();
    expect(isbn10To13('043965548X')).toBe('9780439655484');
  });

  it('cleans Excel guards, hyphens and spaces', () => {
    expect(cleanIsbn('="0439023483"')).toBe('0439023483');
    expect(cleanIsbn('978-0-439-02348-1')).toBe('9780439023481');
    expect(cleanIsbn(' 0-439-65548-x ')).toBe('043965548X');
    expect(parseIsbn('=""')).toBeNull();
    expect(parseIsbn('978-0-439-02348-1')).toEqual({ isbn10: '0439023483', isbn13: '9780439023481' });
  });

  it('recognises a search string meant as an ISBN', () => {
    expect(looksLikeIsbn('978-0-439-02348-1')).toBe(true);
    expect(looksLikeIsbn('043965548x')).toBe(true);
    expect(looksLikeIsbn('1984')).toBe(false);
    expect(looksLikeIsbn('the 39 steps')).toBe(false);
  });

  it('finds ISBNs in noisy text', () => {
    expect(findIsbns('ISBN 978-0-439-02348-1 SCHOLASTIC').map((i) => i.isbn13)).toEqual(['9780439023481']);
    expect(findIsbns('ISBN 0 439 02348 3').map((i) => i.isbn13)).toEqual(['9780439023481']);
    expect(findIsbns('THE HOBBIT 1937')).toEqual([]);
  });
});
