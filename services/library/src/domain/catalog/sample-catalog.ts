import type { CatalogBookInput } from './catalog-book';
import { parseIsbn } from './isbn';

type Entry = [title: string, authors: string[], year: number, isbn10: string, genres: string[], series?: [string, number]];

// A small starter catalogue so a fresh install can search, scan and import before anyone loads a
// real catalogue. ISBNs are those of common editions, so a later full import merges into these rows.
const ENTRIES: Entry[] = [
  ['The Hobbit', ['J.R.R. Tolkien'], 1937, '0618260307', ['fantasy', 'classics', 'fiction']],
  ["Harry Potter and the Sorcerer's Stone", ['J.K. Rowling'], 1997, '0439554934', ['fantasy', 'young-adult', 'fiction'], ['Harry Potter', 1]],
  ['1984', ['George Orwell'], 1949, '0451524934', ['classics', 'fiction', 'dystopia', 'science-fiction']],
  ['Pride and Prejudice', ['Jane Austen'], 1813, '0679783261', ['classics', 'romance', 'fiction']],
  ['To Kill a Mockingbird', ['Harper Lee'], 1960, '0061120081', ['classics', 'fiction', 'historical-fiction']],
  ['The Great Gatsby', ['F. Scott Fitzgerald'], 1925, '0743273567', ['classics', 'fiction']],
  ['The Hunger Games', ['Suzanne Collins'], 2008, '0439023483', ['young-adult', 'dystopia', 'science-fiction'], ['The Hunger Games', 1]],
  ['Dune', ['Frank Herbert'], 1965, '0340839937', ['science-fiction', 'fiction', 'classics'], ['Dune', 1]],
  ['The Catcher in the Rye', ['J.D. Salinger'], 1951, '0316769177', ['classics', 'fiction']],
  ['Animal Farm', ['George Orwell'], 1945, '0452284244', ['classics', 'fiction', 'dystopia']],
  ['Lord of the Flies', ['William Golding'], 1954, '0140283331', ['classics', 'fiction']],
  ['Jane Eyre', ['Charlotte Brontë'], 1847, '0142437204', ['classics', 'romance', 'fiction']],
  ['Brave New World', ['Aldous Huxley'], 1932, '0060929871', ['classics', 'science-fiction', 'dystopia']],
  ['The Fellowship of the Ring', ['J.R.R. Tolkien'], 1954, '0618346252', ['fantasy', 'classics', 'fiction'], ['The Lord of the Rings', 1]],
  ['Frankenstein', ['Mary Wollstonecraft Shelley'], 1818, '0141439475', ['classics', 'horror', 'science-fiction']],
  ['Little Women', ['Louisa May Alcott'], 1868, '0451529308', ['classics', 'fiction', 'historical-fiction']],
  ['Wuthering Heights', ['Emily Brontë'], 1847, '0393978893', ['classics', 'romance', 'fiction']],
  ['The Road', ['Cormac McCarthy'], 2006, '0307265439', ['fiction', 'dystopia']],
  ['The Name of the Wind', ['Patrick Rothfuss'], 2007, '075640407X', ['fantasy', 'fiction'], ['The Kingkiller Chronicle', 1]],
  ['A Game of Thrones', ['George R.R. Martin'], 1996, '0553588486', ['fantasy', 'fiction'], ['A Song of Ice and Fire', 1]],
  ['The Girl with the Dragon Tattoo', ['Stieg Larsson'], 2005, '0307269752', ['mystery', 'thriller', 'crime'], ['Millennium', 1]],
  ['Gone Girl', ['Gillian Flynn'], 2012, '0297859382', ['mystery', 'thriller', 'fiction']],
  ['Catch-22', ['Joseph Heller'], 1961, '0684833395', ['classics', 'fiction', 'humor']],
  ['Slaughterhouse-Five', ['Kurt Vonnegut Jr.'], 1969, '0385333846', ['classics', 'fiction', 'science-fiction']],
  ['One Hundred Years of Solitude', ['Gabriel García Márquez'], 1967, '0060531045', ['classics', 'fiction', 'magical-realism']],
  ['The Martian', ['Andy Weir'], 2012, '0804139024', ['science-fiction', 'fiction']],
  ['Beloved', ['Toni Morrison'], 1987, '1400033411', ['classics', 'fiction', 'historical-fiction']],
  ['It', ['Stephen King'], 1986, '0451169514', ['horror', 'fiction', 'thriller']],
];

function slug(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export function sampleCatalog(): CatalogBookInput[] {
  return ENTRIES.map(([title, authors, year, isbn, genres, series]) => {
    const isbns = parseIsbn(isbn);
    return {
      source: 'sample',
      sourceId: slug(`${title}-${authors[0]}`),
      title,
      subtitle: null,
      series: series?.[0] ?? null,
      seriesNumber: series?.[1] ?? null,
      authors,
      isbn10: isbns?.isbn10 ?? null,
      isbn13: isbns?.isbn13 ?? null,
      publisher: null,
      publicationYear: year,
      language: 'en',
      pageCount: null,
      genres,
      coverUrl: null,
      averageRating: null,
      ratingsCount: 0,
    };
  });
}
