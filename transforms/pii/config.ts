// MaskPii's configuration: the declared keys (docs, REST validate) and the compilation of the
// whole config — including the dynamic `rules.<name>.*`, `detectors.<name>.*` and Debezium-style
// `column.*` keys — into a Policy, once, at configure time. Every mistake is a ConfigException
// naming the key; no message ever contains a secret.
import { ConfigException, Password } from '../runtime-bridge.ts';
import { parseConfig, oneOf, type ConfigKeySpec, type RawConfig } from '../config-spec.ts';
import { ACTION_KINDS, makeAction, type ActionKind, type ActionParams, type MaskAction } from './actions.ts';
import { BUILTIN_DETECTORS, DETECTOR_ALIASES, type Detector } from './detectors/builtin.ts';
import { ContentScanner } from './detectors/scanner.ts';
import { addPath, newNode, type PathNode } from './paths.ts';
import { Pseudonymizer, SaltedDigest, nodeHashAlgorithm } from './tokens.ts';

export const MASK_PII_CONFIG: readonly ConfigKeySpec[] = [
  { name: 'fields', type: 'LIST', default: [], importance: 'HIGH', doc: 'Field paths masked with the default action: customer.email, customer.*.email, items[*].card, `a.b`.c.' },
  { name: 'field.name.pattern', type: 'STRING', default: null, importance: 'MEDIUM', validValues: 'valid regex', validate: (value: string, name: string) => { compileRegex(value, name); }, doc: 'Regex on field names at any depth (whole-name match, e.g. (?i).*(ssn|email).*); matching fields are masked with the default action.' },
  { name: 'rules', type: 'LIST', default: [], importance: 'HIGH', doc: 'Names of field rules, each configured by rules.<name>.fields, rules.<name>.field.name.pattern, rules.<name>.action and the action parameters (rules.<name>.token, .keep.first, .keep.last, .chars, .length, .algorithm, .salt).' },
  { name: 'detectors', type: 'LIST', default: [], importance: 'HIGH', doc: 'Content detectors run on string values: email, phone, card, ssn, iban, ip (ipv4 + ipv6), ipv4, ipv6, or a custom name defined by detectors.<name>.pattern. Per detector: detectors.<name>.action and action parameters.' },
  { name: 'detect.fields', type: 'LIST', default: [], importance: 'MEDIUM', doc: 'Field paths whose string values are scanned by the detectors; empty scans every string.' },
  { name: 'action', type: 'STRING', default: 'redact', importance: 'HIGH', validValues: ACTION_KINDS.join(', '), validate: oneOf(...ACTION_KINDS), doc: 'Default action: redact (fixed token), partial (keep first/last N), hash (keyed HMAC-SHA256 token), digest (salted hex digest), mask (N mask characters), truncate, drop (remove the field), null (set it to null).' },
  { name: 'redact.token', type: 'STRING', default: '[REDACTED]', importance: 'MEDIUM', doc: 'Replacement for redact; {name} is replaced by the rule or detector name.' },
  { name: 'partial.keep.first', type: 'INT', default: 0, importance: 'LOW', doc: 'partial: letters/digits kept at the start.' },
  { name: 'partial.keep.last', type: 'INT', default: 4, importance: 'LOW', doc: 'partial: letters/digits kept at the end.' },
  { name: 'mask.char', type: 'STRING', default: '*', importance: 'LOW', doc: 'Character used by partial and mask.' },
  { name: 'mask.chars', type: 'INT', default: 8, importance: 'LOW', doc: 'mask: number of mask characters written.' },
  { name: 'truncate.length', type: 'INT', default: 0, importance: 'LOW', doc: 'truncate: characters kept.' },
  { name: 'hash.key', type: 'PASSWORD', default: null, importance: 'HIGH', doc: 'HMAC-SHA256 key for hash (at least 16 bytes; prefix base64: for binary keys). Use a config provider, e.g. ${file:/secrets/pii.properties:key}.' },
  { name: 'hash.key.id', type: 'STRING', default: null, importance: 'HIGH', doc: 'Identifier of hash.key written into every token (tok_<keyid>_…), letters and digits only; change it when rotating the key.' },
  { name: 'hash.token.bytes', type: 'INT', default: 16, importance: 'LOW', doc: 'HMAC bytes kept in the token (16–32).' },
  { name: 'nonstring.mode', type: 'STRING', default: 'zero', importance: 'MEDIUM', validValues: 'zero, null, string', validate: oneOf('zero', 'null', 'string'), doc: 'What a text-producing action does to a non-string field: zero (type-preserving empty value: 0, false, epoch), null (the field becomes optional and null), string (the field becomes an optional string holding the masked text — changes the schema).' },
  { name: 'audit.header', type: 'STRING', default: '', importance: 'LOW', doc: 'If set, a header with this name lists the masked paths and rules as JSON [{"path","rule"}].' },
  { name: 'missing.fields', type: 'STRING', default: 'ignore', importance: 'LOW', validValues: 'ignore, fail', validate: oneOf('ignore', 'fail'), doc: 'fail: a record whose schema lacks a configured (non-wildcard) field path fails with a DataException.' },
];

