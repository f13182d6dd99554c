// Resolves --user / --group-add against the image's /etc/passwd and /etc/group text (pure), as Podman 4.3 does.
import { invalidArgument } from '../util/errors.ts';

export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  home: string;
}
export interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}
export interface ResolvedUser {
  uid: number;
  gid: number;
  additionalGids: number[];
  /** From the passwd entry; undefined when the user has none (HOME is then left alone). */
  home: string | undefined;
}

const isId = (s: string) => /^\d+$/.test(s) && Number(s) <= 0xffffffff;

/** Parses passwd(5) text; malformed lines and comments are skipped. */
export function parsePasswd(text: string): PasswdEntry[] {
  const out: PasswdEntry[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(':');
    if (f.length < 4 || line.trimStart().startsWith('#') || !isId(f[2]!) || !isId(f[3]!)) continue;
    out.push({ name: f[0]!, uid: Number(f[2]), gid: Number(f[3]), home: f[5] ?? '' });
  }
  return out;
}

/** Parses group(5) text; malformed lines and comments are skipped. */
export function parseGroup(text: string): GroupEntry[] {
  const out: GroupEntry[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(':');
    if (f.length < 3 || line.trimStart().startsWith('#') || !isId(f[2]!)) continue;
    out.push({ name: f[0]!, gid: Number(f[2]), members: (f[3] ?? '').split(',').map((m) => m.trim()).filter(Boolean) });
  }
  return out;
}

const noUser = (u: string) => invalidArgument(`unable to find user ${u}: no matching entries in passwd file`);
const noGroup = (g: string) => invalidArgument(`unable to find group ${g}: no matching entries in group file`);

function lookupGroup(groups: GroupEntry[], spec: string): number {
  if (isId(spec)) return Number(spec);
  const g = groups.find((e) => e.name === spec);
  if (!g) throw noGroup(spec);
  return g.gid;
}

/**
 * Resolves `--group-add` values like runc's GetAdditionalGroups: matches come in /etc/group order,
 * numeric ids absent from the file follow in the order given; an unknown name is an error.
 */
export function resolveGroupAdd(groups: GroupEntry[], specs: readonly string[]): number[] {
  const wanted = specs.filter((s) => s !== 'keep-groups');
  const out: number[] = [];
  for (const g of groups) {
    if (wanted.some((w) => w === g.name || (isId(w) && Number(w) === g.gid)) && !out.includes(g.gid)) out.push(g.gid);
  }
  for (const w of wanted) {
    if (groups.some((g) => g.name === w || (isId(w) && Number(w) === g.gid))) continue;
    // runc's words for additional groups (capital U); spec generation adds podman's "looking up supplemental groups".
    if (!isId(w)) throw invalidArgument(`Unable to find group ${w}: no matching entries in group file`);
    if (!out.includes(Number(w))) out.push(Number(w));
  }
  return out;
}

/**
 * Resolves `user[:group]` (names or ids). An empty spec is root with no explicit user.
 * additionalGids: the primary gid when a user was named, then --group-add, then (when no group was
 * given) the groups listing the user as a member; duplicates dropped — the order Podman 4.3 writes.
 */
export function resolveUser(spec: string, passwdText: string, groupText: string, groupAdd: readonly string[] = []): ResolvedUser {
  const passwd = parsePasswd(passwdText);
  const groups = parseGroup(groupText);
  const colon = spec.indexOf(':');
  const userPart = colon < 0 ? spec : spec.slice(0, colon);
  const groupPart = colon < 0 ? undefined : spec.slice(colon + 1);
  if (colon >= 0 && (userPart === '' || groupPart === '')) {
    throw invalidArgument(`invalid user/group spec "${spec}": user and group must both be set`);
  }

  let entry: PasswdEntry | undefined;
  let uid: number;
  let gid = 0;
  if (userPart === '') {
    entry = passwd.find((e) => e.uid === 0);
    uid = 0;
  } else if (isId(userPart)) {
    uid = Number(userPart);
    entry = passwd.find((e) => e.uid === uid);
  } else {
    entry = passwd.find((e) => e.name === userPart);
    if (!entry) throw noUser(userPart);
    uid = entry.uid;
  }
  if (entry) gid = entry.gid;
  if (groupPart !== undefined) gid = lookupGroup(groups, groupPart);

  const additional: number[] = [];
  const add = (g: number) => {
    if (!additional.includes(g)) additional.push(g);
  };
  if (spec !== '') add(gid);
  for (const g of resolveGroupAdd(groups, groupAdd)) add(g);
  if (groupPart === undefined && entry) {
    for (const g of groups) if (g.members.includes(entry.name)) add(g.gid);
  }
  return { uid, gid, additionalGids: additional, home: entry?.home || undefined };
}

/** Lines to append so that a numeric --user (or group) the image does not know gets a name, as podman 4.3's --passwd. */
export interface UserAdditions {
  /** `uid:*:uid:gid:container user:<home>:/bin/sh` for a numeric uid absent from /etc/passwd. */
  passwd?: string;
  /** `gid:x:gid:<user>` for a numeric gid absent from /etc/group. */
  group?: string;
}

/**
 * podman 4.3's entries for `--user uid[:gid]` when the image lacks them: a passwd line for an unknown numeric uid (its
 * gid: the group given, else 0; its home: the container's working directory) and a group line for an unknown numeric
 * gid (the user as typed its member). Names are resolved as resolveUser does, unknown ones failing the same way.
 */
export function userAdditions(spec: string, passwdText: string, groupText: string, home: string): UserAdditions {
  if (spec === '') return {};
  const colon = spec.indexOf(':');
  const userPart = colon < 0 ? spec : spec.slice(0, colon);
  const groupPart = colon < 0 ? undefined : spec.slice(colon + 1);
  if (!userPart || groupPart === '') return {};
  const passwd = parsePasswd(passwdText);
  const groups = parseGroup(groupText);
  const out: UserAdditions = {};
  const gid = groupPart === undefined ? undefined : lookupGroup(groups, groupPart);
  if (isId(userPart) && !passwd.some((e) => e.uid === Number(userPart))) {
    out.passwd = `${userPart}:*:${userPart}:${gid ?? 0}:container user:${home || '/'}:/bin/sh\n`;
  }
  if (gid !== undefined && isId(groupPart!) && !groups.some((g) => g.gid === gid)) out.group = `${gid}:x:${gid}:${userPart}\n`;
  return out;
}

/**
 * podman 4.3's --hostuser line for `nameOrUid` from the host's passwd text: `name:*:uid:gid:gecos:<home>:/bin/sh`, or
 * undefined when the container's passwd already has that name or uid. Throws when the host has no such user.
 */
export function hostUserLine(nameOrUid: string, hostPasswdText: string, containerPasswdText: string, home: string): string | undefined {
  const line = hostPasswdText.split('\n').map((l) => l.split(':')).find((f) => f.length >= 7 && (f[0] === nameOrUid || (isId(nameOrUid) && f[2] === nameOrUid)));
  if (!line) throw invalidArgument(`user: unknown user ${nameOrUid}`);
  const [name, , uid, gid, gecos] = line as [string, string, string, string, string];
  if (parsePasswd(containerPasswdText).some((e) => e.name === name || e.uid === Number(uid))) return undefined;
  return `${name}:*:${uid}:${gid}:${gecos}:${home || '/'}:/bin/sh\n`;
}
