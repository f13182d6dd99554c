// Renders cobra-style --help text for a command: description, usage, aliases, examples, subcommands, options.
import type { CommandSpec, FlagSpec } from './command.ts';

function flagColumn(f: FlagSpec): string {
  const names = f.short ? `-${f.short}, --${f.name}` : `    --${f.name}`;
  if (f.kind === 'bool') return names;
  return `${names} ${f.valueName ?? (f.kind === 'stringSlice' ? 'strings' : f.kind)}`;
}

function defaultNote(f: FlagSpec): string {
  const d = f.default;
  if (d === undefined || d === false || d === '' || (Array.isArray(d) && d.length === 0)) return '';
  if (f.kind === 'string') return ` (default ${JSON.stringify(d)})`;
  if (Array.isArray(d)) return ` (default [${d.join(',')}])`;
  return ` (default ${String(d)})`;
}

export function renderFlags(flags: readonly FlagSpec[]): string {
  const shown = flags.filter((f) => !f.hidden).sort((a, b) => a.name.localeCompare(b.name));
  const cols = shown.map(flagColumn);
  const width = Math.max(0, ...cols.map((c) => c.length));
  return shown.map((f, i) => `  ${cols[i]!.padEnd(width)}   ${f.help}${defaultNote(f)}`).join('\n');
}

export function renderHelp(cmd: CommandSpec, path: string): string {
  const out: string[] = [cmd.summary, ''];
  if (cmd.description) out.push('Description:', `  ${cmd.description.replace(/\n/g, '\n  ')}`, '');
  out.push('Usage:');
  const subs = (cmd.subcommands ?? []).filter((c) => !c.hidden);
  if (cmd.run || !subs.length) out.push(`  ${path} ${cmd.usage ?? '[options]'}`.trimEnd());
  if (subs.length) out.push(cmd.run || !cmd.usage ? `  ${path} [command]` : `  ${path} ${cmd.usage}`);
  out.push('');
  if (cmd.aliases?.length) out.push('Aliases:', `  ${[cmd.name, ...cmd.aliases].join(', ')}`, '');
  if (cmd.examples?.length) out.push('Examples:', ...cmd.examples.map((e) => `  ${e}`), '');
  if (subs.length) {
    const width = Math.max(11, ...subs.map((c) => c.name.length));
    out.push('Available Commands:');
    for (const c of [...subs].sort((a, b) => a.name.localeCompare(b.name))) {
      out.push(`  ${c.name.padEnd(width)} ${c.summary}`);
    }
    out.push('');
  }
  const own = [...(cmd.flags ?? []), ...(cmd.persistentFlags ?? [])];
  if (own.length) out.push('Options:', renderFlags(own), '');
  return out.join('\n');
}
