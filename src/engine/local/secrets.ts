// The local SecretEngine: secret verbs over the state DB and the file driver (src/secret).
import type { SecretEngine, SecretInfoReport, SecretRemoveReport } from '../secrets.ts';
import type { LocalContext } from './context.ts';
import { isBerthError } from '../../util/errors.ts';
import { rfc3339Nano } from '../../volume/time.ts';
import { createSecret, removeSecret, findSecret } from '../../secret/store.ts';
import { listSecrets, type SecretRecord } from '../../secret/records.ts';
import { parseSecretFilters } from '../../secret/filters.ts';
import { noSuchSecret } from '../../secret/names.ts';

const sorted = (m: Record<string, string>) => Object.fromEntries(Object.keys(m).sort().map((k) => [k, m[k]!]));

/** A record as podman reports it (Berth keeps no update time: a secret is never updated, as in podman 4.3). */
export function secretReport(s: SecretRecord): SecretInfoReport {
  const at = rfc3339Nano(s.created);
  return {
    ID: s.id, CreatedAt: at, UpdatedAt: at,
    Spec: { Name: s.name, Driver: { Name: s.driver, Options: sorted(s.driverOptions) }, Labels: sorted(s.labels) },
  };
}

export class LocalSecretEngine implements SecretEngine {
  private readonly ctx: LocalContext;
  constructor(ctx: LocalContext) {
    this.ctx = ctx;
  }

  async create(opts: Parameters<SecretEngine['create']>[0]): Promise<string> {
    return createSecret(this.ctx.state(), this.ctx.roots.graphRoot, {
      name: opts.name, data: opts.data, driver: opts.driver || 'file', driverOptions: opts.driverOptions ?? {}, labels: opts.labels ?? {},
    }).id;
  }

  async list(filters: string[]) {
    const keep = parseSecretFilters(filters);
    return listSecrets(this.ctx.state()).filter((s) => keep(s)).map(secretReport);
  }

  async inspect(namesOrIds: string[]) {
    const db = this.ctx.state();
    const secrets: SecretInfoReport[] = [];
    const errors: string[] = [];
    for (const n of namesOrIds) {
      try {
        const s = findSecret(db, n);
        if (s) secrets.push(secretReport(s));
        else errors.push(noSuchSecret(n).message);
      } catch (e) {
        if (!isBerthError(e)) throw e;
        errors.push(e.message);
      }
    }
    return { secrets, errors };
  }

  async remove(namesOrIds: string[], opts: { all?: boolean }): Promise<SecretRemoveReport[]> {
    const db = this.ctx.state();
    const reports: SecretRemoveReport[] = [];
    const targets = opts.all ? listSecrets(db).map((s) => s.id) : namesOrIds;
    for (const n of targets) {
      try {
        const s = findSecret(db, n);
        if (!s) throw noSuchSecret(n);
        // Podman 4.3 removes a secret that containers use: their copies stay; env secrets fail at their next start.
        removeSecret(db, s);
        reports.push({ Id: s.id });
      } catch (e) {
        if (!isBerthError(e)) throw e;
        reports.push({ Id: n, Err: { message: e.message, exitCode: e.exitCode } });
      }
    }
    return reports;
  }
}
