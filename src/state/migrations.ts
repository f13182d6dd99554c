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
  // 2: the container lifecycle: runtime state beside the creation config, exec sessions.
  `
  ALTER TABLE containers ADD COLUMN image_name TEXT;
  ALTER TABLE containers ADD COLUMN layer_id TEXT;            -- the container's writable layer
  ALTER TABLE containers ADD COLUMN labels TEXT NOT NULL DEFAULT '{}';
  ALTER TABLE containers ADD COLUMN pid INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE containers ADD COLUMN conmon_pid INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE containers ADD COLUMN conmon_start TEXT;        -- /proc/<pid>/stat start time: detects pid reuse
  ALTER TABLE containers ADD COLUMN started INTEGER NOT NULL DEFAULT 0;   -- unix ms
  ALTER TABLE containers ADD COLUMN finished INTEGER NOT NULL DEFAULT 0;  -- unix ms
  ALTER TABLE containers ADD COLUMN exit_code INTEGER;
  ALTER TABLE containers ADD COLUMN oom_killed INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE containers ADD COLUMN mounted TEXT;             -- rootfs mount point while mounted
  ALTER TABLE containers ADD COLUMN netns TEXT;               -- netns path while set up
  ALTER TABLE containers ADD COLUMN network_status TEXT;      -- JSON from the network backend
  ALTER TABLE containers ADD COLUMN restart_count INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE containers ADD COLUMN state_detail TEXT;        -- JSON for anything else the lifecycle records
  CREATE INDEX containers_by_state ON containers(state);
  CREATE INDEX containers_by_image ON containers(image_id);
  CREATE TABLE exec_sessions (
    id TEXT PRIMARY KEY,
    container_id TEXT NOT NULL REFERENCES containers(id) ON DELETE CASCADE,
    pid INTEGER NOT NULL DEFAULT 0,
    exit_code INTEGER,
    state TEXT NOT NULL,
    config TEXT NOT NULL,
    created INTEGER NOT NULL
  );
  `,
  // 3: named volumes (local driver) and which containers use them.
  `
  CREATE TABLE volumes (
    name TEXT PRIMARY KEY,
    driver TEXT NOT NULL DEFAULT 'local',
    mountpoint TEXT NOT NULL,                 -- <volumePath>/<name>/_data
    created TEXT NOT NULL,                    -- RFC 3339 UTC with 9 fraction digits (sorts as text)
    labels TEXT NOT NULL DEFAULT '{}',        -- JSON object
    options TEXT NOT NULL DEFAULT '{}',       -- JSON object: the driver options as podman stores them
    anonymous INTEGER NOT NULL DEFAULT 0,
    uid INTEGER,                              -- from -o o=uid=N (NULL: not set)
    gid INTEGER,
    needs_copy_up INTEGER NOT NULL DEFAULT 1, -- image content not yet copied in on first use
    needs_chown INTEGER NOT NULL DEFAULT 1,   -- not yet chowned to the first container's user
    mount_count INTEGER NOT NULL DEFAULT 0    -- users of the driver mount (type/device/o volumes)
  );
  CREATE TABLE volume_users (
    volume TEXT NOT NULL REFERENCES volumes(name),           -- no cascade: a used volume cannot be deleted
    container_id TEXT NOT NULL REFERENCES containers(id) ON DELETE CASCADE,
    PRIMARY KEY (volume, container_id)
  );
  CREATE INDEX volume_users_by_container ON volume_users(container_id);
  `,
  // 4: container dependencies (shared namespaces, --requires), indexed both ways: start walks a container's
  // dependencies, rm looks up its dependents.
  `
  CREATE TABLE container_dependencies (
    container_id TEXT NOT NULL REFERENCES containers(id) ON DELETE CASCADE,
    depends_on TEXT NOT NULL REFERENCES containers(id),  -- no cascade: a container others depend on cannot be deleted
    position INTEGER NOT NULL,                           -- the order create recorded them in (inspect's Dependencies)
    PRIMARY KEY (container_id, depends_on)
  );
  CREATE INDEX container_dependencies_by_target ON container_dependencies(depends_on);
  `,
  // 5: every name an image has had, most recent first, kept after untag and after the name moved to another image
  // (podman's NamesHistory); existing images start with their current names, newest first.
  `
  ALTER TABLE images ADD COLUMN names_history TEXT NOT NULL DEFAULT '[]';  -- JSON array of fully qualified names
  UPDATE images SET names_history = (
    SELECT coalesce(json_group_array(name), '[]') FROM (SELECT name FROM image_names WHERE image_id = images.id ORDER BY rowid DESC)
  );
  `,
  // 6: secrets (podman's file driver): the metadata here, the data in 0600 files named by ID under the driver's path.
  `
  CREATE TABLE secrets (
    id TEXT PRIMARY KEY,                      -- 25 hex characters, as podman
    name TEXT NOT NULL UNIQUE,
    driver TEXT NOT NULL,
    driver_options TEXT NOT NULL DEFAULT '{}', -- JSON object (the file driver's path)
    labels TEXT NOT NULL DEFAULT '{}',         -- JSON object
    created TEXT NOT NULL                      -- RFC 3339 UTC with 9 fraction digits (sorts as text)
  );
  `,
];
