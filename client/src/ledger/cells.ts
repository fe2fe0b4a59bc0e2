import type { Figure } from '../../../model/index.ts';
import type { EnumLabels } from './labels.ts';
import { enumOptions, msg } from './messages.ts';

/**
 * Cell text ⇄ model value, one pair per kind of cell. Readers are forgiving in what staff
 * actually type (full-width digits, 余, 约, units, 2024/4/23) and strict in what they accept;
 * writers produce the one canonical form, which the readers read back to the same value.
 */

export type CellResult<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): CellResult<T> => ({ ok: true, value });
const fail = (message: string): CellResult<never> => ({ ok: false, message });

/** Trim, and turn Windows line breaks inside a cell into plain ones. */
export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim();
}

/** Full-width digits and signs (１２００＋) become ASCII; only for numeric cells, never for names. */
function numeric(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '');
}

export function readText(text: string): CellResult<string | undefined> {
  const value = cleanText(text);
  return ok(value === '' ? undefined : value);
}

/**
 * Text that must stay as typed (区划代码, 电话). Excel turns a long number in a CSV into
 * 3.70176E+11 and saves it that way: the digits are gone, so that is refused, not stored.
 */
export function readCodeText(text: string, label: string): CellResult<string | undefined> {
  const read = readText(text);
  if (read.ok && read.value !== undefined && /^\d+(\.\d+)?E\+\d+$/i.test(read.value)) return fail(msg.scientific(label, read.value));
  return read;
}

export function writeText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

// Units staff add after a number; NFKC has already turned ㎡ and m² into m2.
const UNITS = /(平方米|平米|m2|人次|人|册|本|场次|场|次|种|项|个|名|家)$/;
const FIGURE = /^(约|近|大约|近乎)?(\d{1,3}(?:,\d{3})+|\d+)(\+|余|多|以上)?$/;

/**
 * A figure: `1200`, `1200+` (= the article's 1200余, atLeast), `约1000` (about), `约30+` (both).
 * Also reads 1200余, 1,200, 近千 is NOT guessed (write 约1000). Empty → no figure.
 */
export function readFigure(text: string, label: string): CellResult<Figure | undefined> {
  const cleaned = numeric(text).replace(UNITS, '');
  if (cleaned === '') return ok(undefined);
  const match = FIGURE.exec(cleaned);
  if (!match) return fail(msg.figure(label));
  const value = Number(match[2]!.replace(/,/g, ''));
  if (!Number.isSafeInteger(value)) return fail(msg.figure(label));
  const figure: Figure = { value, atLeast: match[3] !== undefined };
  if (match[1] !== undefined) figure.about = true;
  return ok(figure);
}

export function writeFigure(figure: Figure | undefined): string {
  if (!figure) return '';
  return `${figure.about ? '约' : ''}${figure.value}${figure.atLeast ? '+' : ''}`;
}

/**
 * A list: items separated by 、 — unless the cell holds ; ； or a line break, then only those
 * separate (so an item may itself contain 、, like 对接花艺师、美术教师). The writer picks
 * 、 and switches to ； when an item contains 、 (a lone such item gets a trailing ；), so
 * every list reads back the same.
 */
export function readList(text: string): string[] {
  const cleaned = cleanText(text);
  if (cleaned === '') return [];
  const separator = /[;；\n]/.test(cleaned) ? /[;；\n]+/ : /、+/;
  return cleaned
    .split(separator)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function writeList(items: readonly string[] | undefined): string {
  if (!items || items.length === 0) return '';
  if (!items.some((item) => item.includes('、'))) return items.join('、');
  // A single item with 、 ends in ； so it is not read back as several.
  return items.length === 1 ? `${items[0]}；` : items.join('；');
}

/** An enum shown by its Chinese label; the model value (role `broker`) and aliases are read too. */
export function readEnum(text: string, table: EnumLabels, label: string): CellResult<string | undefined> {
  const cleaned = cleanText(text);
  if (cleaned === '') return ok(undefined);
  for (const [value, zh] of Object.entries(table.labels)) {
    if (cleaned === zh || cleaned === value) return ok(value);
  }
  const alias = table.aliases?.[cleaned];
  if (alias) return ok(alias);
  return fail(msg.oneOf(label, enumOptions(table)));
}

export function writeEnum(value: unknown, table: EnumLabels): string {
  return typeof value === 'string' ? (table.labels[value] ?? value) : '';
}

const YES = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '']);

/** 是 / 否; empty is 否 (the model's booleans default to false). */
export function readBool(text: string, label: string): CellResult<boolean> {
  const cleaned = numeric(text).toLowerCase();
  if (YES.has(cleaned)) return ok(true);
  if (NO.has(cleaned)) return ok(false);
  return fail(msg.bool(label));
}

export function writeBool(value: unknown): string {
  return value === true ? '是' : '否';
}

/** A whole number (the year). Range checks are the schema's. */
export function readInteger(text: string, label: string, message = msg.year): CellResult<number | undefined> {
  const cleaned = numeric(text).replace(/年$/, '');
  if (cleaned === '') return ok(undefined);
  if (!/^-?\d+$/.test(cleaned)) return fail(message(label));
  return ok(Number(cleaned));
}

/** A decimal number (a coordinate). `String(n)` on export and `Number` here round-trip exactly. */
export function readNumber(text: string, label: string, example: string): CellResult<number | undefined> {
  const cleaned = numeric(text);
  if (cleaned === '') return ok(undefined);
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(cleaned)) return fail(msg.number(label, example));
  return ok(Number(cleaned));
}

export function writeNumber(value: unknown): string {
  return typeof value === 'number' ? String(value) : '';
}

/** A date as YYYY-MM-DD; 2024/4/23, 2024.4.23 and 2024年4月23日 are read too. */
export function readDate(text: string, label: string): CellResult<string | undefined> {
  const cleaned = numeric(text);
  if (cleaned === '') return ok(undefined);
  const match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(cleaned);
  if (!match) return fail(msg.date(label));
  return ok(`${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}`);
}

/** A record of named figures (partner `figures`): `activities：600+；attendance：10000+`. */
export function readFigureRecord(text: string, label: string): CellResult<Record<string, Figure>> {
  const out: Record<string, Figure> = {};
  for (const item of cleanText(text).split(/[;；\n]+/)) {
    if (item.trim() === '') continue;
    const match = /^\s*([^:：=]+?)\s*[:：=]\s*(.+)$/.exec(item);
    if (!match) return fail(msg.figures(label));
    const figure = readFigure(match[2]!, label);
    if (!figure.ok || !figure.value) return fail(msg.figures(label));
    out[match[1]!] = figure.value;
  }
  return ok(out);
}

export function writeFigureRecord(record: Readonly<Record<string, Figure>> | undefined): string {
  if (!record) return '';
  return Object.entries(record)
    .map(([key, figure]) => `${key}：${writeFigure(figure)}`)
    .join('；');
}
