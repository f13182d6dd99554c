// exec: the OCI process of an exec session (from the container's config.json and the exec flags), and session records.
import fs from 'node:fs';
import path from 'node:path';
import type { ExecOptions } from '../engine/containers.ts';
import type { OciProcess } from '../runtime/spec-types.ts';
import { resolveUser } from '../runtime/user.ts';
import { boundingSet } from './host-facts.ts';
import type { Db } from '../state/db.ts';
import { BerthError } from '../util/errors.ts';

/** KEY=value lines of an env file (comments and blank lines skipped; `KEY` alone takes the host's value). */
export function parseEnvFile(text: string, hostEnv: NodeJS.ProcessEnv): string[] {
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/^\s+/, '');
    if (!line || line.startsWith('#')) continue;
    out.push(...envEntry(line.replace(/\r$/, ''), hostEnv));
  }
  return out;
}

/** One `-e` value: KEY=value, or KEY (the host's value, dropped when unset). */
export function envEntry(v: string, hostEnv: NodeJS.ProcessEnv): string[] {
  if (v.includes('=')) return [v];
  const hv = hostEnv[v];
  return hv === undefined ? [] : [`${v}=${hv}`];
}

/** Overrides `base` (KEY=value list) by key with `extra`, keeping base's order and appending new keys. */
export function mergeEnvList(base: readonly string[], extra: readonly string[]): string[] {
  const m = new Map<string, string>();
  for (const e of [...base, ...extra]) {
    const i = e.indexOf('=');
    m.set(i < 0 ? e : e.slice(0, i), e);
  }
  return [...m.values()];
}

export interface ExecProcessInput {
  /** The container's process from config.json. */
  base: OciProcess;
  opts: ExecOptions;
  /** /etc/passwd and /etc/group text of the container ('' when missing). */
  passwd: string;
  group: string;
  hostEnv: NodeJS.ProcessEnv;
  /** Env-file lines already read. */
  envFileLines: string[];
}

/** The process.json for `runc exec`: podman's rules for env, user (HOME), workdir, terminal and capabilities. */
export function execProcess(i: ExecProcessInput): OciProcess {
  const { base, opts } = i;
  if (!opts.command.length) {
    throw new BerthError('invalid-argument', 'must provide a non-empty command to start an exec session: invalid argument');
  }
  let env = mergeEnvList(base.env, [...i.envFileLines, ...(opts.env ?? []).flatMap((e) => envEntry(e, i.hostEnv))]);
  let user = base.user;
  if (opts.user !== undefined && opts.user !== '') {
    const u = resolveUser(opts.user, i.passwd, i.group);
    const extra = u.additionalGids.filter((g) => g !== u.gid);
    user = { uid: u.uid, gid: u.gid, ...(extra.length ? { additionalGids: extra } : {}), ...(base.user.umask !== undefined ? { umask: base.user.umask } : {}) };
    if (u.home !== undefined && !(opts.env ?? []).some((e) => e.startsWith('HOME='))) env = mergeEnvList(env, [`HOME=${u.home}`]);
  }
  let caps = base.capabilities;
  if (opts.privileged) {
    const all = boundingSet();
    caps = { bounding: all, effective: all, permitted: all, inheritable: [], ambient: [] };
  } else if (user.uid !== 0 && caps) {
    caps = { ...caps, effective: [], permitted: [], ambient: [] };
  }
  return {
    ...base,
    terminal: opts.tty ?? false,
    args: opts.command,
    env,
    cwd: opts.workdir || base.cwd,
    user,
    ...(caps ? { capabilities: caps } : {}),
  };
}

/** Reads a file inside the running container (through /proc/<pid>/root); '' when missing. */
export function containerFile(pid: number, file: string): string {
  try {
    return fs.readFileSync(path.join(`/proc/${pid}/root`, file), 'utf8');
  } catch {
    return '';
  }
}

// ---------------------------------------------------------------- exec_sessions rows

export function insertSession(db: Db, id: string, containerId: string, opts: ExecOptions): void {
  db.prepare('INSERT INTO exec_sessions (id, container_id, state, config, created) VALUES (?, ?, ?, ?, ?)')
    .run(id, containerId, 'created', JSON.stringify(opts), Date.now());
}

export function updateSession(db: Db, id: string, u: { pid?: number; state?: string; exitCode?: number }): void {
  db.prepare('UPDATE exec_sessions SET pid = coalesce(?, pid), state = coalesce(?, state), exit_code = coalesce(?, exit_code) WHERE id = ?')
    .run(u.pid ?? null, u.state ?? null, u.exitCode ?? null, id);
}

export function deleteSession(db: Db, id: string): void {
  db.prepare('DELETE FROM exec_sessions WHERE id = ?').run(id);
}

/** Exec session ids of a container, oldest first (inspect's ExecIDs). */
export function sessionIds(db: Db, containerId: string): string[] {
  return (db.prepare('SELECT id FROM exec_sessions WHERE container_id = ? ORDER BY created, rowid').all(containerId) as Array<{ id: string }>).map((r) => r.id);
}
