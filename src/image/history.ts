// `history`: an image's config history walked newest first against its layer chain, as Podman's libimage does.

export interface ConfigHistory {
  created?: string;
  created_by?: string;
  author?: string;
  comment?: string;
  empty_layer?: boolean;
}

export interface HistoryRow {
  /** Image ID of the image whose top layer this entry made, or `<missing>`. */
  id: string;
  /** unix ms (0 when the entry has no time) */
  created: number;
  createdBy: string;
  comment: string;
  size: number;
  tags: string[] | null;
}

export interface HistoryInput {
  imageId: string;
  history: ConfigHistory[];
  /** The image's layers, top first. */
  layers: Array<{ id: string; size: number }>;
  /** Images topped by each layer (IDs and names), in store order. */
  imagesByTopLayer: Map<string, Array<{ id: string; names: string[] }>>;
}

/**
 * One row per config history entry, newest first. Non-empty entries consume layers from the top down; an entry
 * whose layer tops a stored image shows that image's ID (once) and names; the rest show `<missing>`.
 */
export function imageHistory(input: HistoryInput): HistoryRow[] {
  const out: HistoryRow[] = [];
  const used = new Set<string>();
  let li = 0;
  const n = input.history.length - 1;
  for (let x = n; x >= 0; x--) {
    const h = input.history[x]!;
    const row: HistoryRow = {
      id: x === n ? input.imageId : '<missing>',
      created: h.created ? Date.parse(h.created) || 0 : 0,
      createdBy: h.created_by ?? '',
      comment: h.comment ?? '',
      size: 0,
      tags: null,
    };
    const layer = input.layers[li];
    if (layer) {
      if (!h.empty_layer) row.size = layer.size;
      const images = input.imagesByTopLayer.get(layer.id) ?? [];
      if (images.length > 0) {
        const id = images[0]!.id;
        if (!used.has(id)) {
          row.id = id;
          used.add(id);
        }
        row.tags = images.flatMap((i) => i.names);
      }
      if (!h.empty_layer) li++;
    }
    out.push(row);
  }
  return out;
}
