import { readRepoFile } from './repo';

export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}
export interface Stage {
  name: string;
  from: string;
  instructions: Instruction[];
}

/** Instructions with continuation lines joined and comments dropped. */
export function instructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    while (line.endsWith('\\') && i + 1 < lines.length) {
      i++;
      const next = lines[i]!.trim();
      if (next.startsWith('#')) continue;
      line = `${line.slice(0, -1).trimEnd()} ${next}`;
    }
    const m = /^(\S+)\s*(.*)$/.exec(line);
    if (m) out.push({ keyword: m[1]!.toUpperCase(), args: m[2]!, line: start + 1 });
  }
  return out;
}

export function stages(text: string): Stage[] {
  const out: Stage[] = [];
  for (const ins of instructions(text)) {
    if (ins.keyword === 'FROM') {
      const m = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?$/i.exec(ins.args);
      if (!m) throw new Error(`line ${ins.line}: cannot read FROM ${ins.args}`);
      out.push({ from: m[1]!, name: m[2] ?? `#${out.length}`, instructions: [] });
    } else if (out.length > 0) {
      out[out.length - 1]!.instructions.push(ins);
    }
  }
  return out;
}

/** The JSON (exec) form of CMD / ENTRYPOINT / HEALTHCHECK CMD; null for the shell form. */
export function execForm(args: string): string[] | null {
  const json = args.replace(/^(--\S+\s+)*(CMD\s+)?/i, '').trim();
  if (!json.startsWith('[')) return null;
  return JSON.parse(json) as string[];
}

/** The value an instruction has in a stage, following FROM <earlier stage> (last one wins). */
export function effective(all: Stage[], stage: Stage, keyword: string): Instruction | undefined {
  const own = [...stage.instructions].reverse().find((i) => i.keyword === keyword);
  if (own) return own;
  const parent = all.find((s) => s.name === stage.from);
  return parent ? effective(all, parent, keyword) : undefined;
}

/** The chain of stages a stage builds on, itself first. */
export function lineage(all: Stage[], stage: Stage): Stage[] {
  const parent = all.find((s) => s.name === stage.from);
  return [stage, ...(parent ? lineage(all, parent) : [])];
}

export const loadDockerfile = (): { text: string; stages: Stage[] } => {
  const text = readRepoFile('Dockerfile');
  return { text, stages: stages(text) };
};
