// io.tributary.transforms.pii.MaskPii$Key / $Value / $Headers: masks personal data selected by
// field path, field-name pattern or content detectors. Rules are compiled once (config.ts);
// per record the masker walks only what the rules can reach. Per-record failures are
// DataExceptions (routed by errors.tolerance) whose messages name paths and rules, never values.
import { DataException, Headers, STRING_SCHEMA, type ConnectRecord, type Transformation } from '../runtime-bridge.ts';
import { configDefOf, type RawConfig } from '../config-spec.ts';
import type { Operand } from '../operand.ts';
import { MASK_PII_CONFIG, compilePolicy, type Policy } from './config.ts';
import { Masker, MissingFieldError, type MaskContext, type ScanState } from './masker.ts';
import { firstRule, stepName } from './paths.ts';

export { MASK_PII_CONFIG } from './config.ts';

/** Marks the headers variant (MaskPii$Headers). */
export const HEADERS = 'headers' as const;

export class MaskPii<R extends ConnectRecord<R>> implements Transformation<R> {
  readonly #target: Operand | typeof HEADERS;
  #policy: Policy | null = null;
  #masker: Masker | null = null;
  #counts: number[] = [];

  constructor(target: Operand | typeof HEADERS) {
    this.#target = target;
  }

  configure(configs: RawConfig): void {
    this.#policy = compilePolicy(configs);
    this.#masker = new Masker(this.#policy);
    this.#counts = this.#policy.rules.map(() => 0);
  }

  /** Masked occurrences per rule/detector name since configure (for metrics). */
  counters(): Record<string, number> {
    const out: Record<string, number> = {};
    this.#policy?.rules.forEach((rule, i) => { out[rule.name] = (out[rule.name] ?? 0) + this.#counts[i]; });
    return out;
  }

  apply(record: R): R {
    const policy = this.#policy;
    if (policy === null) throw new DataException('MaskPii used before configure');
    const ctx: MaskContext = { counts: this.#counts, audit: policy.auditHeader !== null ? [] : null };
    try {
      return this.#target === HEADERS ? this.#applyHeaders(record, ctx) : this.#applyOperand(record, this.#target, ctx);
    } catch (error) {
      if (error instanceof MissingFieldError) throw new DataException(`MaskPii: ${error.message} (topic ${record.topic})`);
      if (error instanceof DataException && error.message.startsWith('MaskPii')) throw error;
      // Other failures (e.g. a value rejected by a schema) may quote the value: report the kind only.
      throw new DataException(`MaskPii failed on a record of topic ${record.topic}: ${(error as Error).name}`);
    }
  }

  #applyOperand(record: R, operand: Operand, ctx: MaskContext): R {
    const value = operand.value(record);
    if (value === null) return record;
    const schema = operand.schema(record);
    const masked = this.#masker!.mask(schema, value, ctx);
    if (masked.value === value && masked.schema === schema) return record;
    return operand.update(record, masked.schema, masked.value, ctx.audit?.length ? this.#withAudit(record.headers, ctx) : undefined);
  }

  #applyHeaders(record: R, ctx: MaskContext): R {
    const policy = this.#policy!;
    let changed = false;
    const out = new Headers();
    for (const header of record.headers) {
      const active = stepName([policy.root], header.key);
      const id = firstRule(active);
      const rule = id >= 0 ? policy.rules[id] : null;
      const scan = policy.scanner === null ? false : policy.scanRoot === null ? true : stepName([policy.scanRoot], header.key);
      const scanState: ScanState = Array.isArray(scan) ? (scan.length === 0 ? false : scan.some((n) => n.rules.length > 0) ? true : scan) : scan;
      if (rule?.action.kind === 'drop') {
        ctx.counts[rule.id]++;
        ctx.audit?.push({ path: header.key, rule: rule.name });
        changed = true;
        continue;
      }
      const masked = this.#masker!.maskFrom(header.schema, header.value, active, scanState, rule, ctx, header.key);
      if (masked.value !== header.value || masked.schema !== header.schema) {
        changed = true;
        out.add(header.with(masked.schema, masked.value));
      } else {
        out.add(header);
      }
    }
    if (!changed) return record;
    return record.newRecord(record.topic, record.kafkaPartition, record.keySchema, record.key, record.valueSchema, record.value, record.timestamp, this.#withAudit(out, ctx));
  }

  #withAudit(headers: Headers, ctx: MaskContext): Headers {
    if (ctx.audit === null || ctx.audit.length === 0) return headers;
    const out = headers.duplicate();
    out.add(this.#policy!.auditHeader!, JSON.stringify(ctx.audit), STRING_SCHEMA);
    return out;
  }

  config() { return configDefOf(MASK_PII_CONFIG); }
  close(): void {}
}
