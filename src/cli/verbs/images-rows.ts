// `images` rows: one per name (or `<none> <none>`), podman's sort keys, template fields and JSON shape.
import type { ImageSummary } from '../../engine/images.ts';
import { goStruct } from '../../format/template.ts';
import { podmanSize, timeAgo } from '../../format/humanize.ts';

export const SORT_KEYS = ['created', 'id', 'repository', 'size', 'tag'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface ImageRow {
  Repository: string;
  Tag: string;
  /** 12 hex, or sha256:<64 hex> with --no-trunc */
  ID: string;
  Id: string;
  ParentId: string;
  RepoTags: string[];
  RepoDigests: string[];
  Digest: string;
  Names: string[];
  /** "18 months ago" */
  Created: string;
  CreatedSince: string;
  CreatedAt: Date;
  CreatedTime: Date;
  Size: string;
  VirtualSize: number;
  SharedSize: number;
  Containers: number;
  Labels: Record<string, string>;
  ReadOnly: boolean;
  IsReadOnly: boolean;
  Dangling: boolean;
  /** Names history joined by ", " */
  History: string;
  summary: ImageSummary;
}

/** Splits `repo:tag` at the last colon after the last slash (a registry port is not a tag). */
export function splitRepoTag(name: string): [string, string] {
  const noDigest = name.replace(/@.*$/, '');
  const i = noDigest.lastIndexOf(':');
  if (i > noDigest.lastIndexOf('/')) return [noDigest.slice(0, i), noDigest.slice(i + 1)];
  return [noDigest, '<none>'];
}

export function imageRows(list: readonly ImageSummary[], opts: { noTrunc?: boolean; now?: number } = {}): ImageRow[] {
  const now = opts.now ?? Date.now();
  const rows: ImageRow[] = [];
  for (const s of list) {
    const created = s.Created * 1000;
    const base = {
      ID: opts.noTrunc ? `sha256:${s.Id}` : s.Id.slice(0, 12),
      Id: s.Id,
      ParentId: s.ParentId,
      RepoTags: s.RepoTags ?? [],
      RepoDigests: s.RepoDigests,
      Digest: s.Digest,
      Names: s.Names,
      Created: timeAgo(created, now),
      CreatedSince: timeAgo(created, now),
      CreatedAt: new Date(created),
      CreatedTime: new Date(created),
      Size: podmanSize(s.Size),
      VirtualSize: s.VirtualSize,
      SharedSize: s.SharedSize,
      Containers: s.Containers,
      Labels: s.Labels ?? {},
      ReadOnly: s.ReadOnly ?? false,
      IsReadOnly: s.ReadOnly ?? false,
      Dangling: s.Dangling ?? false,
      History: s.History.join(', '),
    };
    const pairs = s.Names.map(splitRepoTag);
    const tagged = pairs.filter(([, t]) => t !== '<none>');
    const shown = tagged.length > 0 ? tagged : pairs.length > 0 ? [pairs[0]!] : [['<none>', '<none>'] as [string, string]];
    for (const [Repository, Tag] of shown) {
      // summary is a non-enumerable link back for JSON output; templates see only podman's fields.
      const row = goStruct({ Repository, Tag, ...base }, 'images.imageReporter') as ImageRow;
      Object.defineProperty(row, 'summary', { value: s, enumerable: false });
      rows.push(row);
    }
  }
  return rows;
}

/** podman's --sort: created newest first; id, repository, size and tag ascending; ties keep store order. */
export function sortRows(rows: ImageRow[], key: SortKey): ImageRow[] {
  const cmp: Record<SortKey, (a: ImageRow, b: ImageRow) => number> = {
    created: (a, b) => b.summary.Created - a.summary.Created,
    id: (a, b) => (a.Id < b.Id ? -1 : a.Id > b.Id ? 1 : 0),
    repository: (a, b) => (a.Repository < b.Repository ? -1 : a.Repository > b.Repository ? 1 : 0),
    size: (a, b) => a.summary.Size - b.summary.Size,
    tag: (a, b) => (a.Tag < b.Tag ? -1 : a.Tag > b.Tag ? 1 : 0),
  };
  return [...rows].sort(cmp[key]);
}

/** `images --format json`: one object per row (an image with three names appears three times), as podman 4.3. */
export function rowJSON(row: ImageRow): Record<string, unknown> {
  const s = row.summary;
  const out: Record<string, unknown> = {
    Id: s.Id,
    ParentId: s.ParentId,
    RepoTags: null,
    RepoDigests: s.RepoDigests,
    Size: s.Size,
    SharedSize: s.SharedSize,
    VirtualSize: s.VirtualSize,
    Labels: s.Labels,
    Containers: s.Containers,
  };
  if (s.ReadOnly) out['ReadOnly'] = true;
  if (s.Dangling) out['Dangling'] = true;
  if (s.Names.length > 0) out['Names'] = s.Names;
  out['Digest'] = s.Digest;
  out['History'] = s.History;
  out['Created'] = s.Created;
  out['CreatedAt'] = s.CreatedAt;
  return out;
}

export function defaultImagesFormat(opts: { digests?: boolean; history?: boolean }): string {
  return (
    'table {{.Repository}}\t{{.Tag}}\t' +
    (opts.digests ? '{{.Digest}}\t' : '') +
    '{{.ID}}\t{{.Created}}\t{{.Size}}' +
    (opts.history ? '\t{{.History}}' : '')
  );
}
