// Volume creation times with nanoseconds: stored as fixed-width RFC 3339 UTC text, printed as Go prints time.Time.

/** Now, as "2006-01-02T15:04:05.123456789Z" (always 9 fraction digits, so the text sorts by time). */
export function nowStamp(): string {
  const ms = performance.timeOrigin + performance.now();
  const whole = Math.floor(ms);
  const nanos = Math.min(999_999, Math.max(0, Math.round((ms - whole) * 1e6)));
  const iso = new Date(whole).toISOString(); // ...T..:..:..mmmZ
  return `${iso.slice(0, 23)}${String(nanos).padStart(6, '0')}Z`;
}

/** Milliseconds since the epoch of a stored stamp. */
export const stampMs = (stamp: string) => Date.parse(stamp.slice(0, 23) + 'Z');

interface Parts { date: string; time: string; frac: string; offsetMin: number; }

function local(stamp: string): Parts {
  const ms = stampMs(stamp);
  const offsetMin = -new Date(ms).getTimezoneOffset();
  const shifted = new Date(ms + offsetMin * 60_000).toISOString();
  const frac = stamp.slice(20, 29).replace(/0+$/, '');
  return { date: shifted.slice(0, 10), time: shifted.slice(11, 19), frac, offsetMin };
}

const offset = (min: number, colon: boolean) => {
  const a = Math.abs(min);
  const hh = String(Math.floor(a / 60)).padStart(2, '0');
  const mm = String(a % 60).padStart(2, '0');
  return `${min < 0 ? '-' : '+'}${hh}${colon ? ':' : ''}${mm}`;
};

/** Go's time.RFC3339Nano in the local zone, as podman's JSON prints CreatedAt. */
export function rfc3339Nano(stamp: string): string {
  const p = local(stamp);
  return `${p.date}T${p.time}${p.frac ? '.' + p.frac : ''}${p.offsetMin === 0 ? 'Z' : offset(p.offsetMin, true)}`;
}

/** Go's time.Time.String() for an RFC 3339 time (as `{{.CreatedAt}}` prints podman's time.Time). */
export function goTimeText(rfc: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(rfc);
  if (!m) return rfc;
  const [, date, time, frac, zone] = m;
  const fr = frac ? '.' + frac : '';
  if (zone === 'Z') return `${date} ${time}${fr} +0000 UTC`;
  return `${date} ${time}${fr} ${zone!.replace(':', '')} ${zoneName(Date.parse(rfc))}`;
}

function zoneName(ms: number): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(new Date(ms)).find((x) => x.type === 'timeZoneName');
  return part?.value ?? '';
}
