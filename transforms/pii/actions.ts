// Masking actions. A string-producing action turns a piece of text into its masked form; `drop`
// and `null` remove or null the whole field. Constructed at configure time.
import { partialMask, type Pseudonymizer, type SaltedDigest } from './tokens.ts';

export type ActionKind = 'redact' | 'partial' | 'hash' | 'digest' | 'mask' | 'truncate' | 'drop' | 'null';
export const ACTION_KINDS: readonly ActionKind[] = ['redact', 'partial', 'hash', 'digest', 'mask', 'truncate', 'drop', 'null'];

export interface MaskAction {
  readonly kind: ActionKind;
  /** For string-producing kinds: the masked form of `text`. */
  maskText(text: string): string;
}

export interface ActionParams {
  readonly token: string;
  readonly keepFirst: number;
  readonly keepLast: number;
  readonly maskChar: string;
  readonly chars: number;
  readonly length: number;
  readonly pseudonymizer: Pseudonymizer | null;
  readonly digest: SaltedDigest | null;
}

export function makeAction(kind: ActionKind, p: ActionParams): MaskAction {
  switch (kind) {
    case 'redact': return { kind, maskText: () => p.token };
    case 'partial': return { kind, maskText: (t) => partialMask(t, p.keepFirst, p.keepLast, p.maskChar) };
    case 'hash': return { kind, maskText: (t) => p.pseudonymizer!.token(t) };
    case 'digest': return { kind, maskText: (t) => p.digest!.digest(t) };
    case 'mask': {
      const fixed = p.maskChar.repeat(p.chars);
      return { kind, maskText: () => fixed };
    }
    case 'truncate': return { kind, maskText: (t) => t.slice(0, p.length) };
    // Inside free text, a dropped or nulled match leaves nothing behind; on a field they remove it.
    case 'drop':
    case 'null': return { kind, maskText: () => '' };
  }
}

export function producesText(kind: ActionKind): boolean {
  return kind !== 'drop' && kind !== 'null';
}
