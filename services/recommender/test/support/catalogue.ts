import type { EventPayload } from '@bookshelf/contracts';
import { testId } from './ids';

type BookEvent = EventPayload<'catalog.book-upserted'>;

function book(title: string, authors: string[], genres: string[], popularity: number, series?: [string, number]): BookEvent {
  return {
    bookId: testId('bk'),
    title,
    authors,
    series: series?.[0] ?? null,
    seriesNumber: series?.[1] ?? null,
    genres,
    publicationYear: 1950 + Math.floor(popularity % 70),
    language: 'en',
    popularity,
    averageRating: 4.1,
    coverUrl: `https://covers.example/${encodeURIComponent(title)}.jpg`,
  };
}

/** A small catalogue with genres, authors and series, fresh ids each call. */
export function sampleCatalogue() {
  const sf = ['science-fiction', 'fiction'];
  const fan = ['fantasy', 'fiction'];
  const mys = ['mystery', 'thriller'];
  const b = {
    dune: book('Dune', ['Frank Herbert'], sf, 900, ['Dune Chronicles', 1]),
    duneMessiah: book('Dune Messiah', ['Frank Herbert'], sf, 400, ['Dune Chronicles', 2]),
    foundation: book('Foundation', ['Isaac Asimov'], sf, 800, ['Foundation', 1]),
    foundationEmpire: book('Foundation and Empire', ['Isaac Asimov'], sf, 500, ['Foundation', 2]),
    hyperion: book('Hyperion', ['Dan Simmons'], sf, 600),
    neuromancer: book('Neuromancer', ['William Gibson'], ['science-fiction', 'cyberpunk'], 550),
    leviathan: book("Leviathan Wakes", ['James S. A. Corey'], sf, 700, ['The Expanse', 1]),
    calibans: book("Caliban's War", ['James S. A. Corey'], sf, 450, ['The Expanse', 2]),
    abaddon: book("Abaddon's Gate", ['James S. A. Corey'], sf, 420, ['The Expanse', 3]),
    cibola: book('Cibola Burn', ['James S. A. Corey'], sf, 410, ['The Expanse', 4]),
    nemesis: book('Nemesis Games', ['James S. A. Corey'], sf, 405, ['The Expanse', 5]),
    leftHand: book('The Left Hand of Darkness', ['Ursula K. Le Guin'], sf, 350),
    nameOfWind: book('The Name of the Wind', ['Patrick Rothfuss'], fan, 850, ['The Kingkiller Chronicle', 1]),
    wiseMan: book("The Wise Man's Fear", ['Patrick Rothfuss'], fan, 600, ['The Kingkiller Chronicle', 2]),
    mistborn1: book('The Final Empire', ['Brandon Sanderson'], fan, 750, ['Mistborn', 1]),
    mistborn2: book('The Well of Ascension', ['Brandon Sanderson'], fan, 500, ['Mistborn', 2]),
    mistborn3: book('The Hero of Ages', ['Brandon Sanderson'], fan, 480, ['Mistborn', 3]),
    hobbit: book('The Hobbit', ['J. R. R. Tolkien'], ['fantasy', 'classics'], 990),
    earthsea: book('A Wizard of Earthsea', ['Ursula K. Le Guin'], fan, 380),
    goneGirl: book('Gone Girl', ['Gillian Flynn'], mys, 950),
    dragonTattoo: book('The Girl with the Dragon Tattoo', ['Stieg Larsson'], mys, 880),
    thenThere: book('And Then There Were None', ['Agatha Christie'], ['mystery', 'classics'], 700),
    bigSleep: book('The Big Sleep', ['Raymond Chandler'], mys, 300),
    pride: book('Pride and Prejudice', ['Jane Austen'], ['romance', 'classics'], 980),
  };
  return b;
}
export type SampleCatalogue = ReturnType<typeof sampleCatalogue>;
