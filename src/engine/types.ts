// The Engine contract: what every verb group can ask of an engine, local or remote. Reports use Podman's field names.
import type { ImageEngine } from './images.ts';
import type { ContainerEngine } from './containers.ts';
import type { NetworkEngine } from './networks.ts';
import type { VolumeEngine } from './volumes.ts';
import type { SecretEngine } from './secrets.ts';

/** Engine-wide settings from the global flags (podman's persistent flags). */
export interface EngineOptions {
  root?: string;
  runroot?: string;
  storageDriver?: string;
  storageOpts: string[];
  runtime?: string;
  runtimeFlags: string[];
  conmon?: string;
  cgroupManager?: string;
  eventsBackend?: string;
  networkCmdPath?: string;
  networkConfigDir?: string;
  tmpdir?: string;
  volumepath?: string;
  logLevel: string;
}

export interface VersionReport {
  APIVersion: string;
  Version: string;
  NodeVersion: string;
  GitCommit: string;
  BuiltTime: string;
  Built: number;
  OsArch: string;
  Os: string;
}

export interface HelperInfo {
  path: string;
  package: string;
  version: string;
}

export interface OciRuntimeInfo extends HelperInfo {
  name: string;
}

export interface IdMap {
  container_id: number;
  host_id: number;
  size: number;
}

export interface RegistryInfo {
  Prefix: string;
  Location: string;
  Insecure: boolean;
  Blocked: boolean;
  MirrorByDigestOnly: boolean;
  Mirrors: Array<{ Location: string; Insecure: boolean; PullFromMirror: string }> | null;
}

export interface HostInfo {
  arch: string;
  cgroupControllers: string[];
  cgroupManager: string;
  cgroupVersion: string;
  conmon: HelperInfo;
  cpus: number;
  distribution: { codename: string; distribution: string; version: string };
  eventLogger: string;
  hostname: string;
  idMappings: { gidmap: IdMap[] | null; uidmap: IdMap[] | null };
  kernel: string;
  logDriver: string;
  memFree: number;
  memTotal: number;
  networkBackend: string;
  ociRuntime: OciRuntimeInfo;
  os: string;
  rootless: boolean;
  security: {
    apparmorEnabled: boolean;
    capabilities: string;
    rootless: boolean;
    seccompEnabled: boolean;
    seccompProfilePath: string;
    selinuxEnabled: boolean;
  };
  swapFree: number;
  swapTotal: number;
  uptime: string;
  /** Problems found in the environment, each with what Berth does about it or the fix. */
  diagnostics: Array<{ problem: string; fix: string }>;
}

export interface StoreInfo {
  configFiles: string[];
  containerStore: { number: number; paused: number; running: number; stopped: number };
  graphDriverName: string;
  graphOptions: Record<string, string>;
  graphRoot: string;
  graphRootAllocated: number;
  graphRootUsed: number;
  graphStatus: Record<string, string>;
  imageCopyTmpDir: string;
  imageStore: { number: number };
  runRoot: string;
  volumePath: string;
}

export interface InfoReport {
  host: HostInfo;
  registries: Record<string, RegistryInfo | string[]>;
  store: StoreInfo;
  version: VersionReport;
}

export interface SystemEngine {
  version(): Promise<VersionReport>;
  info(): Promise<InfoReport>;
}

/** The whole contract; groups are added as their verbs land. */
export interface Engine {
  system: SystemEngine;
  images: ImageEngine;
  containers: ContainerEngine;
  networks: NetworkEngine;
  volumes: VolumeEngine;
  secrets: SecretEngine;
  /** Releases what the engine holds (database handles, locks). */
  close(): Promise<void>;
}
