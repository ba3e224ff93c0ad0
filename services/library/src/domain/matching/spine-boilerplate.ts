import { THE_MISREAD } from '../text/normalise';

/**
 * Words printed on spines that are rarely part of a title: publishers, imprints, award badges,
 * format words. A spine reading "LAUREL-LEAF NEWBERY JOHNNY TREMAIN" is explained by the book
 * "Johnny Tremain" as well as "JOHNNY TREMAIN" is. Only words the candidate book does not
 * contain are set aside, so "Penguin Island" still needs its "penguin".
 */
export const SPINE_BOILERPLATE: ReadonlySet<string> = new Set([
  // publishers and imprints (folded, one word each)
  'penguin', 'puffin', 'vintage', 'harper', 'harpercollins', 'collins', 'perennial', 'tor', 'bantam', 'dell', 'orbit',
  'picador', 'scribner', 'anchor', 'faber', 'scholastic', 'yearling', 'laurel', 'leaf', 'knopf', 'doubleday', 'random',
  'simon', 'schuster', 'pulse', 'aladdin', 'atheneum', 'macmillan', 'hachette', 'headline', 'signet', 'ace', 'daw',
  'ballantine', 'berkley', 'avon', 'mariner', 'houghton', 'mifflin', 'harcourt', 'candlewick', 'hyperion', 'disney',
  'sourcebooks', 'bloomsbury', 'usborne', 'egmont', 'hodder', 'stoughton', 'corgi', 'arrow', 'everyman', 'wordsworth',
  'norton', 'pocket', 'minotaur', 'forge', 'grand', 'central', 'putnam', 'viking', 'dutton', 'riverhead', 'crown',
  'delacorte', 'razorbill', 'speak', 'firebird', 'squarefish', 'feiwel', 'friends', 'balzer', 'bray', 'tegen', 'greenwillow',
  'katherine', 'amulet', 'abrams', 'chronicle', 'workman', 'quirk', 'inkyard', 'harlequin', 'mira', 'kensington',
  'sphere', 'piatkus', 'gollancz', 'voyager', 'transworld', 'jonathan', 'cape', 'chatto', 'windus', 'fourth', 'estate',
  'granta', 'canongate', 'heinemann', 'methuen', 'oneworld', 'sceptre', 'quercus', 'allen', 'unwin', 'ecco', 'morrow',
  'william', 'holt', 'henry', 'farrar', 'straus', 'giroux', 'grove', 'atlantic', 'press', 'books', 'publishing',
  'publishers', 'classics', 'edition', 'editions', 'paperback', 'paperbacks', 'hardcover', 'imprint', 'group',
  // badges and format words
  'newbery', 'caldecott', 'medal', 'honor', 'award', 'winner', 'winning', 'prize', 'bestseller', 'bestselling',
  'national', 'times', 'novel', 'includes', 'words', 'reading', 'guide', 'unabridged', 'complete', 'series',
]);

const TAIL_MIN = 4;

/**
 * Imprints whose tails of four letters or more are not words themselves ("hardcover" ends in
 * "over", "oneworld" in "world": those stay out).
 */
const CUT_IMPRINTS = [
  'yearling', 'scholastic', 'penguin', 'puffin', 'harpercollins', 'bantam', 'ballantine', 'newbery', 'caldecott',
  'scribner', 'vintage', 'macmillan', 'houghton', 'mifflin', 'delacorte', 'atheneum', 'hyperion', 'aladdin', 'doubleday',
];

/** Tails of those imprints, as a spine cut at its edge shows them ("LING" of "YEARLING"). */
const IMPRINT_TAILS: ReadonlySet<string> = new Set(
  CUT_IMPRINTS.flatMap((w) => Array.from({ length: Math.max(0, w.length - TAIL_MIN) }, (_, k) => w.slice(k + 1))),
);

/** "THE", as read or misread, with a stray letter glued in front ("RTHE"). */
const STRAY_THE = new RegExp(`^[a-z](?:${['the', ...THE_MISREAD].join('|')})$`);

/**
 * Spine boilerplate, whole or an imprint's tail (the spine's edge cut its start off), or "THE"
 * with a stray letter glued in front ("RTHE"): words that say nothing about the title when the
 * book does not explain them.
 */
export function isSpineBoilerplate(token: string): boolean {
  return SPINE_BOILERPLATE.has(token) || IMPRINT_TAILS.has(token) || STRAY_THE.test(token);
}
