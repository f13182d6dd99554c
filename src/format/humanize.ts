// Podman's human-readable sizes and durations (go-units HumanSizeWithPrecision / HumanDuration) and time strings.

const DECIMAL_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];

/** Go's fmt `%.<p>g`: p significant digits, exponent form when the exponent is < -4 or >= p, no trailing zeros. */
export function formatG(v: number, p: number): string {
  if (v === 0) return '0';
  const [mant, expStr] = v.toExponential(p - 1).split('e') as [string, string];
  const exp = Number(expStr);
  const trim = (s: string) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (exp < -4 || exp >= p) {
    const e = Math.abs(exp);
    return `${trim(mant)}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  }
  return trim(v.toFixed(Math.max(0, p - 1 - exp)));
}

/** go-units HumanSizeWithPrecision: decimal units, `%.<p>g` then the unit ("2.13MB", "1e+03kB"). */
export function humanSizeWithPrecision(size: number, precision: number): string {
  let i = 0;
  while (size >= 1000 && i < DECIMAL_UNITS.length - 1) {
    size /= 1000;
    i++;
  }
  return `${formatG(size, precision)}${DECIMAL_UNITS[i]}`;
}

/** go-units HumanSize (4 significant digits): "2.132MB", as `image tree` prints an image's size. */
export const humanSize = (size: number) => humanSizeWithPrecision(size, 4);

/** The SIZE column of `images` and `history`: 3 significant digits and a space before the unit ("2.13 MB", "0 B"). */
export function podmanSize(size: number): string {
  const s = humanSizeWithPrecision(size, 3);
  let j = s.length - 1;
  while (j >= 0 && !/[0-9]/.test(s[j]!)) j--;
  return `${s.slice(0, j + 1)} ${s.slice(j + 1)}`;
}

/** go-units HumanDuration of a duration in milliseconds ("18 months", "About an hour"). */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.trunc(ms / 60_000);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.trunc(ms / 3_600_000 + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
  return `${Math.trunc(ms / 3_600_000 / 24 / 365)} years`;
}

/** "18 months ago" for a time in unix ms, relative to `now`. */
export const timeAgo = (ms: number, now = Date.now()) => `${humanDuration(now - ms)} ago`;

/** RFC 3339 in UTC without fractional zeros, as Go's time.Time marshals (`2025-05-20T00:00:00Z`). */
export function rfc3339(ms: number): string {
  const iso = new Date(ms).toISOString();
  const frac = iso.slice(20, 23).replace(/0+$/, '');
  return `${iso.slice(0, 19)}${frac ? '.' + frac : ''}Z`;
}
