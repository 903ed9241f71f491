// The subset of java.text.SimpleDateFormat that Connect configs use in practice (TimestampRouter's
// `timestamp.format`, TimestampConverter's `format`), always in UTC as Kafka configures it.
// Compiled once per config into a list of tokens; formatting and parsing walk that list.
import { ConfigException, DataException } from '../runtime-bridge.ts';

type Token = { kind: 'literal'; text: string } | { kind: 'field'; letter: string; width: number };

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const SUPPORTED = 'yMdHhkKmsSaEXZzDu';

function compile(pattern: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end === -1) throw new ConfigException(`Unterminated quote in date format: ${pattern}`);
      tokens.push({ kind: 'literal', text: end === i + 1 ? "'" : pattern.slice(i + 1, end) });
      i = end + 1;
    } else if (/[A-Za-z]/.test(c)) {
      if (!SUPPORTED.includes(c)) throw new ConfigException(`Illegal pattern character '${c}' in date format: ${pattern}`);
      let j = i;
      while (pattern[j] === c) j++;
      tokens.push({ kind: 'field', letter: c, width: j - i });
      i = j;
    } else {
      tokens.push({ kind: 'literal', text: c });
      i++;
    }
  }
  return tokens;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export class SimpleDateFormat {
  readonly pattern: string;
  readonly #tokens: readonly Token[];

  constructor(pattern: string) {
    this.pattern = pattern;
    this.#tokens = compile(pattern);
  }

  format(date: Date): string {
    let out = '';
    for (const t of this.#tokens) out += t.kind === 'literal' ? t.text : formatField(date, t.letter, t.width);
    return out;
  }

  /** Parses `text` (UTC unless the pattern carries a zone); throws DataException on mismatch. */
  parse(text: string): Date {
    const parts = { year: 1970, month: 0, day: 1, hour: 0, minute: 0, second: 0, ms: 0, pm: false, hour12: false, offsetMin: 0 };
    let pos = 0;
    const fail = (): never => {
      throw new DataException(`Could not parse timestamp: value (${text}) does not match pattern (${this.pattern})`);
    };
    for (let k = 0; k < this.#tokens.length; k++) {
      const t = this.#tokens[k];
      if (t.kind === 'literal') {
        if (!text.startsWith(t.text, pos)) fail();
        pos += t.text.length;
        continue;
      }
      const next = this.#tokens[k + 1];
      // Adjacent numeric fields (yyyyMMdd) are read with their exact width.
      const fixed = next !== undefined && next.kind === 'field';
      if (t.letter === 'a') {
        const v = text.slice(pos, pos + 2).toUpperCase();
        if (v !== 'AM' && v !== 'PM') fail();
        parts.pm = v === 'PM';
        pos += 2;
        continue;
      }
      if (t.letter === 'X' || t.letter === 'Z' || t.letter === 'z') {
        const m = /^(?:Z|UTC|GMT|([+-])(\d{2}):?(\d{2})?)/.exec(text.slice(pos));
        if (!m) fail();
        if (m![1]) parts.offsetMin = (m![1] === '-' ? -1 : 1) * (Number(m![2]) * 60 + Number(m![3] ?? 0));
        pos += m![0].length;
        continue;
      }
      if (t.letter === 'M' && t.width >= 3) {
        const idx = MONTHS.findIndex((name) => text.startsWith(t.width === 3 ? name.slice(0, 3) : name, pos));
        if (idx < 0) fail();
        parts.month = idx;
        pos += t.width === 3 ? 3 : MONTHS[idx].length;
        continue;
      }
      if (t.letter === 'E') {
        const idx = DAYS.findIndex((name) => text.startsWith(t.width <= 3 ? name.slice(0, 3) : name, pos));
        if (idx < 0) fail();
        pos += t.width <= 3 ? 3 : DAYS[idx].length;
        continue;
      }
      const m = (fixed ? new RegExp(`^[+-]?\\d{${t.width}}`) : /^[+-]?\d+/).exec(text.slice(pos));
      if (!m) fail();
      const n = Number(m![0]);
      pos += m![0].length;
      switch (t.letter) {
        case 'y': parts.year = t.width === 2 && m![0].length === 2 ? 2000 + n : n; break;
        case 'M': parts.month = n - 1; break;
        case 'd': parts.day = n; break;
        case 'H': case 'k': parts.hour = t.letter === 'k' && n === 24 ? 0 : n; break;
        case 'h': case 'K': parts.hour = n % 12; parts.hour12 = true; break;
        case 'm': parts.minute = n; break;
        case 's': parts.second = n; break;
        case 'S': parts.ms = n; break;
        case 'D': parts.month = 0; parts.day = n; break;
        default: break;
      }
    }
    if (pos !== text.length) fail();
    const hour = parts.hour12 && parts.pm ? parts.hour + 12 : parts.hour;
    const ms = Date.UTC(parts.year, parts.month, parts.day, hour, parts.minute, parts.second, parts.ms);
    return new Date(ms - parts.offsetMin * 60_000);
  }
}

function formatField(date: Date, letter: string, width: number): string {
  switch (letter) {
    case 'y': {
      const y = date.getUTCFullYear();
      return width === 2 ? pad(y % 100, 2) : pad(y, width);
    }
    case 'M': {
      const m = date.getUTCMonth();
      if (width >= 4) return MONTHS[m];
      if (width === 3) return MONTHS[m].slice(0, 3);
      return pad(m + 1, width);
    }
    case 'd': return pad(date.getUTCDate(), width);
    case 'D': return pad(Math.floor((date.getTime() - Date.UTC(date.getUTCFullYear(), 0, 1)) / 86_400_000) + 1, width);
    case 'E': return width >= 4 ? DAYS[date.getUTCDay()] : DAYS[date.getUTCDay()].slice(0, 3);
    case 'u': return pad(date.getUTCDay() === 0 ? 7 : date.getUTCDay(), width);
    case 'H': return pad(date.getUTCHours(), width);
    case 'k': return pad(date.getUTCHours() === 0 ? 24 : date.getUTCHours(), width);
    case 'K': return pad(date.getUTCHours() % 12, width);
    case 'h': return pad(date.getUTCHours() % 12 === 0 ? 12 : date.getUTCHours() % 12, width);
    case 'm': return pad(date.getUTCMinutes(), width);
    case 's': return pad(date.getUTCSeconds(), width);
    case 'S': return pad(date.getUTCMilliseconds(), width);
    case 'a': return date.getUTCHours() < 12 ? 'AM' : 'PM';
    // The formatter always runs in UTC (as Kafka sets it): zone fields print UTC's designators.
    case 'X': return 'Z';
    case 'Z': return '+0000';
    case 'z': return 'UTC';
    default: return '';
  }
}
