// Go's time.ParseDuration, which podman's flags and filters (until=, --since, --time) accept: "1h30m", "-1.5s", "300ms".

/** Milliseconds per unit; "µs" is accepted with either the micro sign (U+00B5) or the Greek mu (U+03BC), as Go does. */
const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  '\u00b5s': 1e-3,
  '\u03bcs': 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};
const PART = '(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|\\u00b5s|\\u03bcs|ms|s|m|h)';
const WHOLE = new RegExp(`^([-+]?)((?:${PART})+)$`);

/** A Go duration in milliseconds, or undefined when `s` is not one ("0" alone needs no unit). */
export function parseGoDuration(s: string): number | undefined {
  if (s === '0' || s === '+0' || s === '-0') return 0;
  const m = WHOLE.exec(s);
  if (!m) return undefined;
  let total = 0;
  for (const [, num, unit] of m[2]!.matchAll(new RegExp(PART, 'g'))) total += Number(num) * UNIT_MS[unit!]!;
  return m[1] === '-' ? -total : total;
}
