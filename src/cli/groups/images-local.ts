// Command tree entries for the store-only image verbs (images, rmi, tag, ...): top level and under `image`.
import type { CommandSpec } from '../command.ts';

/** Verbs shown at the top level (`berth images`, `berth rmi`). */
export const localTopLevel: CommandSpec[] = [];
/** Verbs shown under `berth image` (`berth image ls`, `berth image rm`). */
export const localImageSub: CommandSpec[] = [];
