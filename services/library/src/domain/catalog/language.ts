// MARC / ISO 639-2 codes seen in Goodreads data → ISO 639-1, so "eng" and "en-US" agree.
const ISO639_2_TO_1: Record<string, string> = {
  eng: 'en', spa: 'es', fre: 'fr', fra: 'fr', ger: 'de', deu: 'de', ita: 'it', por: 'pt', jpn: 'ja',
  ara: 'ar', ind: 'id', per: 'fa', fas: 'fa', pol: 'pl', nor: 'no', dan: 'da', fil: 'tl', nld: 'nl',
  dut: 'nl', vie: 'vi', tur: 'tr', swe: 'sv', rum: 'ro', ron: 'ro', rus: 'ru', chi: 'zh', zho: 'zh',
  kor: 'ko', gre: 'el', ell: 'el', heb: 'he', hin: 'hi', cze: 'cs', ces: 'cs', fin: 'fi', hun: 'hu',
  cat: 'ca', ukr: 'uk', tha: 'th', msa: 'ms', may: 'ms',
};

/** BCP 47-ish: "eng" → "en", "en-US" stays "en-US", unknown codes pass through lower-cased. */
export function normaliseLanguage(raw: string | null | undefined): string | null {
  const s = raw?.trim();
  if (!s) return null;
  const [base, ...rest] = s.split(/[-_]/);
  const lang = ISO639_2_TO_1[base!.toLowerCase()] ?? base!.toLowerCase();
  if (lang === 'mul' || lang === 'und') return null;
  return rest.length ? `${lang}-${rest.join('-').toUpperCase()}` : lang;
}
