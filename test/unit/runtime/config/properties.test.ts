import { describe, expect, test } from '@jest/globals';
import { formatProperties, parseProperties } from '../../../../runtime/config/properties.ts';

describe('parseProperties (java.util.Properties format)', () => {
  test('separators, comments and blank lines', () => {
    expect(parseProperties('# comment\n! also comment\n\na=1\nb : 2\nc 3\n  d=  4  \ne=\nf\n')).toEqual({
      a: '1', b: '2', c: '3', d: '4  ', e: '', f: '',
    });
  });

  test('continuation lines drop the leading whitespace of the next line', () => {
    expect(parseProperties('list = a, \\\n      b, \\\n      c\nnext=1')).toEqual({ list: 'a, b, c', next: '1' });
    expect(parseProperties('even=ends with two\\\\\nnext=1')).toEqual({ even: 'ends with two\\', next: '1' });
  });

  test('escapes in keys and values; CRLF line ends; later duplicates win', () => {
    expect(parseProperties('key\\ with\\:colon=tab\\there\\nnewline \\u00e9\r\nx=1\r\nx=2')).toEqual({
      'key with:colon': 'tab\there\nnewline é', x: '2',
    });
  });

  test('formatProperties writes text that reads back unchanged', () => {
    const props = { 'a key': ' value with = and : and #', multi: 'line1\nline2', path: 'C:\\dir', empty: '' };
    expect(parseProperties(formatProperties(props))).toEqual(props);
  });
});
