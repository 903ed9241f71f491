// Built-in content detectors. Each is a regex *candidate* plus a validator: the regex finds
// things shaped like the PII, the validator (checksum, SSA ranges, digit counts, address
// grammar) rejects the near-misses — numbers failing Luhn, dates shaped like phone numbers,
// voided SSNs, IBANs with a bad check digit.
//
// Rules every pattern follows, so that they can share one combined regex (see scanner.ts):
// no numbered capture groups or backreferences (only `(?:…)`), and explicit look-around
// boundaries instead of `\b` so that a detector never matches the middle of a longer token.
import { isIPv4, isIPv6 } from 'node:net';
import { ibanValid, luhnValid, ssnValid } from './checksums.ts';

export interface Detector {
  /** Name used in config (`detectors=email,card`), audit headers and counters. */
  readonly name: string;
  /** Regex source of the candidate; must not match the empty string. */
  readonly pattern: string;
  /** Rejects candidates that only look like the PII. */
  readonly validate?: (candidate: string) => boolean;
  /** A string lacking all of these characters cannot contain a match (cheap prefilter). */
  readonly needs: 'digit' | 'at' | 'colon' | 'any';
  /**
   * When a candidate fails validation, skip all of it instead of rescanning inside it: the
   * groups of an IBAN with a bad check digit must not be re-read as a card number.
   */
  readonly opaqueWhenInvalid?: boolean;
}

// Decision (documented in docs/guides/pii-masking.md): an address right after `/` or `:` in a
// URL path — `https://x.com/a@b.com` — is part of the URL, not an email. `mailto:` and query
// values (`?to=a@b.com`) are still emails because they follow `:` / `=`… so `:` is allowed.
const EMAIL: Detector = {
  name: 'email',
  pattern: '(?<![\\w.%+\\-/])[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,24}(?![\\w-]|\\.[A-Za-z0-9])',
  needs: 'at',
};

const CARD_GROUPINGS = new Set(['4,4,4,4', '4,6,5', '4,6,4', '4,4,4,4,3', '4,4,4,4,2', '4,4,4,4,1', '4,4,4,1', '4,4,4,2', '4,4,4,3', '4,4,5']);

// 13–19 digits starting with an issuer digit 2–6 (Mastercard 2-series, Amex/Diners/JCB 3, Visa 4,
// Mastercard 5, Discover/UnionPay 6), plain or grouped with one kind of separator, Luhn-valid.
const CARD: Detector = {
  name: 'card',
  pattern: '(?<![\\w-])[2-6]\\d{3}(?:[ -]?\\d){9,15}(?![\\w]|[ -]\\d)',
  needs: 'digit',
  validate(candidate) {
    const separators = candidate.replace(/\d/g, '');
    if (separators.length > 0) {
      if (separators.replaceAll(separators[0], '') !== '') return false;
      const groups = candidate.split(separators[0]).map((g) => g.length).join(',');
      if (!CARD_GROUPINGS.has(groups)) return false;
    }
    const digits = separators.length > 0 ? candidate.replace(/\D/g, '') : candidate;
    if (digits.length < 13 || digits.length > 19) return false;
    return luhnValid(digits);
  },
};

// Dashed or spaced (AAA-GG-SSSS). Nine bare digits are not matched: too many ids look like that.
const SSN: Detector = {
  name: 'ssn',
  pattern: '(?<![\\w-])(?:\\d{3}-\\d{2}-\\d{4}|\\d{3} \\d{2} \\d{4})(?![\\w]|[- ]\\d)',
  needs: 'digit',
  validate(candidate) {
    return ssnValid(candidate.slice(0, 3), candidate.slice(4, 6), candidate.slice(7));
  },
};

// Phone numbers, three shapes; bare digit runs are never phones (ids, timestamps):
//  - international: `+` country code, optional separators/parentheses, 8–15 digits (E.164 max);
//  - North American: (NXX) NXX-XXXX or NXX-NXX-XXXX / dots / spaces, N = 2–9;
//  - trunk-prefixed national (UK 020 7946 0958, FR 01 23 45 67 89, DE 030 1234567): leading 0,
//    separated groups, 10–11 digits — so dd.mm.yyyy and yyyy-mm-dd dates (8 digits) never match.
const PHONE: Detector = {
  name: 'phone',
  pattern: '(?<![\\w+])(?:' +
    '\\+[1-9]\\d{0,3}(?:[ .-]?(?:\\(\\d{1,4}\\)|\\d{1,5})){1,6}' +
    '|(?<![(.-])(?:\\(\\d{3}\\) ?|\\d{3}[-. ])\\d{3}[-. ]\\d{4}' +
    '|(?<![(.-])0\\d{1,4}(?:[ .-]\\d{2,8}){1,4}' +
    ')(?![\\w]|[-.]\\d)',
  needs: 'digit',
  validate(candidate) {
    const digits = candidate.replace(/\D/g, '');
    if (candidate.startsWith('+')) return digits.length >= 8 && digits.length <= 15;
    const separators = candidate.replace(/[\d()]/g, '').replaceAll(' ', candidate.startsWith('(') ? '' : ' ');
    if (separators.length > 0 && separators.replaceAll(separators[0], '') !== '') return false;
    if (candidate.startsWith('0')) return digits.length >= 10 && digits.length <= 11;
    // North American numbering plan: area code and exchange start with 2–9.
    return digits.length === 10 && digits[0] >= '2' && digits[3] >= '2';
  },
};

const IBAN: Detector = {
  name: 'iban',
  pattern: '(?<![\\w])[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![\\w])',
  needs: 'digit',
  validate: (candidate) => ibanValid(candidate.replaceAll(' ', '')),
  opaqueWhenInvalid: true,
};

const IPV4: Detector = {
  name: 'ipv4',
  pattern: '(?<![\\w.])(?:\\d{1,3}\\.){3}\\d{1,3}(?![\\w]|\\.\\d)',
  needs: 'digit',
  // node:net rejects octets above 255 and leading zeros ("010.1.1.1" is ambiguous octal).
  validate: (candidate) => isIPv4(candidate),
};

const IPV6: Detector = {
  name: 'ipv6',
  pattern: '(?<![\\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:(?<=:)\\d{1,3}(?:\\.\\d{1,3}){3})?(?![\\w:])',
  needs: 'colon',
  // Times (10:30:00) and MAC addresses fail the address grammar; a bare "::" is not worth masking.
  validate: (candidate) => isIPv6(candidate) && /[0-9A-Fa-f].*[0-9A-Fa-f]/.test(candidate),
};

/** Built-ins in priority order: when two could match at the same position, the first wins. */
export const BUILTIN_DETECTORS: readonly Detector[] = [EMAIL, IBAN, CARD, SSN, IPV6, IPV4, PHONE];

/** `ip` in config selects both address families. */
export const DETECTOR_ALIASES: Readonly<Record<string, readonly string[]>> = { ip: ['ipv4', 'ipv6'] };
