// The CNI backend (spec 1.0): ADD/DEL/CHECK through each conflist's plugins with prevResult chaining; results cached for DEL.
import { mkdirSync, readFileSync, writeFileSync, rmSync, renameSync } from 'node:fs';
import path from 'node:path';
import { run } from '../sys/exec.ts';
import { BerthError } from '../util/errors.ts';
import { log } from '../util/log.ts';
import { findExecutable } from '../sys/host.ts';
import { conflistFor, cniPortMappings, pluginInput, type Conflist } from './cni-conf.ts';
import type { NetworkBackend, SetupRequest, StatusBlock, PerNetworkOptions, PortMapping } from './types.ts';

export interface CniOptions {
  pluginDirs: string[];
  /** Berth's conflist dir (written for every network the backend uses). */
  confDir: string;
  /** Cached results and host-local leases under the run root. */
  stateDir: string;
}

interface CniResult {
  cniVersion?: string;
  interfaces?: Array<{ name: string; mac?: string; sandbox?: string }>;
  ips?: Array<{ address: string; gateway?: string; interface?: number }>;
  dns?: { nameservers?: string[]; search?: string[] };
}

interface CacheEntry {
  conflist: Conflist;
  ifName: string;
  netns: string;
  args: string;
  runtime: Record<string, unknown>;
  result: CniResult;
}

/** Turns the final CNI result into netavark's StatusBlock shape, so callers see one format. */
export function statusFromResult(r: CniResult, ifName: string): StatusBlock {
  const idx = (r.interfaces ?? []).findIndex((i) => i.name === ifName && i.sandbox);
  const mac = idx >= 0 ? r.interfaces![idx]!.mac ?? '' : '';
  const subnets = (r.ips ?? []).filter((ip) => ip.interface === undefined || ip.interface === idx).map((ip) => {
    const a: { ipnet: string; gateway?: string } = { ipnet: ip.address };
    if (ip.gateway) a.gateway = ip.gateway;
    return a;
  });
  const s: StatusBlock = { interfaces: { [ifName]: { mac_address: mac, subnets } } };
  if (r.dns?.nameservers?.length) s.dns_server_ips = r.dns.nameservers;
  if (r.dns?.search?.length) s.dns_search_domains = r.dns.search;
  return s;
}

export class CniBackend implements NetworkBackend {
  readonly name = 'cni' as const;
  private opts: CniOptions;

  constructor(opts: CniOptions) {
    this.opts = opts;
  }

  get ipamDataDir(): string {
    return path.join(this.opts.stateDir, 'networks');
  }

  private cacheFile(net: string, containerId: string, ifName: string): string {
    return path.join(this.opts.stateDir, 'results', `${net}-${containerId}-${ifName}.json`);
  }

  private plugin(type: string): string {
    const p = findExecutable(type, this.opts.pluginDirs);
    if (!p || !this.opts.pluginDirs.some((d) => p.startsWith(d + '/'))) {
      throw new BerthError('unavailable', `failed to find plugin "${type}" in path [${this.opts.pluginDirs.join(' ')}]`);
    }
    return p;
  }

  /** Runs one plugin; returns its parsed stdout. */
  private async exec(cmd: 'ADD' | 'DEL' | 'CHECK', containerId: string, netns: string, ifName: string, args: string, input: Record<string, unknown>): Promise<unknown> {
    const bin = this.plugin(String(input['type']));
    const r = await run(bin, [], {
      input: JSON.stringify(input),
      allowFailure: true,
      timeoutMs: 60_000,
      env: {
        ...process.env,
        CNI_COMMAND: cmd,
        CNI_CONTAINERID: containerId,
        CNI_NETNS: netns,
        CNI_IFNAME: ifName,
        CNI_ARGS: args,
        CNI_PATH: this.opts.pluginDirs.join(':'),
      },
    });
    if (r.code !== 0) {
      let msg = r.stderr.trim() || `exit status ${r.code}`;
      try {
        const e = JSON.parse(r.stdout) as { msg?: string; details?: string };
        msg = [e.msg, e.details].filter(Boolean).join(': ');
      } catch {
        // not a CNI error object
      }
      throw new BerthError('internal', `plugin type="${String(input['type'])}" failed (${cmd.toLowerCase()}): ${msg}`);
    }
    return r.stdout.trim() ? JSON.parse(r.stdout) : undefined;
  }

