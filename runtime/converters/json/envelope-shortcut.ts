// The schemas.enable envelope, read without parsing its schema again. A topic's messages nearly
// always carry the same schema text, written first (`{"schema":S,"payload":P}`, as every
// JsonConverter writes it): once S has been read, the next message that starts with the same S
// needs only its payload parsed. Parsing S (hundreds of bytes) and keying the schema cache by its
// re-serialized tree cost most of a message's ~5 µs.
// Invariant: the shortcut answers only where the general path would give the same schema and
// payload tree. S is remembered only when it is a complete JSON value on its own and the general
// path accepted the message; a later message `{"schema":` S `,"payload":` P `}` with P a
// complete JSON value then parses unambiguously as exactly those two members.
import type { Schema } from '../../data/schema.ts';
import { NOT_FAST, readJsonFast } from './fast-json-reader.ts';
import type { JsonTree } from './json-text.ts';

const HEAD = '{"schema":';
const MIDDLE = ',"payload":';

export class EnvelopeShortcut {
  #schemaText: string | null = null;
  #schema: Schema | null = null;

  /** The schema and payload tree of `text`, or null when the general path must read it. */
  read(text: string): { schema: Schema | null; payload: JsonTree } | null {
    const known = this.#schemaText;
    if (known === null || !text.startsWith(HEAD) || !text.startsWith(known, HEAD.length)) return null;
    const payloadAt = HEAD.length + known.length + MIDDLE.length;
    if (!text.startsWith(MIDDLE, HEAD.length + known.length) || text.charCodeAt(text.length - 1) !== 0x7d) return null;
    const payload = readJsonFast(text.slice(payloadAt, -1), 'tree');
    return payload === NOT_FAST ? null : { schema: this.#schema, payload };
  }

  /** After the general path accepted `text` with `schema`: remembers its schema text when it can be isolated for sure. */
  learn(text: string, schema: Schema | null): void {
    if (!text.startsWith(HEAD)) return;
    const end = text.indexOf(MIDDLE, HEAD.length);
    if (end < 0) return;
    const schemaText = text.slice(HEAD.length, end);
    if (readJsonFast(schemaText, 'tree') === NOT_FAST) return;
    this.#schemaText = schemaText;
    this.#schema = schema;
  }
}
