import { describe, expect, test } from '@jest/globals';
import { BUILTIN_DETECTORS } from '../../../../transforms/pii/detectors/builtin.ts';
import { ibanValid, luhnValid, ssnValid } from '../../../../transforms/pii/detectors/checksums.ts';
import { ContentScanner } from '../../../../transforms/pii/detectors/scanner.ts';

const scanner = new ContentScanner(BUILTIN_DETECTORS);
const found = (text: string): string[] => scanner.scan(text).map((f) => `${f.detector}:${text.slice(f.start, f.end)}`);

describe('checksums', () => {
  test('Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('378282246310005')).toBe(true);
  });
  test('IBAN mod 97 and country length', () => {
    expect(ibanValid('DE89370400440532013000')).toBe(true);
    expect(ibanValid('GB82WEST12345698765432')).toBe(true);
    expect(ibanValid('DE89370400440532013001')).toBe(false);
    expect(ibanValid('DE8937040044053201300')).toBe(false);
  });
  test('SSA invalid SSN ranges', () => {
    expect(ssnValid('123', '45', '6789')).toBe(true);
    for (const [a, g, s] of [['000', '12', '3456'], ['666', '12', '3456'], ['912', '34', '5678'], ['123', '00', '4567'], ['123', '45', '0000'], ['078', '05', '1120']]) {
      expect(ssnValid(a, g, s)).toBe(false);
    }
  });
});

describe('PII corpus: every instance found', () => {
  test.each([
    ['email', 'write to jane.doe+news@mail.example.co.uk today', 'email:jane.doe+news@mail.example.co.uk'],
    ['email in a query string', 'https://x.com/unsubscribe?to=jane@example.org', 'email:jane@example.org'],
    ['mailto', 'mailto:bob@example.net', 'email:bob@example.net'],
    ['E.164', 'call +14155552671 now', 'phone:+14155552671'],
    ['international with spaces', 'tel +44 20 7946 0958', 'phone:+44 20 7946 0958'],
    ['US with parentheses', 'office (415) 555-2671', 'phone:(415) 555-2671'],
    ['US dashed', 'cell 415-555-2671.', 'phone:415-555-2671'],
    ['French national', 'fixe 01 23 45 67 89', 'phone:01 23 45 67 89'],
    ['UK national', 'ring 020 7946 0958', 'phone:020 7946 0958'],
    ['Visa spaced', 'card 4111 1111 1111 1111 exp', 'card:4111 1111 1111 1111'],
    ['Mastercard plain', 'pan=5500005555555559;', 'card:5500005555555559'],
    ['Amex 4-6-5', 'amex 3782-822463-10005', 'card:3782-822463-10005'],
    ['SSN', 'ssn: 123-45-6789', 'ssn:123-45-6789'],
    ['IBAN spaced', 'pay DE89 3704 0044 0532 0130 00 please', 'iban:DE89 3704 0044 0532 0130 00'],
    ['IBAN compact', 'GB82WEST12345698765432', 'iban:GB82WEST12345698765432'],
    ['IPv4', 'from 192.168.10.20:443', 'ipv4:192.168.10.20'],
    ['IPv6', 'client 2001:db8::8a2e:370:7334 connected', 'ipv6:2001:db8::8a2e:370:7334'],
  ])('%s', (_label, text, expected) => {
    expect(found(text)).toEqual([expected]);
  });

  test('several kinds in one free-text field, in order', () => {
    expect(found('Ada (ada@example.com, +33 6 12 34 56 78) paid with 4111111111111111 from 10.0.0.1')).toEqual([
      'email:ada@example.com', 'phone:+33 6 12 34 56 78', 'card:4111111111111111', 'ipv4:10.0.0.1',
    ]);
  });
});

describe('near misses: no false positives', () => {
  test.each([
    ['a number failing Luhn', 'order 4111 1111 1111 1112'],
    ['a 16-digit id failing Luhn', 'id 1234567812345678'],
    ['an email inside a URL path (decision: part of the URL)', 'see https://x.com/a@b.com and https://x.com/u/john@example.com'],
    ['ISO dates and times', 'on 2024-01-15 at 10:30:00, 2024-01-15T10:30:00Z'],
    ['European dates', 'born 15.01.2024 or 01/02/2024 or 01-02-2024'],
    ['bare digit runs (ids, timestamps)', 'id 4155552671 ts 1700000000000'],
    ['invalid SSNs', '000-12-3456 666-12-3456 912-34-5678 123-00-4567 078-05-1120'],
    ['an IBAN with a bad checksum', 'DE89 3704 0044 0532 0130 01'],
    ['out-of-range IPv4 and versions', 'v999.1.1.1 and 1.2.3'],
    ['MAC address and times', '00:1a:2b:3c:4d:5e at 12:30:45'],
    ['US numbers with invalid area code', '123-555-2671'],
    ['SSN-shaped but dashes differ', '123-45 6789'],
  ])('%s', (_label, text) => {
    expect(found(text)).toEqual([]);
  });
});

describe('scanner', () => {
  test('replace keeps the rest of the text and returns the same string when nothing matches', () => {
    const text = 'plain text without personal data';
    expect(scanner.replace(text, () => 'X')).toBe(text);
    expect(scanner.replace('mail a@example.com now', (_m, d) => `<${d}>`)).toBe('mail <email> now');
  });

  test('custom detectors with backreferences get a pass of their own', () => {
    const custom = new ContentScanner([...BUILTIN_DETECTORS, { name: 'twice', pattern: '(ab)\\1', needs: 'any' }]);
    expect(custom.scan('x abab y a@example.com').map((f) => f.detector)).toEqual(['twice', 'email']);
  });
});

describe('pseudonymizer', () => {
  test('tokens are HMAC-SHA256 (RFC 2104) truncated and base64url-encoded, for short, long and oversized keys', async () => {
    const { createHmac } = await import('node:crypto');
    const { Pseudonymizer } = await import('../../../../transforms/pii/tokens.ts');
    for (const key of [Buffer.from('0123456789abcdef'), Buffer.alloc(100, 7)]) {
      for (const value of ['ada@example.com', 'é'.repeat(10), 'x'.repeat(5000)]) {
        const expected = createHmac('sha256', key).update(value, 'utf8').digest().subarray(0, 16).toString('base64url');
        expect(new Pseudonymizer(key, 'k9', 16).token(value)).toBe(`tok_k9_${expected}`);
      }
    }
  });
});
