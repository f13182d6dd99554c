// The ESM bundle's entry (dist/berth.mjs): enables Node's compile cache for the verb chunks loaded later, runs the CLI.
import { enableCompileCache } from 'node:module';
import { runMain } from './cli/main.ts';

enableCompileCache?.();

void runMain(process.argv.slice(2));
