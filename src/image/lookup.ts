// Finds a local image from what a user typed: ID or ID prefix, full name, short name (podman's candidates), name@digest.
import type { Db } from '../state/db.ts';
import type { RegistriesConf } from '../config/registries-conf.ts';
import { BerthError } from '../util/errors.ts';
import { parseReference, normalizeName, repositoryName, toString, looksLikeImageId } from './reference.ts';
import { localCandidates } from './resolve.ts';
import { imageByDigest, imageByName, imagesByIdPrefix, listImages, type ImageRecord } from './store.ts';

/** Podman's wording when nothing matches; callers may wrap it ("no such image" for inspect...). */
export const imageNotKnown = (input: string) => new BerthError('not-found', `${input}: image not known`);

/** Returns the image for `input`, or undefined when there is none. */
export function findLocalImage(db: Db, conf: RegistriesConf, input: string): ImageRecord | undefined {
  if (looksLikeImageId(input)) {
    const byId = imagesByIdPrefix(db, input);
    if (byId.length === 1) return byId[0];
    if (byId.length > 1 && input.replace(/^sha256:/, '').length < 64) {
      throw new BerthError('invalid-argument', `${input}: ambiguous image ID prefix (${byId.length} images match)`);
    }
  }
  let ref;
  try {
    ref = parseReference(input);
  } catch {
    return undefined; // not a reference and no ID matched: simply unknown
  }
  const candidates = ref.domain === undefined ? localCandidates(input, conf) : [normalizeName(ref)];
  for (const c of candidates) {
    if (ref.digest !== undefined) {
      const img = imageByDigest(db, repositoryName(c), ref.digest);
      if (img) return img;
      continue;
    }
    const img = imageByName(db, toString({ ...c, tag: c.tag ?? 'latest' }));
    if (img) return img;
  }
  if (ref.domain === undefined && ref.digest === undefined) {
    // Docker compatibility, as podman: a short name also matches any registry's repository ending in /path:tag.
    const suffix = `/${ref.path}:${ref.tag ?? 'latest'}`;
    const hits = listImages(db).filter((i) => i.names.some((n) => n.endsWith(suffix)));
    if (hits.length === 1) return hits[0];
  }
  return undefined;
}

export function getLocalImage(db: Db, conf: RegistriesConf, input: string): ImageRecord {
  const img = findLocalImage(db, conf, input);
  if (!img) throw imageNotKnown(input);
  return img;
}
