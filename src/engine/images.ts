// The ImageEngine contract: options and reports for every image verb, with Podman's JSON field names.

export interface PullOptions {
  allTags?: boolean;
  /** os/arch[/variant]; arch/os/variant override parts of it. */
  platform?: string;
  arch?: string;
  os?: string;
  variant?: string;
  /** undefined: from registries.conf; false: plain HTTP and no TLS verification allowed. */
  tlsVerify?: boolean;
  /** "user:password" or "user" */
  creds?: string;
  authfile?: string;
  certDir?: string;
  retry?: number;
  retryDelayMs?: number;
  /** pull policy for run/create: always | missing | never | newer */
  policy?: 'always' | 'missing' | 'never' | 'newer';
  quiet?: boolean;
}

/** Progress events a pull emits; the CLI draws bars on a TTY or podman's plain lines otherwise. */
export type PullEvent =
  | { type: 'resolved'; message: string } // e.g. Resolved "busybox" as an alias (...)
  | { type: 'trying'; reference: string } // Trying to pull docker.io/library/busybox:latest...
  | { type: 'signatures' } // Getting image source signatures
  | { type: 'blob-start'; digest: string; size: number; resumedFrom?: number }
  | { type: 'blob-progress'; digest: string; done: number; size: number }
  | { type: 'blob-skipped'; digest: string } // skipped: already exists
  | { type: 'blob-done'; digest: string }
  | { type: 'config'; digest: string }
  | { type: 'manifest' } // Writing manifest to image destination
  | { type: 'warning'; message: string };

/**
 * Lets the user pick the image a short name means among several unqualified-search candidates (podman's "Please
 * select an image" on a terminal). Gets the fully qualified candidates in order; resolves to the chosen one, rejects to
 * abort the pull (Ctrl-C). The CLI passes one only when stdin and stdout are terminals; without it a pull behaves as
 * podman without a TTY (enforcing: an error; permissive: candidates tried in order).
 */
export type ShortNameChooser = (candidates: string[]) => Promise<string>;

export interface PullReport {
  /** Image IDs pulled, one per tag with --all-tags. */
  images: string[];
}

export interface SearchOptions {
  limit?: number;
  filters?: string[];
  listTags?: boolean;
  tlsVerify?: boolean;
  authfile?: string;
  creds?: string;
  noTrunc?: boolean;
}

export interface SearchResult {
  Index: string;
  Name: string;
  Description: string;
  Stars: number;
  Official: string;
  Automated: string;
  Tag: string;
}

export interface LoginOptions {
  username?: string;
  password?: string;
  authfile?: string;
  tlsVerify?: boolean;
  certDir?: string;
  /** Only report the stored user name for the registry (`login --get-login`); nothing is checked or written. */
  getLogin?: boolean;
}

/** One row of `images` / `image ls` (podman's ImageSummary). */
export interface ImageSummary {
  Id: string;
  ParentId: string;
  RepoTags: string[] | null;
  RepoDigests: string[];
  Size: number;
  SharedSize: number;
  VirtualSize: number;
  Labels: Record<string, string> | null;
  Containers: number;
  ReadOnly?: boolean;
  Names: string[];
  Digest: string;
  History: string[];
  /** unix seconds */
  Created: number;
  CreatedAt: string;
  Dangling?: boolean;
  /** Untagged with child images: hidden by `images` unless --all. */
  Intermediate?: boolean;
}

export interface ImageListOptions {
  all?: boolean;
  filters?: string[];
}

/** `image inspect` (podman's ImageData). */
export interface ImageData {
  Id: string;
  Digest: string;
  RepoTags: string[];
  RepoDigests: string[];
  Parent: string;
  Comment: string;
  Created: string;
  Config: Record<string, unknown>;
  Version: string;
  Author: string;
  Architecture: string;
  Os: string;
  Size: number;
  VirtualSize: number;
  /** Data is null for vfs (as podman prints it), the overlay dirs otherwise. */
  GraphDriver: { Name: string; Data: Record<string, string> | null };
  RootFS: { Type: string; Layers: string[] };
  Labels: Record<string, string> | null;
  Annotations: Record<string, string>;
  ManifestType: string;
  User: string;
  History: Array<Record<string, unknown>>;
  NamesHistory: string[];
}

export interface HistoryEntry {
  /** The image ID for entries that made a stored image's top layer, else `<missing>`. */
  id: string;
  /** unix ms */
  created: number;
  CreatedBy: string;
  size: number;
  Comment: string;
  tags: string[] | null;
}

export interface RemoveOptions {
  all?: boolean;
  force?: boolean;
  ignore?: boolean;
}

export interface RemoveReport {
  Untagged: string[];
  Deleted: string[];
  /** Per-input errors; the CLI prints them and exits with podman's code. */
  Errors: Array<{ input: string; message: string; exitCode: number }>;
  ExitCode: number;
}

export interface PruneOptions {
  all?: boolean;
  filters?: string[];
}

export interface PruneReport {
  Id: string;
  Size: number;
}

export interface ImageEngine {
  pull(ref: string, opts: PullOptions, onEvent?: (e: PullEvent) => void, choose?: ShortNameChooser): Promise<PullReport>;
  search(term: string, opts: SearchOptions): Promise<SearchResult[]>;
  /** Checks and stores credentials; with `getLogin`, returns the stored user name instead. */
  login(registry: string, opts: LoginOptions): Promise<string | void>;
  /** Removes stored credentials; returns what it logged out of (a registry, or "all registries"). */
  logout(registry: string | undefined, opts: { authfile?: string; all?: boolean }): Promise<string>;
  list(opts: ImageListOptions): Promise<ImageSummary[]>;
  inspect(names: string[]): Promise<{ images: ImageData[]; errors: string[] }>;
  history(name: string): Promise<HistoryEntry[]>;
  tag(name: string, newNames: string[]): Promise<void>;
  untag(name: string, names: string[]): Promise<void>;
  remove(names: string[], opts: RemoveOptions): Promise<RemoveReport>;
  prune(opts: PruneOptions): Promise<PruneReport[]>;
  exists(name: string): Promise<boolean>;
  tree(name: string, opts: { whatRequires?: boolean }): Promise<string>;
}
