// The NetworkEngine contract: options and reports for every network verb, with Podman's JSON field names.
import type { Network } from '../network/types.ts';

export type NetworkReport = Network;

export interface NetworkCreateOptions {
  name?: string;
  driver?: string;
  subnets?: string[];
  gateways?: string[];
  ipRanges?: string[];
  internal?: boolean;
  disableDns?: boolean;
  ipv6?: boolean;
  options?: Record<string, string>;
  labels?: Record<string, string>;
  interfaceName?: string;
  /** --ignore: an existing network of that name is not an error. */
  ignore?: boolean;
}

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
  remove(names: string[], opts: { force?: boolean }): Promise<NetworkRmReport[]>;
  prune(opts: { filters?: string[] }): Promise<NetworkPruneReport[]>;
  exists(name: string): Promise<boolean>;
}
