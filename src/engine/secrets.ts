// The SecretEngine contract: options and reports for the secret verbs, with Podman's JSON field names. Never carries data out.

export interface SecretCreateOptions {
  name: string;
  /** The secret's bytes (1 to 511999). */
  data: Buffer;
  /** Default "file". */
  driver?: string;
  driverOptions?: Record<string, string>;
  labels?: Record<string, string>;
}

/** `secret inspect` (podman's SecretInfoReport). */
export interface SecretInfoReport {
  ID: string;
  /** RFC 3339 with nanoseconds in the local zone. */
  CreatedAt: string;
  UpdatedAt: string;
  Spec: {
    Name: string;
    Driver: { Name: string; Options: Record<string, string> };
    Labels: Record<string, string>;
  };
}

/** One line of `secret rm`: the ID removed, or why not (podman exits 125 for an unknown secret). */
export interface SecretRemoveReport {
  Id: string;
  Err?: { message: string; exitCode: number };
}

export interface SecretEngine {
  /** Returns the new secret's ID. */
  create(opts: SecretCreateOptions): Promise<string>;
  /** `--filter name=RE` / `id=RE` (values of one key OR'd, keys AND'ed). */
  list(filters: string[]): Promise<SecretInfoReport[]>;
  inspect(namesOrIds: string[]): Promise<{ secrets: SecretInfoReport[]; errors: string[] }>;
  remove(namesOrIds: string[], opts: { all?: boolean }): Promise<SecretRemoveReport[]>;
}
