// Everything one local engine call needs: resolved settings, host facts, and the state database opened on demand.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineOptions } from '../types.ts';
import { currentPathContext, storagePaths, type PathContext } from '../../config/paths.ts';
import { loadContainersConf, type ContainersConf } from '../../config/containers-conf.ts';
import { cachedConf } from '../../config/conf-cache.ts';
import {
  loadRegistriesConf,
  registriesConfCodec,
  registriesConfInputs,
  type RegistriesConf,
} from '../../config/registries-conf.ts';
import * as host from '../../sys/host.ts';
import { closeStateDb, openStateDb, type Db } from '../../state/db.ts';
import { resolveSettings, type Diagnostic, type Settings, type HostFacts } from './settings.ts';

export class LocalContext {
  readonly paths: PathContext;
  /** The global flags this call was made with (container exit commands repeat them). */
  readonly opts: EngineOptions;
  private db: Db | undefined;
  private cached: { settings?: Settings; conf?: ContainersConf; registries?: RegistriesConf; systemd?: boolean } = {};

  constructor(opts: EngineOptions) {
    this.opts = opts;
    this.paths = currentPathContext();
  }

  /** PID 1 is systemd (not merely /run/systemd/system present). */
  get systemdInit(): boolean {
    return (this.cached.systemd ??= host.initProcessName() === 'systemd');
  }

  /** containers.conf, merged once per call on first use (verbs like `version` never read it). */
  get containersConf(): ContainersConf {
    return (this.cached.conf ??= loadContainersConf(this.paths, { systemd: this.systemdInit }));
  }

  /** registries.conf with its drop-ins, loaded once per call on first use. */
  get registriesConf(): RegistriesConf {
    // Parsed once, then read back as JSON from the run root while the files are unchanged (conf-cache.ts).
    return (this.cached.registries ??= cachedConf(
      join(this.roots.runRoot, 'cache', 'registries-conf.json'),
      registriesConfInputs(this.paths),
      () => loadRegistriesConf(this.paths),
      registriesConfCodec,
    ));
  }

  /** The effective settings (flags over config over host facts), resolved on first use. */
  get settings(): Settings {
    if (this.cached.settings) return this.cached.settings;
    const cg = host.cgroups();
    const facts: HostFacts = {
      cgroupVersion: cg.version,
      cgroupHybrid: cg.hybrid,
      systemdInit: this.systemdInit,
      which: (p) => host.findExecutable(p),
      exists: (p) => existsSync(p),
      tmpDir: process.env['TMPDIR'] || '/var/tmp',
    };
    this.cached.settings = resolveSettings(this.opts, this.containersConf, this.registriesConf, storagePaths(this.paths), facts);
    return this.cached.settings;
  }

  /**
   * Where the store lives: flags over the default paths, exactly as resolveSettings decides, without resolving the rest
   * (runtime lookup, cgroups, registries.conf), which read verbs such as ps never need.
   */
  get roots(): { graphRoot: string; runRoot: string } {
    if (this.cached.settings) return this.cached.settings;
    const d = storagePaths(this.paths);
    return { graphRoot: this.opts.root ?? d.graphRoot, runRoot: this.opts.runroot ?? d.runRoot };
  }

  /** The state database, opened (and migrated) on first use. */
  state(): Db {
    this.db ??= openStateDb(this.roots.graphRoot);
    return this.db;
  }

  storeCounts(): { images: number; containers: { number: number; paused: number; running: number; stopped: number } } {
    const db = this.state();
    const images = (db.prepare('SELECT count(*) AS n FROM images').get() as { n: number }).n;
    const rows = db.prepare('SELECT state, count(*) AS n FROM containers GROUP BY state').all() as Array<{
      state: string;
      n: number;
    }>;
    const by = (s: string) => rows.find((r) => r.state === s)?.n ?? 0;
    const number = rows.reduce((a, r) => a + r.n, 0);
    return { images, containers: { number, paused: by('paused'), running: by('running'), stopped: number - by('paused') - by('running') } };
  }

  /** Environment problems with what Berth does about them; CRIU is probed only here (info), not on every call. */
  diagnostics(): Diagnostic[] {
    const out = [...this.settings.diagnostics];
    const criu = host.findExecutable('criu');
    if (!criu) out.push({ problem: 'criu not found: checkpoint/restore unavailable', fix: 'install the criu package' });
    else {
      const check = host.criuCheck(criu);
      if (check) out.push({ problem: `CRIU fails \`criu check\`: checkpoint unavailable because ${check}`, fix: 'a CRIU and kernel that pass `criu check`' });
    }
    return out;
  }

  close(): void {
    if (this.db) closeStateDb(this.db);
    this.db = undefined;
  }
}
