// The state database's schema as an ordered list of migrations; never edit a shipped one, append a new one.

export const MIGRATIONS: string[] = [
  // 1: layers, images and their names; containers (minimal, grown by later migrations).
  `
  CREATE TABLE layers (
    id TEXT PRIMARY KEY,              -- chain ID for image layers, random for container layers
    parent TEXT REFERENCES layers(id),
    diff_id TEXT,                     -- sha256 of the uncompressed tar
    compressed_digest TEXT,
    compressed_size INTEGER,
    size INTEGER NOT NULL DEFAULT 0,  -- uncompressed bytes
    created INTEGER NOT NULL          -- unix ms
  );
  CREATE TABLE images (
    id TEXT PRIMARY KEY,              -- config digest hex
    digest TEXT,                      -- manifest digest it was pulled by
    top_layer TEXT REFERENCES layers(id),
    config TEXT NOT NULL,             -- the OCI config JSON
    manifest TEXT,                    -- the manifest JSON
    manifest_type TEXT,
    size INTEGER NOT NULL DEFAULT 0,
    created INTEGER NOT NULL,         -- image creation time (unix ms)
    added INTEGER NOT NULL,           -- when it entered the store
    read_only INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE image_names (
    name TEXT PRIMARY KEY,            -- fully qualified: docker.io/library/busybox:latest
    image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE
  );
  CREATE INDEX image_names_by_image ON image_names(image_id);
  CREATE TABLE image_digests (
    image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
    repo TEXT NOT NULL,               -- docker.io/library/busybox
    digest TEXT NOT NULL,             -- manifest (or index) digest
    PRIMARY KEY (image_id, repo, digest)
  );
  CREATE TABLE containers (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    image_id TEXT REFERENCES images(id),
    state TEXT NOT NULL,
    created INTEGER NOT NULL,
    config TEXT NOT NULL
  );
  `,
];
