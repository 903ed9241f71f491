// Java regex configs on JavaScript's engine. The syntax both share (classes, groups, quantifiers,
// named groups) covers what connector configs use; Matcher.matches() is a whole-string match, and
// Java replacement strings (`$1`, `${name}`, `\$`) are translated to JavaScript's (`$1`, `$<name>`, `$$`).
import { ConfigException } from '../runtime-bridge.ts';

export function compileWholeMatch(pattern: string, configName: string): RegExp {
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch (error) {
    throw new ConfigException(configName, pattern, `entry must be a Java-compatible regular expression: ${(error as Error).message}`);
  }
}

export function javaReplacement(replacement: string): string {
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i];
    if (c === '\\' && i + 1 < replacement.length) {
      const next = replacement[++i];
      out += next === '$' ? '$$' : next;
    } else if (c === '$' && replacement[i + 1] === '0') {
      // Java's $0 is the whole match; JavaScript spells it $&.
      out += '$&';
      i++;
    } else if (c === '$' && replacement[i + 1] === '{') {
      const end = replacement.indexOf('}', i);
      out += `$<${replacement.slice(i + 2, end)}>`;
      i = end;
    } else {
      out += c;
    }
  }
  return out;
}
