// Java `.properties` format (java.util.Properties.load), used by the broker and standalone worker
// config files and by FileConfigProvider. Later duplicates of a key win, as in Java.

const WHITESPACE = new Set([' ', '\t', '\f']);

/** Parses properties text into key → value. */
export function parseProperties(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of logicalLines(text)) {
    const [key, value] = splitKeyValue(line);
    out[key] = value;
  }
  return out;
}

/** Joins continuation lines (an odd number of trailing backslashes) and drops comments and blanks. */
function* logicalLines(text: string): Generator<string> {
  const natural = text.split(/\r\n|\r|\n/);
  let pending: string | null = null;
  for (const raw of natural) {
    const line = pending === null ? raw : skipLeadingWhitespace(raw);
    if (pending === null) {
      const trimmed = skipLeadingWhitespace(line);
      if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('!')) continue;
    }
    const joined: string = (pending ?? '') + (pending === null ? skipLeadingWhitespace(line) : line);
    if (endsWithOddBackslashes(joined)) {
      pending = joined.slice(0, -1);
      continue;
    }
    pending = null;
    yield joined;
  }
  if (pending !== null) yield pending;
}

function skipLeadingWhitespace(s: string): string {
  let i = 0;
  while (i < s.length && WHITESPACE.has(s[i])) i++;
  return s.slice(i);
}

function endsWithOddBackslashes(s: string): boolean {
  let n = 0;
  for (let i = s.length - 1; i >= 0 && s[i] === '\\'; i--) n++;
  return n % 2 === 1;
}

function splitKeyValue(line: string): [string, string] {
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === '\\') { i += 2; continue; }
    if (c === '=' || c === ':' || WHITESPACE.has(c)) break;
    i++;
  }
  const key = unescape(line.slice(0, Math.min(i, line.length)));
  let j = i;
  while (j < line.length && WHITESPACE.has(line[j])) j++;
  if (j < line.length && (line[j] === '=' || line[j] === ':')) j++;
  while (j < line.length && WHITESPACE.has(line[j])) j++;
  return [key, unescape(line.slice(j))];
}

function unescape(s: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\') { out += c; continue; }
    const next = s[++i];
    switch (next) {
      case 't': out += '\t'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 'f': out += '\f'; break;
      case 'u': {
        const hex = s.slice(i + 1, i + 5);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new SyntaxError(`Malformed \\uxxxx encoding in properties: \\u${hex}`);
        out += String.fromCharCode(parseInt(hex, 16));
        i += 4;
        break;
      }
      case undefined: break;
      default: out += next;
    }
  }
  return out;
}

/** Writes key → value as properties text that parseProperties reads back unchanged. */
export function formatProperties(props: Readonly<Record<string, string>>): string {
  const escape = (s: string, isKey: boolean): string => {
    let out = '';
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (c === '\\') out += '\\\\';
      else if (c === '\n') out += '\\n';
      else if (c === '\r') out += '\\r';
      else if (c === '\t') out += '\\t';
      else if (c === '\f') out += '\\f';
      else if (c === '=' || c === ':' || c === '#' || c === '!') out += '\\' + c;
      else if (c === ' ' && (isKey || i === 0)) out += '\\ ';
      else out += c;
    }
    return out;
  };
  return Object.entries(props).map(([k, v]) => `${escape(k, true)}=${escape(v, false)}\n`).join('');
}
