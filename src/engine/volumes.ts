// The VolumeEngine contract: options and reports for every volume verb, with Podman's JSON field names.

export interface VolumeCreateOptions {
  /** Empty: a random 64-hex name. */
  name?: string;
  driver?: string;
  labels?: Record<string, string>;
  /** `-o key=value` as a map (the last of a repeated key wins). */
  options?: Record<string, string>;
}

/** `volume inspect` and each `volume ls --format json` item (podman's InspectVolumeData). */
export interface VolumeReport {
  Name: string;
  Driver: string;
  Mountpoint: string;
  /** RFC 3339 with nanoseconds in the local zone, as podman prints it. */
  CreatedAt: string;
  Labels: Record<string, string>;
  Scope: 'local';
  Options: Record<string, string>;
  UID?: number;
  GID?: number;
  Anonymous?: boolean;
  MountCount: number;
  NeedsCopyUp?: boolean;
  NeedsChown?: boolean;
}

export interface VolumeRemoveOptions {
  all?: boolean;
  force?: boolean;
  /** Seconds to wait for running containers to stop before killing them (rm -f of a volume in use). */
  timeout?: number;
}

/** One line of `volume rm`: the name removed, or why not (with podman's exit code: 1 no such volume, 2 in use). */
export interface VolumeRemoveReport {
  Id: string;
  Err?: { message: string; exitCode: number };
}

export interface VolumePruneReport {
  Id: string;
  Size: number;
}

export interface VolumeEngine {
  create(opts: VolumeCreateOptions): Promise<string>;
  /** Podman 4.3 keeps a volume when any filter matches. */
  list(filters: string[]): Promise<VolumeReport[]>;
  inspect(names: string[], opts: { all?: boolean }): Promise<{ volumes: VolumeReport[]; errors: string[] }>;
  remove(names: string[], opts: VolumeRemoveOptions): Promise<VolumeRemoveReport[]>;
  /** Unused volumes matching the filters (what prune would remove, for its prompt). */
  pruneCandidates(filters: string[]): Promise<string[]>;
  prune(filters: string[]): Promise<VolumePruneReport[]>;
  exists(name: string): Promise<boolean>;
}
