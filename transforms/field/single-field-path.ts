// A field path as KIP-821 defines it for `field.syntax.version`: V1 names one top-level field
// (dots included); V2 walks nested structs/maps with dots, and backticks wrap a name containing
// dots (a backslash before a backtick escapes it).
import { ConfigException } from '../runtime-bridge.ts';

export type FieldSyntaxVersion = 'V1' | 'V2';

export const FIELD_SYNTAX_VERSION_CONFIG = 'field.syntax.version';
export const FIELD_SYNTAX_VERSION_DOC =
  'Defines the version of the syntax to access fields. V1 limits field paths to the root level of the ' +
  'struct or map. V2 accesses nested elements with dotted notation; wrap a field name that contains dots ' +
  'in backticks, e.g. "`foo.bar`.baz" reads subfield baz of the field named "foo.bar".';

export function parseFieldSyntaxVersion(value: string): FieldSyntaxVersion {
  const upper = value.toUpperCase();
  if (upper === 'V1' || upper === 'V2') return upper;
  throw new ConfigException(FIELD_SYNTAX_VERSION_CONFIG, value, 'Unrecognized field syntax version');
}

export function parseFieldPath(path: string, version: FieldSyntaxVersion): readonly string[] {
  return version === 'V1' ? [path] : parseV2(path);
}

function incompleteBacktick(path: string, at: number): never {
  throw new ConfigException(
    `Incomplete backtick pair in path: [${path}], consider adding a backslash before backtick at position ${at} to escape it`,
  );
}

function parseV2(path: string): string[] {
  const steps: string[] = [];
  let idx = 0;
  while (idx < path.length && idx >= 0) {
    if (path[idx] !== '`') {
      const start = idx;
      idx = path.indexOf('.', idx);
      if (idx >= 0) {
        steps.push(path.slice(start, idx));
        idx++;
      } else {
        steps.push(path.slice(start));
      }
      continue;
    }
    const backtickAt = idx;
    idx++;
    let field = '';
    let start = idx;
    for (;;) {
      idx = path.indexOf('`', idx);
      if (idx === -1) incompleteBacktick(path, backtickAt);
      const escaped = path[idx - 1] === '\\';
      if (idx >= path.length - 1) {
        if (escaped) incompleteBacktick(path, backtickAt);
        steps.push(field + path.slice(start, idx));
        idx++;
        break;
      }
      if (path[idx + 1] !== '.') { idx++; continue; }
      if (escaped) {
        field += path.slice(start, idx - 1) + '`';
        idx++;
        start = idx;
        continue;
      }
      steps.push(field + path.slice(start, idx));
      idx += 2;
      break;
    }
  }
  if (path.length > 0 && path.endsWith('.')) steps.push('');
  return steps;
}