export interface Rule {
  readonly id: number;
  readonly name: string;
  readonly action: MaskAction;
}

export interface Policy {
  readonly rules: readonly Rule[];
  readonly root: PathNode;
  readonly explicitPaths: readonly string[];
  readonly namePatterns: readonly { regex: RegExp; ruleId: number }[];
  readonly scanner: ContentScanner | null;
  readonly detectorRules: ReadonlyMap<string, Rule>;
  /** null: scan every string; otherwise only under these paths. */
  readonly scanRoot: PathNode | null;
  readonly nonStringMode: 'zero' | 'null' | 'string';
  readonly auditHeader: string | null;
  readonly failOnMissing: boolean;
}

const RULE_KEYS = new Set(['fields', 'field.name.pattern', 'action', 'token', 'keep.first', 'keep.last', 'chars', 'length', 'algorithm', 'salt']);
const DETECTOR_KEYS = new Set(['pattern', 'action', 'token', 'keep.first', 'keep.last', 'chars', 'length', 'algorithm', 'salt']);
const DEBEZIUM = [
  /^column\.mask\.with\.(\d+)\.chars$/,
  /^column\.mask\.hash\.([^.]+(?:\.[^.]+)*?)\.with\.salt\.(.*)$/,
  /^column\.truncate\.to\.(\d+)\.chars$/,
];

function intOf(props: RawConfig, key: string, fallback: number): number {
  const raw = props[key];
  if (raw === undefined) return fallback;
  const n = typeof raw === 'number' ? raw : /^\s*\d+\s*$/.test(String(raw)) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < 0) throw new ConfigException(key, raw, 'Expected a non-negative integer');
  return n;
}

function listOf(props: RawConfig, key: string): string[] {
  const raw = props[key];
  if (raw === undefined || raw === null) return [];
  if (Array.isArray(raw)) return raw.map(String);
  return String(raw).trim() === '' ? [] : String(raw).split(',').map((s) => s.trim());
}

function compileRegex(source: string, key: string): RegExp {
  // Java-style inline (?i) at the start is common in connector configs; JS takes it as a flag.
  const insensitive = source.startsWith('(?i)');
  try {
    return new RegExp(`^(?:${insensitive ? source.slice(4) : source})$`, insensitive ? 'i' : '');
  } catch (error) {
    throw new ConfigException(key, source, `Invalid regex: ${(error as Error).message}`);
  }
}

function hmacKey(value: unknown): Buffer | null {
  if (value === null || value === undefined) return null;
  const text = value instanceof Password ? value.value : String(value);
  if (text === '') return null;
  return text.startsWith('base64:') ? Buffer.from(text.slice(7), 'base64') : Buffer.from(text, 'utf8');
}

