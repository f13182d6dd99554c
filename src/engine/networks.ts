// The NetworkEngine contract: options and reports for every network verb, with Podman's JSON field names.
import type { Network, NetInterface } from '../network/types.ts';
import type { CreateRequest } from '../network/config.ts';

/** A network as inspect shows it: the definition plus, like Podman 5, the containers attached to it. */
export type NetworkReport = Network & { containers?: Record<string, { name: string; interfaces: Record<string, NetInterface> }> };

/** `network connect` per-network options. */
export interface NetworkConnectOptions {
  ips?: string[];
  aliases?: string[];
  mac?: string;
  interfaceName?: string;
}

/** `network create` input: the network subsystem's own request type (one definition for both layers). */
export type NetworkCreateOptions = CreateRequest;

export interface NetworkRmReport {
  Name: string;
  Err?: string;
  /** podman's exit code for this failure (1 not found, 2 in use, 125 otherwise). */
  ExitCode?: number;
}

export interface NetworkPruneReport {
  Name: string;
  Error?: string;
}

export interface NetworkEngine {
  create(opts: NetworkCreateOptions): Promise<NetworkReport>;
  list(opts: { filters?: string[] }): Promise<NetworkReport[]>;
  inspect(names: string[]): Promise<{ networks: NetworkReport[]; errors: string[] }>;
  remove(names: string[], opts: { force?: boolean; timeout?: number }): Promise<NetworkRmReport[]>;
  prune(opts: { filters?: string[] }): Promise<NetworkPruneReport[]>;
  exists(name: string): Promise<boolean>;
  /** Attaches a container (running: at once; otherwise at its next start). */
  connect(network: string, container: string, opts: NetworkConnectOptions): Promise<void>;
  disconnect(network: string, container: string, opts: { force?: boolean }): Promise<void>;
  /** Re-installs the firewall (port forwarding) rules of running containers; all when `all`. */
  reload(containers: string[], opts: { all?: boolean }): Promise<Array<{ Id: string; Err?: string }>>;
}
