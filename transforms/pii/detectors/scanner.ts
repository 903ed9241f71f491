// One pass per string over all enabled detectors: their candidate patterns are joined into a
// single alternation with one named group per detector, so a 1 KiB text field is walked once,
// not once per detector. A candidate that fails its validator does not end the search at that
// position: the other detectors are tried there (sticky regexes) before moving on, so a number
// failing Luhn can still be found as, say, a phone number.
import type { Detector } from './builtin.ts';

export interface Finding {
  readonly detector: string;
  readonly start: number;
  readonly end: number;
}

const GROUP_PREFIX = 'pii';
// Numbered backreferences and named groups would be renumbered or collide once the pattern is
// embedded in the alternation: such user patterns get a pass of their own.
const NOT_COMBINABLE = /\\[1-9]|\\k<|\(\?<[A-Za-z]/;

export function isCombinable(pattern: string): boolean {
  return !NOT_COMBINABLE.test(pattern);
}

interface CompiledDetector {
  readonly detector: Detector;
  readonly group: string;
  readonly sticky: RegExp;
}

export class ContentScanner {
  readonly #combined: RegExp | null;
  readonly #compiled: readonly CompiledDetector[];
  readonly #separate: readonly { detector: Detector; regex: RegExp }[];
  readonly #needsAny: boolean;
  readonly #needsDigit: boolean;
  readonly #needsAt: boolean;
  readonly #needsColon: boolean;

  constructor(detectors: readonly Detector[]) {
    const combinable = detectors.filter((d) => isCombinable(d.pattern));
    this.#compiled = combinable.map((detector, i) => ({
      detector,
      group: `${GROUP_PREFIX}${i}`,
      sticky: new RegExp(detector.pattern, 'y'),
    }));
    this.#combined = combinable.length === 0
      ? null
      : new RegExp(this.#compiled.map((c) => `(?<${c.group}>${c.detector.pattern})`).join('|'), 'g');
    this.#separate = detectors.filter((d) => !isCombinable(d.pattern)).map((detector) => ({ detector, regex: new RegExp(detector.pattern, 'g') }));
    this.#needsAny = detectors.some((d) => d.needs === 'any');
    this.#needsDigit = detectors.some((d) => d.needs === 'digit');
    this.#needsAt = detectors.some((d) => d.needs === 'at');
    this.#needsColon = detectors.some((d) => d.needs === 'colon');
  }

  /** Non-overlapping findings, left to right. */
  scan(text: string): Finding[] {
    const findings: Finding[] = [];
    if (!this.#mayMatch(text)) return findings;
    if (this.#combined !== null) this.#scanCombined(text, this.#combined, findings);
    for (const { detector, regex } of this.#separate) {
      regex.lastIndex = 0;
      for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
        if (m[0].length === 0) { regex.lastIndex++; continue; }
        if (detector.validate && !detector.validate(m[0])) continue;
        const start = m.index;
        const end = start + m[0].length;
        if (!findings.some((f) => f.start < end && start < f.end)) findings.push({ detector: detector.name, start, end });
      }
    }
    if (this.#separate.length > 0) findings.sort((a, b) => a.start - b.start);
    return findings;
  }

  /**
   * Replaces every finding with `replacement(matchedText, detector)`; returns the input string
   * itself when nothing was found (callers use identity to skip copying the record).
   */
  replace(text: string, replacement: (matched: string, detector: string) => string): string {
    const findings = this.scan(text);
    if (findings.length === 0) return text;
    let out = '';
    let last = 0;
    for (const f of findings) {
      out += text.slice(last, f.start) + replacement(text.slice(f.start, f.end), f.detector);
      last = f.end;
    }
    return out + text.slice(last);
  }

  // Cheap character-class prefilter: most detectors need a digit, email needs '@', IPv6 ':'.
  #mayMatch(text: string): boolean {
    if (this.#needsAny) return true;
    if (this.#needsAt && text.includes('@')) return true;
    if (this.#needsColon && text.includes(':')) return true;
    return this.#needsDigit && /\d/.test(text);
  }

  #scanCombined(text: string, combined: RegExp, findings: Finding[]): void {
    combined.lastIndex = 0;
    for (let m = combined.exec(text); m !== null; m = combined.exec(text)) {
      const at = m.index;
      const groups = m.groups!;
      let matchedIndex = -1;
      for (let i = 0; i < this.#compiled.length; i++) {
        if (groups[this.#compiled[i].group] !== undefined) { matchedIndex = i; break; }
      }
      const first = this.#compiled[matchedIndex];
      if (m[0].length > 0 && (!first.detector.validate || first.detector.validate(m[0]))) {
        findings.push({ detector: first.detector.name, start: at, end: at + m[0].length });
        continue;
      }
      if (first.detector.opaqueWhenInvalid) {
        combined.lastIndex = at + Math.max(1, m[0].length);
        continue;
      }
      const fallback = this.#tryOthersAt(text, at, matchedIndex);
      if (fallback !== null) {
        findings.push(fallback);
        combined.lastIndex = fallback.end;
      } else {
        combined.lastIndex = at + 1;
      }
    }
  }

  #tryOthersAt(text: string, at: number, skip: number): Finding | null {
    for (let i = 0; i < this.#compiled.length; i++) {
      if (i === skip) continue;
      const { detector, sticky } = this.#compiled[i];
      sticky.lastIndex = at;
      const m = sticky.exec(text);
      if (m !== null && m[0].length > 0 && (!detector.validate || detector.validate(m[0]))) {
        return { detector: detector.name, start: at, end: at + m[0].length };
      }
    }
    return null;
  }
}
