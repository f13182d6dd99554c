// `healthcheck run`: one run of the container's healthcheck through an exec session, its result recorded.
import { Writable } from 'node:stream';
import type { LifecycleEnv } from '../../container/env.ts';
import { healthArgv, nextHealth } from '../../container/health.ts';
import { withContainerLock } from '../../container/lock.ts';
import { reconcile } from '../../container/reconcile.ts';
import { findContainer, getContainer, updateContainer } from '../../container/records.ts';
import { transaction } from '../../state/db.ts';
import { BerthError } from '../../util/errors.ts';
import { execInContainer } from './container-exec.ts';
import * as lc from '../../container/lifecycle.ts';

export async function healthcheckRun(env: LifecycleEnv, nameOrId: string): Promise<'healthy' | 'unhealthy'> {
  const found = findContainer(env.db, nameOrId);
  if (!found) {
    throw new BerthError('not-found', `unable to look up ${nameOrId} to perform a health check: no container with name or ID "${nameOrId}" found: no such container`);
  }
  const rec = reconcile(env, found);
  const cfg = rec.config.healthcheck;
  if (!cfg) throw new BerthError('invalid-argument', `container ${rec.id} has no defined healthcheck`);
  if (rec.state !== 'running') throw new BerthError('conflict', `container ${rec.id} is not running`);
  let output = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      if (output.length < 4096) output += chunk.toString('utf8');
      cb();
    },
  });
  const start = new Date();
  let exitCode: number;
  try {
    // The check's timeout, whole seconds as conmon counts them (podman: a check past it has failed).
    const timeoutSeconds = cfg.Timeout > 0 ? Math.max(1, Math.ceil(cfg.Timeout / 1e9)) : undefined;
    const r = await execInContainer(env, rec.id, { command: healthArgv(cfg), ...(timeoutSeconds ? { timeoutSeconds } : {}) }, { stdout: sink, stderr: sink, sigProxy: false });
    exitCode = r.ExitCode ?? 1;
  } catch (e) {
    // A command that cannot run (not found, not executable) is a failed check, as in podman.
    output += (e as Error).message;
    exitCode = 1;
  }
  const end = new Date();
  let status = '';
  await withContainerLock(env, rec.id, async () => {
    transaction(env.db, () => {
      const cur = getContainer(env.db, rec.id);
      if (!cur) return;
      const next = nextHealth(cur.detail.health, cfg, { start, end, exitCode, output }, cur.started);
      status = next.Status;
      updateContainer(env.db, rec.id, { detail: { health: next } });
    });
  });
  const action = rec.config.healthOnFailure;
  if (status === 'unhealthy' && action) {
    // --health-on-failure, once the container is unhealthy (podman 4.3's actions)
    if (action === 'kill') await lc.kill(env, rec.id, 'KILL');
    else if (action === 'stop') await lc.stop(env, rec.id);
    else if (action === 'restart') {
      await lc.stop(env, rec.id);
      await lc.start(env, rec.id);
    }
  }
  return exitCode === 0 ? 'healthy' : 'unhealthy';
}
