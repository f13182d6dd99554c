// Command tree entries for the registry-facing image verbs (pull, search, login, logout): top level and under `image`.
import type { CommandSpec } from '../command.ts';

/** Verbs shown at the top level (`berth pull`). */
export const registryTopLevel: CommandSpec[] = [];
/** Verbs shown under `berth image` (`berth image pull`). */
export const registryImageSub: CommandSpec[] = [];