  /** Writes the conflist for a network into Berth's conf dir (what `network create` stores for this backend). */
  writeConflist(list: Conflist): void {
    mkdirSync(this.opts.confDir, { recursive: true });
    const file = path.join(this.opts.confDir, `${list.name}.conflist`);
    writeFileSync(`${file}.tmp`, JSON.stringify(list, null, 3) + '\n');
    renameSync(`${file}.tmp`, file);
  }

  removeConflist(name: string): void {
    rmSync(path.join(this.opts.confDir, `${name}.conflist`), { force: true });
  }

  private runtimeFor(opts: PerNetworkOptions, ports: readonly PortMapping[]): Record<string, unknown> {
    const rt: Record<string, unknown> = { portMappings: cniPortMappings(ports) };
    if (opts.static_ips?.length) rt['ips'] = opts.static_ips;
    if (opts.static_mac) rt['mac'] = opts.static_mac;
    return rt;
  }

  async setup(req: SetupRequest): Promise<Record<string, StatusBlock>> {
    const out: Record<string, StatusBlock> = {};
    const done: SetupRequest['networks'] = {};
    try {
      for (const [name, opts] of Object.entries(req.networks)) {
        const list = conflistFor(req.networkInfo[name]!, this.ipamDataDir);
        this.writeConflist(list);
        const runtime = this.runtimeFor(opts, req.portMappings);
        const args = `IgnoreUnknown=1;K8S_POD_NAME=${req.containerName}`;
        const entry: CacheEntry = { conflist: list, ifName: opts.interface_name, netns: req.netnsPath, args, runtime, result: {} };
        const file = this.cacheFile(name, req.containerId, opts.interface_name);
        mkdirSync(path.dirname(file), { recursive: true });
        // Cache before the first plugin runs: a crash mid-ADD still leaves DEL what it needs.
        writeFileSync(file, JSON.stringify(entry));
        done[name] = opts;
        let prev: unknown;
        for (const p of list.plugins) {
          prev = await this.exec('ADD', req.containerId, req.netnsPath, opts.interface_name, args, pluginInput(list, p, runtime, prev));
        }
        entry.result = prev as CniResult;
        writeFileSync(file, JSON.stringify(entry));
        out[name] = statusFromResult(entry.result, opts.interface_name);
      }
    } catch (e) {
      await this.teardown({ ...req, networks: done }).catch((t: Error) => log.debug(`DEL after failed ADD: ${t.message}`));
      throw e;
    }
    return out;
  }

  async teardown(req: SetupRequest): Promise<void> {
    const errors: string[] = [];
    for (const [name, opts] of Object.entries(req.networks)) {
      const file = this.cacheFile(name, req.containerId, opts.interface_name);
      let entry: CacheEntry;
      try {
        entry = JSON.parse(readFileSync(file, 'utf8')) as CacheEntry;
      } catch {
        // No cache: the network's current definition is the best guess (spec: DEL without prevResult is allowed).
        const info = req.networkInfo[name];
        if (!info) continue;
        entry = {
          conflist: conflistFor(info, this.ipamDataDir), ifName: opts.interface_name, netns: req.netnsPath,
          args: 'IgnoreUnknown=1', runtime: this.runtimeFor(opts, req.portMappings), result: {},
        };
      }
      const prev = entry.result && Object.keys(entry.result).length ? entry.result : undefined;
      for (const p of [...entry.conflist.plugins].reverse()) {
        try {
          await this.exec('DEL', req.containerId, req.netnsPath, entry.ifName, entry.args, pluginInput(entry.conflist, p, entry.runtime, prev));
        } catch (e) {
          errors.push((e as Error).message);
        }
      }
      rmSync(file, { force: true });
    }
    if (errors.length) throw new BerthError('internal', errors.join('; '));
  }

  /** CNI CHECK with the cached result as prevResult; throws the first plugin's complaint. */
  async check(req: SetupRequest): Promise<void> {
    for (const [name, opts] of Object.entries(req.networks)) {
      const entry = JSON.parse(readFileSync(this.cacheFile(name, req.containerId, opts.interface_name), 'utf8')) as CacheEntry;
      for (const p of entry.conflist.plugins) {
        await this.exec('CHECK', req.containerId, req.netnsPath, entry.ifName, entry.args, pluginInput(entry.conflist, p, entry.runtime, entry.result));
      }
    }
  }
}
