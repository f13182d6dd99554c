// `update`'s resource flags: new cgroup limits for a running container through `runc update`, not recorded in its
// configuration (as podman 4.3: the next start uses the limits it was created with).
import { statSync } from 'node:fs';
import type { LifecycleEnv } from '../../container/env.ts';
import { withContainerLock } from '../../container/lock.ts';
import { getContainer, lookupContainer } from '../../container/records.ts';
import { reconcile } from '../../container/reconcile.ts';
import { buildUpdateResources, type ResourceUpdate } from '../../runtime/resources.ts';
import { major, minor } from '../../sys/fs.ts';
import { BerthError, invalidArgument } from '../../util/errors.ts';
import { log } from '../../util/log.ts';

/** A block device's numbers, for the per-device blkio flags. */
function blockDevice(path: string): { major: number; minor: number } {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    throw invalidArgument(`${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
  }
  if (!st.isBlockDevice()) throw invalidArgument(`${path} is not a block device`);
  return { major: major(st.rdev), minor: minor(st.rdev) };
}

export async function updateResources(env: LifecycleEnv, nameOrId: string, o: ResourceUpdate): Promise<string> {
  const id = lookupContainer(env.db, nameOrId).id;
  const resources = buildUpdateResources(o, blockDevice);
  return withContainerLock(env, id, async () => {
    const rec = reconcile(env, getContainer(env.db, id)!);
    if (Object.keys(resources).length === 0) return id;
    if (rec.state !== 'running' && rec.state !== 'paused' && rec.state !== 'initialized') {
      // What podman 4.3 prints when the runtime has no such container (it runs `runc update` regardless).
      log.error('container does not exist');
      throw new BerthError('internal', `\`${env.runtime.path} update --resources=- ${id}\` failed: exit status 1`);
    }
    await env.runtime.update(id, { ...resources });
    return id;
  });
}
