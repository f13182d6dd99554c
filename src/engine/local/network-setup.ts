// Builds the local network subsystem from settings: Berth's dirs, the default network, the backend, IPAM, the manager.
import path from 'node:path';
import { existsSync } from 'node:fs';
import type { LocalContext } from './context.ts';
import { loadContainersConf } from '../../config/containers-conf.ts';
import * as host from '../../sys/host.ts';
import { NetworkStore, type DefaultNetworkSpec } from '../../network/store.ts';
import { Ipam } from '../../network/ipam.ts';
import { NetavarkBackend } from '../../network/netavark.ts';
import { CniBackend } from '../../network/cni.ts';
import { NetworkManager } from '../../network/manager.ts';
import type { NetworkBackend } from '../../network/types.ts';
import { hostNetworkLockFile } from '../../config/paths.ts';
import { lockExclusive } from '../../sys/flock.ts';
import { BerthError } from '../../util/errors.ts';

/** Podman's defaults: Berth replaces them with its own so the two never share a bridge, a subnet or a file. */
const PODMAN_DIRS = ['/etc/containers/networks', '/etc/cni/net.d'];
/** mtu 65520: TCP from the host to a published port runs at ~0.9-1.0× loopback speed (1500: ~0.35×); see docs/networking.md. */
export const BERTH_DEFAULT: DefaultNetworkSpec = { name: 'berth', iface: 'berth0', subnet: '10.87.0.0/16', mtu: 65520 };

export interface NetworkParts {
  store: NetworkStore;
  ipam: Ipam;
  backend: NetworkBackend;
  manager: NetworkManager;
  pools: Array<{ base: string; size: number }>;
  /** Dirs of other engines whose subnets count as used (read only). */
  foreignDirs: string[];
  cni?: CniBackend;
  close(): void;
}

export function openNetworkParts(ctx: LocalContext): NetworkParts {
  const s = ctx.settings;
  const conf = ctx.containersConf.network;
  const explicitDir = s.networkConfigDir && !PODMAN_DIRS.includes(s.networkConfigDir) ? s.networkConfigDir : '';
  const dir = explicitDir || path.join(s.graphRoot, 'networks');
  const defaults: DefaultNetworkSpec = {
    name: conf.defaultNetwork && conf.defaultNetwork !== 'podman' ? conf.defaultNetwork : BERTH_DEFAULT.name,
    iface: BERTH_DEFAULT.iface,
    subnet: conf.defaultSubnet && conf.defaultSubnet !== '10.88.0.0/16' ? conf.defaultSubnet : BERTH_DEFAULT.subnet,
    mtu: BERTH_DEFAULT.mtu!,
  };
  const store = new NetworkStore(dir, defaults);
  const ipam = new Ipam(s.runRoot);
  let backend: NetworkBackend;
  let cni: CniBackend | undefined;
  if (s.networkBackend === 'cni') {
    cni = new CniBackend({ pluginDirs: conf.cniPluginDirs, confDir: path.join(dir, 'cni'), stateDir: path.join(s.runRoot, 'cni') });
    backend = cni;
  } else if (s.networkBackend === 'netavark' || !s.networkBackend) {
    const helperDirs = ['/usr/local/libexec/podman', '/usr/local/lib/podman', '/usr/libexec/podman', '/usr/lib/podman'];
    const find = (n: string) => host.findExecutable(n, helperDirs) ?? n;
    backend = new NetavarkBackend({
      binary: find('netavark'),
      aardvarkBinary: find('aardvark-dns'),
      configDir: path.join(s.runRoot, 'networks'),
      hideSystemdRun: host.initProcessName() !== 'systemd' && existsSync('/run/systemd/system'),
    });
  } else {
    throw new BerthError('invalid-argument', `unsupported network backend "${s.networkBackend}"`);
  }
  const lockFile = hostNetworkLockFile(ctx.paths);
  const manager = new NetworkManager(store, ipam, backend, () => lockExclusive(lockFile));
  return {
    store, ipam, backend, manager, cni,
    pools: conf.defaultSubnetPools,
    foreignDirs: PODMAN_DIRS.filter((d) => d !== dir),
    close: () => ipam.close(),
  };
}
