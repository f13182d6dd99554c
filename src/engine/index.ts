// Hands the CLI an Engine: today the local one; the remote one joins with the REST API.
import type { Engine, EngineOptions } from './types.ts';

export async function getEngine(opts: EngineOptions): Promise<Engine> {
  const { createLocalEngine } = await import('./local/engine.ts');
  return createLocalEngine(opts);
}