export function compilePolicy(props: RawConfig): Policy {
  const v = parseConfig(MASK_PII_CONFIG, props);
  const ruleNames: string[] = v.rules;
  const detectorNames: string[] = v.detectors;
  for (const key of Object.keys(props)) {
    const rule = /^rules\.([^.]+)\.(.+)$/.exec(key);
    if (rule) {
      if (!ruleNames.includes(rule[1])) throw new ConfigException(key, '…', `Rule "${rule[1]}" is not listed in rules`);
      if (!RULE_KEYS.has(rule[2])) throw new ConfigException(key, '…', `Unknown rule setting "${rule[2]}"`);
    }
    const det = /^detectors\.([^.]+)\.(.+)$/.exec(key);
    if (det) {
      if (!detectorNames.includes(det[1])) throw new ConfigException(key, '…', `Detector "${det[1]}" is not listed in detectors`);
      if (!DETECTOR_KEYS.has(det[2])) throw new ConfigException(key, '…', `Unknown detector setting "${det[2]}"`);
    }
    if (key.startsWith('column.') && !DEBEZIUM.some((re) => re.test(key))) throw new ConfigException(key, '…', 'Unknown column masking setting');
  }

  const keyBytes = hmacKey(v['hash.key']);
  let pseudonymizer: Pseudonymizer | null = null;
  const needPseudonymizer = (owner: string): Pseudonymizer => {
    if (pseudonymizer) return pseudonymizer;
    if (keyBytes === null) throw new ConfigException('hash.key', '[hidden]', `Missing HMAC key: ${owner} uses action hash`);
    if (keyBytes.length < 16) throw new ConfigException('hash.key', '[hidden]', 'HMAC key must be at least 16 bytes');
    const keyId: string | null = v['hash.key.id'];
    if (keyId === null || !/^[A-Za-z0-9]+$/.test(keyId)) throw new ConfigException('hash.key.id', keyId, 'Required with action hash: letters and digits only');
    const bytes: number = v['hash.token.bytes'];
    if (bytes < 16 || bytes > 32) throw new ConfigException('hash.token.bytes', bytes, 'Must be between 16 and 32');
    pseudonymizer = new Pseudonymizer(keyBytes, keyId, bytes);
    return pseudonymizer;
  };

  const rules: Rule[] = [];
  const makeRule = (name: string, prefix: string, defaults: Partial<{ action: ActionKind; chars: number; length: number; algorithm: string; salt: string }> = {}): Rule => {
    const kind = (props[`${prefix}action`] ?? defaults.action ?? v.action) as ActionKind;
    if (!ACTION_KINDS.includes(kind)) throw new ConfigException(`${prefix}action`, kind, `String must be one of: ${ACTION_KINDS.join(', ')}`);
    const algorithmName = String(props[`${prefix}algorithm`] ?? defaults.algorithm ?? 'SHA-256');
    let digest: SaltedDigest | null = null;
    if (kind === 'digest') {
      const algorithm = nodeHashAlgorithm(algorithmName);
      if (!algorithm) throw new ConfigException(`${prefix}algorithm`, algorithmName, 'Unknown hash algorithm');
      digest = new SaltedDigest(algorithm, String(props[`${prefix}salt`] ?? defaults.salt ?? ''));
    }
    const params: ActionParams = {
      token: String(props[`${prefix}token`] ?? v['redact.token']).replaceAll('{name}', name),
      keepFirst: intOf(props, `${prefix}keep.first`, v['partial.keep.first']),
      keepLast: intOf(props, `${prefix}keep.last`, v['partial.keep.last']),
      maskChar: v['mask.char'] || '*',
      chars: intOf(props, `${prefix}chars`, defaults.chars ?? v['mask.chars']),
      length: intOf(props, `${prefix}length`, defaults.length ?? v['truncate.length']),
      pseudonymizer: kind === 'hash' ? needPseudonymizer(name) : null,
      digest,
    };
    const rule: Rule = { id: rules.length, name, action: makeAction(kind, params) };
    rules.push(rule);
    return rule;
  };

  const root = newNode();
  const explicitPaths: string[] = [];
  const namePatterns: { regex: RegExp; ruleId: number }[] = [];
  const addPaths = (rule: Rule, paths: string[], key: string): void => {
    for (const path of paths) {
      addPath(root, path, rule.id, key);
      if (!/[*[`]/.test(path)) explicitPaths.push(path);
    }
  };

  const defaultFields = listOf(props, 'fields');
  if (defaultFields.length > 0 || v['field.name.pattern'] !== null) {
    const rule = makeRule('fields', '');
    addPaths(rule, defaultFields, 'fields');
    if (v['field.name.pattern'] !== null) namePatterns.push({ regex: compileRegex(v['field.name.pattern'], 'field.name.pattern'), ruleId: rule.id });
  }
  for (const name of ruleNames) {
    const prefix = `rules.${name}.`;
    const paths = listOf(props, `${prefix}fields`);
    const pattern = props[`${prefix}field.name.pattern`];
    if (paths.length === 0 && pattern === undefined) throw new ConfigException(`${prefix}fields`, '', `Rule "${name}" selects no field: set ${prefix}fields or ${prefix}field.name.pattern`);
    const rule = makeRule(name, prefix);
    addPaths(rule, paths, `${prefix}fields`);
    if (pattern !== undefined) namePatterns.push({ regex: compileRegex(String(pattern), `${prefix}field.name.pattern`), ruleId: rule.id });
  }
  for (const key of Object.keys(props)) {
    const paths = listOf(props, key);
    let m = DEBEZIUM[0].exec(key);
    if (m) addPaths(makeRule(key, '', { action: 'mask', chars: Number(m[1]) }), paths, key);
    m = DEBEZIUM[1].exec(key);
    if (m) {
      if (!nodeHashAlgorithm(m[1])) throw new ConfigException(key, '…', `Unknown hash algorithm ${m[1]}`);
      addPaths(makeRule(key, '', { action: 'digest', algorithm: m[1], salt: m[2] }), paths, key);
    }
    m = DEBEZIUM[2].exec(key);
    if (m) addPaths(makeRule(key, '', { action: 'truncate', length: Number(m[1]) }), paths, key);
  }

  const detectors: Detector[] = [];
  const detectorRules = new Map<string, Rule>();
  for (const name of detectorNames) {
    const prefix = `detectors.${name}.`;
    const custom = props[`${prefix}pattern`];
    let selected: Detector[];
    if (custom !== undefined) {
      const source = String(custom);
      const regex = compileRegex(source, `${prefix}pattern`);
      if (regex.test('')) throw new ConfigException(`${prefix}pattern`, source, 'Pattern must not match the empty string');
      selected = [{ name, pattern: source.startsWith('(?i)') ? `(?i:${source.slice(4)})` : source, needs: 'any' }];
    } else {
      const members = DETECTOR_ALIASES[name] ?? [name];
      selected = members.map((m) => BUILTIN_DETECTORS.find((d) => d.name === m)).filter((d): d is Detector => d !== undefined);
      if (selected.length === 0) throw new ConfigException('detectors', name, `Unknown detector; built-ins are email, phone, card, ssn, iban, ip, ipv4, ipv6, or define detectors.${name}.pattern`);
    }
    const rule = makeRule(name, prefix);
    for (const d of selected) { detectors.push(d); detectorRules.set(d.name, rule); }
  }
  // Keep built-in priority order (email before IBAN before card…), custom detectors last.
  detectors.sort((a, b) => order(a) - order(b));

  const detectFields = listOf(props, 'detect.fields');
  let scanRoot: PathNode | null = null;
  if (detectFields.length > 0) {
    scanRoot = newNode();
    for (const path of detectFields) addPath(scanRoot, path, 0, 'detect.fields');
  }
  if (rules.length === 0) throw new ConfigException('No PII rule or detector configured: set fields, field.name.pattern, rules, detectors or column.* settings');

  return {
    rules, root, explicitPaths, namePatterns,
    scanner: detectors.length > 0 ? new ContentScanner(detectors) : null,
    detectorRules, scanRoot,
    nonStringMode: v['nonstring.mode'],
    auditHeader: v['audit.header'] === '' ? null : v['audit.header'],
    failOnMissing: v['missing.fields'] === 'fail',
  };
}

function order(d: Detector): number {
  const i = BUILTIN_DETECTORS.indexOf(d);
  return i < 0 ? BUILTIN_DETECTORS.length : i;
}
