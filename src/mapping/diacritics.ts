/**
 * Letters that Unicode decomposition leaves alone but people still write without their marks
 * (IDaaS userNames allow ASCII letters only). Everything else goes through NFD and loses its
 * combining marks: é → e, ñ → n, Å → A.
 */
const LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss',
  ẞ: 'SS',
  Æ: 'AE',
  æ: 'ae',
  Œ: 'OE',
  œ: 'oe',
  Ø: 'O',
  ø: 'o',
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Ð: 'D',
  ð: 'd',
  Þ: 'Th',
  þ: 'th',
  ı: 'i',
  Ħ: 'H',
  ħ: 'h',
};

const SPECIAL = new RegExp(`[${Object.keys(LETTERS).join('')}]`, 'g');

export function removeDiacritics(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(SPECIAL, (c) => LETTERS[c] ?? c)
    .normalize('NFC');
}
