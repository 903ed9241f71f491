import type { RecordRandom } from './record-random.ts';

/** A compiled piece of a pattern: appends one random match to `out`. */
type Piece = (rng: RecordRandom, out: string[]) => void;

const UNBOUNDED_REPEAT = 8;
const CLASS_ESCAPES: Record<string, string> = {
  d: '0123456789',
  w: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_',
  s: ' ',
};

/**
 * Strings matching a regular expression, for `arg.properties.regex` (as Confluent's quickstarts
 * use: `User_[1-9]`, `Page_[1-9][0-9]?`). Supports literals, escapes (\d \w \s and escaped
 * symbols), classes with ranges, groups with alternation, and ?, *, +, {n}, {m,n} (* and + repeat
 * at most 8 times). Anchors are ignored.
 */
export function compileRegex(pattern: string): (rng: RecordRandom) => string {
  const parser = { pattern, pos: 0 };
  const root = parseAlternation(parser);
  if (parser.pos < pattern.length) throw new Error(`Unexpected '${pattern[parser.pos]}' at ${parser.pos} in regex ${pattern}`);
  return (rng) => {
    const out: string[] = [];
    root(rng, out);
    return out.join('');
  };
}

interface Parser { pattern: string; pos: number }

function parseAlternation(p: Parser): Piece {
  const branches: Piece[][] = [[]];
  while (p.pos < p.pattern.length && p.pattern[p.pos] !== ')') {
    if (p.pattern[p.pos] === '|') {
      p.pos++;
      branches.push([]);
      continue;
    }
    branches[branches.length - 1].push(parseQuantified(p));
  }
  const sequences = branches.map((pieces): Piece => (rng, out) => { for (const piece of pieces) piece(rng, out); });
  return sequences.length === 1 ? sequences[0] : (rng, out) => sequences[rng.int(0, sequences.length)](rng, out);
}

function parseQuantified(p: Parser): Piece {
  const atom = parseAtom(p);
  const [min, max] = parseQuantifier(p);
  if (min === 1 && max === 1) return atom;
  return (rng, out) => {
    const times = rng.int(min, max + 1);
    for (let i = 0; i < times; i++) atom(rng, out);
  };
}

function parseQuantifier(p: Parser): [number, number] {
  const c = p.pattern[p.pos];
  if (c === '?') { p.pos++; return [0, 1]; }
  if (c === '*') { p.pos++; return [0, UNBOUNDED_REPEAT]; }
  if (c === '+') { p.pos++; return [1, UNBOUNDED_REPEAT]; }
  if (c !== '{') return [1, 1];
  const close = p.pattern.indexOf('}', p.pos);
  const m = /^(\d+)(?:,(\d*))?$/.exec(p.pattern.slice(p.pos + 1, close));
  if (close < 0 || m === null) throw new Error(`Bad quantifier at ${p.pos} in regex ${p.pattern}`);
  p.pos = close + 1;
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : m[2] === '' ? min + UNBOUNDED_REPEAT : Number(m[2]);
  return [min, max];
}

function parseAtom(p: Parser): Piece {
  const c = p.pattern[p.pos++];
  if (c === '(') {
    if (p.pattern.startsWith('?:', p.pos)) p.pos += 2;
    const inner = parseAlternation(p);
    if (p.pattern[p.pos++] !== ')') throw new Error(`Unclosed group in regex ${p.pattern}`);
    return inner;
  }
  if (c === '[') return oneOf(parseClass(p));
  if (c === '\\') return oneOf(escape(p.pattern[p.pos++]));
  if (c === '.') return oneOf(CLASS_ESCAPES.w);
  if (c === '^' || c === '$') return () => {};
  return (_rng, out) => { out.push(c); };
}

function parseClass(p: Parser): string {
  let chars = '';
  while (p.pos < p.pattern.length && p.pattern[p.pos] !== ']') {
    const c = p.pattern[p.pos++];
    if (c === '\\') {
      chars += escape(p.pattern[p.pos++]);
      continue;
    }
    if (p.pattern[p.pos] === '-' && p.pos + 1 < p.pattern.length && p.pattern[p.pos + 1] !== ']') {
      const end = p.pattern[p.pos + 1];
      p.pos += 2;
      for (let code = c.charCodeAt(0); code <= end.charCodeAt(0); code++) chars += String.fromCharCode(code);
      continue;
    }
    chars += c;
  }
  if (p.pattern[p.pos++] !== ']' || chars === '') throw new Error(`Bad character class in regex ${p.pattern}`);
  return chars;
}

function escape(c: string | undefined): string {
  if (c === undefined) throw new Error('Dangling backslash in regex');
  return CLASS_ESCAPES[c] ?? c;
}

function oneOf(chars: string): Piece {
  return (rng, out) => { out.push(chars[rng.int(0, chars.length)]); };
}
