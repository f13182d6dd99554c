// The local engine's exec: a session through conmon (runtime/conmon.ts), attached to the caller's streams, recorded.
import { firstMissingPassedFd } from '../../sys/fs.ts';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from '../../sys/random.ts';
import type { AttachStreams, ExecOptions, ExecReport } from '../containers.ts';
import { bundleDir, type LifecycleEnv } from '../../container/env.ts';
import { conmonJoin } from '../../container/cgroup-options.ts';
import { containerFile, deleteSession, execProcess, insertSession, parseEnvFile, updateSession } from '../../container/exec.ts';
import { readSpec } from '../../container/inspect.ts';
import * as lc from '../../container/lifecycle.ts';
import { attach, type AttachResult } from '../../runtime/attach.ts';
import { execContainer } from '../../runtime/conmon.ts';
import { BerthError } from '../../util/errors.ts';

/** podman exec's exit code for its own errors (measured on podman 4.3: 255, not 125). */
export const EXEC_ERROR_CODE = 255;

const execError = (msg: string) => new BerthError('conflict', msg, { exitCode: EXEC_ERROR_CODE });

export async function execInContainer(env: LifecycleEnv, nameOrId: string, o: ExecOptions, s?: AttachStreams): Promise<ExecReport> {
  const rec = lc.current(env, nameOrId);
  if (rec.state !== 'running') {
    throw execError('can only create exec sessions on running containers: container state improper');
  }
  if (!o.command.length) throw new BerthError('invalid-argument', 'must provide a non-empty command to start an exec session: invalid argument', { exitCode: EXEC_ERROR_CODE });
  if (o.preserveFds) {
    const missing = firstMissingPassedFd(o.preserveFds);
    if (missing !== undefined) throw new BerthError('invalid-argument', `file descriptor ${missing} is not available - the preserve-fds option requires that file descriptors must be passed`);
  }
  const spec = readSpec(bundleDir(env, rec.id));
  if (!spec) throw execError(`container ${rec.id} has no OCI spec: container state improper`);
  const envFileLines: string[] = [];
  for (const f of o.envFiles ?? []) {
    let text: string;
    try {
      text = fs.readFileSync(f, 'utf8');
    } catch {
      throw new BerthError('not-found', `parsing env file "${f}": open ${f}: no such file or directory`);
    }
    envFileLines.push(...parseEnvFile(text, process.env));
  }
  let proc;
  try {
    proc = execProcess({
      base: spec.process, opts: o, passwd: containerFile(rec.pid, 'etc/passwd'), group: containerFile(rec.pid, 'etc/group'),
      hostEnv: process.env, envFileLines,
    });
  } catch (e) {
    if (e instanceof BerthError) throw new BerthError(e.code, e.message, { exitCode: EXEC_ERROR_CODE });
    throw e;
  }
  const id = randomBytes(32).toString('hex');
  const sessionDir = path.join(bundleDir(env, rec.id), 'exec', id);
  insertSession(env.db, id, rec.id, o);
  let attached: Promise<AttachResult> | undefined;
  const streams = o.detach ? undefined : s;
  try {
    let onDetach: (() => void) | undefined;
    const detached = new Promise<'detached'>((resolve) => (onDetach = () => resolve('detached')));
    const running = execContainer({
      runtime: env.runtime, conmonPath: env.conmonPath, containerId: rec.id, sessionId: id, sessionDir,
      tty: o.tty ?? false, stdin: (o.interactive ?? false) && !o.detach, process: proc as unknown as Record<string, unknown>,
      logLevel: env.logLevel as never, detach: o.detach ?? false,
      ...conmonJoin(env, rec.config.spec),
      ...(o.preserveFds ? { preserveFds: o.preserveFds } : {}),
      ...(o.timeoutSeconds ? { killAfterSeconds: o.timeoutSeconds } : {}),
      ...(streams ? {
        onAttachReady: (p: { attachSocket: string; ctlPath: string }) => {
          attached = attach({
            socketPath: p.attachSocket, ctlPath: p.ctlPath, stdout: streams.stdout, stderr: streams.stderr, tty: o.tty ?? false,
            ...(o.interactive && streams.stdin ? { stdin: streams.stdin } : {}),
            ...(o.detachKeys !== undefined ? { detachKeys: o.detachKeys } : streams.detachKeys !== undefined ? { detachKeys: streams.detachKeys } : {}),
          });
          attached.then((how) => how === 'detached' && onDetach?.(), () => undefined);
        },
      } : {}),
    });
    const first = await Promise.race([running, detached]);
    if (first === 'detached') {
      // The session goes on without us (podman: detaching from an exec prints nothing, exits 0).
      running.then((x) => updateSession(env.db, id, { pid: x.pid, state: 'running' }), () => undefined);
      return { Id: id, Detached: true };
    }
    const r = first;
    updateSession(env.db, id, { pid: r.pid, state: o.detach ? 'running' : 'stopped', ...(r.exitCode !== undefined ? { exitCode: r.exitCode } : {}) });
    if (o.detach) return { Id: id, Detached: true };
    if (attached) await attached;
    deleteSession(env.db, id);
    fs.rmSync(sessionDir, { recursive: true, force: true });
    return { Id: id, ...(r.exitCode !== undefined ? { ExitCode: r.exitCode } : {}) };
  } catch (e) {
    deleteSession(env.db, id);
    fs.rmSync(sessionDir, { recursive: true, force: true });
    throw e;
  }
}
