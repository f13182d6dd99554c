// `berth container inspect`: containers only (podman's InspectContainerData, 5-space JSON or a template per container).
import type { CommandContext } from '../command.ts';
import { inspectObjects } from './inspect.ts';

export default async function containerInspect(ctx: CommandContext): Promise<number> {
  return inspectObjects(ctx, 'container');
}
