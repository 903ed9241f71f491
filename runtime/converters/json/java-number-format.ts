// Number text exactly as Java's Double.toString / Float.toString write it (Jackson uses them for
// FLOAT64 / FLOAT32 values): plain between 1e-3 and 1e7 with at least one fraction digit
// ("12.0"), otherwise computerized scientific notation ("1.0E7", "1.234E-5"). The digits are the
// shortest that read back to the same value, as JDK 19+ and JS both choose them.

/** Java Double.toString. */
export function formatJavaDouble(value: number): string {
  return layout(value, String(value));
}

/** Java Float.toString of the float32 nearest to `value`. */
export function formatJavaFloat(value: number): string {
  const f = Math.fround(value);
  if (!Number.isFinite(f) || f === 0) return layout(f, String(f));
  for (let precision = 1; precision <= 9; precision++) {
    const candidate = f.toPrecision(precision);
    if (Math.fround(Number(candidate)) === f) return layout(f, candidate);
  }
  return layout(f, f.toPrecision(9));
}

function layout(value: number, jsText: string): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const { negative, digits, exponent } = decompose(jsText);
  const sign = negative ? '-' : '';
  const abs = Math.abs(value);
  if (abs >= 1e-3 && abs < 1e7) {
    // exponent: position of the decimal point relative to the first digit.
    const pointAt = exponent + 1;
    if (pointAt <= 0) return `${sign}0.${'0'.repeat(-pointAt)}${digits}`;
    if (pointAt >= digits.length) return `${sign}${digits}${'0'.repeat(pointAt - digits.length)}.0`;
    return `${sign}${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
  }
  const fraction = digits.length > 1 ? digits.slice(1) : '0';
  return `${sign}${digits[0]}.${fraction}E${exponent}`;
}

/** "1.25e-7" / "0.00125" / "125" → significant digits and the decimal exponent of the first one. */
function decompose(text: string): { negative: boolean; digits: string; exponent: number } {
  let s = text;
  const negative = s.startsWith('-');
  if (negative) s = s.slice(1);
  let exp = 0;
  const e = s.search(/e/i);
  if (e >= 0) {
    exp = Number(s.slice(e + 1));
    s = s.slice(0, e);
  }
  const point = s.indexOf('.');
  const intPart = point >= 0 ? s.slice(0, point) : s;
  const fracPart = point >= 0 ? s.slice(point + 1) : '';
  let all = intPart + fracPart;
  let exponent = intPart.length - 1 + exp;
  const leading = all.length - all.replace(/^0+/, '').length;
  all = all.slice(leading);
  exponent -= leading;
  all = all.replace(/0+$/, '') || '0';
  return { negative, digits: all, exponent };
}
