// Shared by the volume verbs: podman's argument-count errors and the Go-template view of a volume report.
import { BerthError } from '../../util/errors.ts';
import { goStruct } from '../../format/template.ts';
import { goTimeText } from '../../volume/time.ts';
import type { VolumeReport } from '../../engine/volumes.ts';

export const usage = (message: string) => new BerthError('invalid-argument', message);

/** Templates see CreatedAt as Go prints a time.Time, the report as a struct, Labels/Options as maps. */
export const templateView = (v: VolumeReport) => goStruct({ ...v, CreatedAt: goTimeText(v.CreatedAt) }, 'entities.VolumeConfigResponse');

/** Podman's label flag values: KEY=VALUE or KEY (empty value). */
export function labelMap(labels: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of labels) {
    const eq = l.indexOf('=');
    if (eq < 0) out[l] = '';
    else out[l.slice(0, eq)] = l.slice(eq + 1);
  }
  return out;
}
