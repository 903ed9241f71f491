// A line diff (longest common subsequence) of two pretty-printed JSON documents: `-` expected,
// `+` actual, with two lines of context around each change.
export function lineDiff(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const lines: { mark: ' ' | '-' | '+'; text: string }[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) { lines.push({ mark: ' ', text: a[i] }); i++; j++; }
    else if (j < b.length && (i === a.length || lcs[i][j + 1] >= lcs[i + 1][j])) { lines.push({ mark: '+', text: b[j] }); j++; }
    else { lines.push({ mark: '-', text: a[i] }); i++; }
  }
  const keep = lines.map((l, k) => l.mark !== ' ' || lines.slice(Math.max(0, k - 2), k + 3).some((n) => n.mark !== ' '));
  const out: string[] = [];
  lines.forEach((l, k) => {
    if (keep[k]) out.push(`${l.mark} ${l.text}`);
    else if (keep[k - 1]) out.push('  …');
  });
  return out.join('\n');
}
