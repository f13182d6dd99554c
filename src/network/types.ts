// Network types in Podman's JSON shapes (netavark's config and status formats) and the backend interface.

export interface LeaseRange {
  start_ip?: string;
  end_ip?: string;
}

export interface Subnet {
  subnet: string;
  gateway?: string;
  lease_range?: LeaseRange;
}

/** One network definition: podman's types.Network, stored as <configDir>/<name>.json. */
export interface Network {
  name: string;
  id: string;
  driver: string;
  network_interface?: string;
  created: string;
  subnets?: Subnet[];
  ipv6_enabled: boolean;
  internal: boolean;
  dns_enabled: boolean;
  labels?: Record<string, string>;
  options?: Record<string, string>;
  ipam_options?: Record<string, string>;
}

/** What one container asks of one network (podman's PerNetworkOptions). */
export interface PerNetworkOptions {
  static_ips?: string[];
  aliases?: string[];
  static_mac?: string;
  interface_name: string;
}

/** A published port (podman's PortMapping): `range` consecutive ports from host_port/container_port. */
export interface PortMapping {
  host_ip: string;
  container_port: number;
  host_port: number;
  range: number;
  protocol: string;
}

export interface NetAddress {
  /** "10.89.0.2/24" */
  ipnet: string;
  gateway?: string;
}

export interface NetInterface {
  mac_address: string;
  subnets?: NetAddress[];
}

/** Per-network result of a setup (netavark's StatusBlock). */
export interface StatusBlock {
  dns_search_domains?: string[];
  dns_server_ips?: string[];
  interfaces?: Record<string, NetInterface>;
}

/** Everything a backend needs to attach (or detach) one container. */
export interface SetupRequest {
  containerId: string;
  containerName: string;
  /** The bind-mounted netns file. */
  netnsPath: string;
  /** Network name → the container's options on it (IPs already allocated for netavark). */
  networks: Record<string, PerNetworkOptions>;
  /** Network name → its definition. */
  networkInfo: Record<string, Network>;
  portMappings: PortMapping[];
}

export interface NetworkBackend {
  readonly name: 'netavark' | 'cni';
  setup(req: SetupRequest): Promise<Record<string, StatusBlock>>;
  /** Idempotent: undoes what setup did, tolerating what is already gone. */
  teardown(req: SetupRequest): Promise<void>;
}
