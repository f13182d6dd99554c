// `image tree`: an image's layers (or, with --whatrequires, every layer built on its top layer) drawn as podman does.
import { humanSize, humanSizeWithPrecision } from '../format/humanize.ts';

export interface TreeLayer {
  id: string;
  parent: string | null;
  size: number;
}

export interface TreeInput {
  imageId: string;
  names: string[];
  size: number;
  topLayer: string | null;
  layers: Map<string, TreeLayer>;
  /** Names of the images topped by each layer. */
  namesByTopLayer: Map<string, string[]>;
}

interface Node {
  text: string;
  children: Node[];
}

const goList = (xs: string[]) => `[${xs.join(' ')}]`;

function layerText(l: TreeLayer, input: TreeInput): string {
  const tags = input.namesByTopLayer.get(l.id) ?? [];
  const size = humanSizeWithPrecision(l.size, 3).padStart(7);
  return `ID: ${l.id.replace(/^sha256:/, '').slice(0, 12)} Size: ${size}${tags.length ? ` Top Layer of: ${goList(tags)}` : ''}`;
}

/** gotree's drawing: `├── ` / `└── ` per item, `│   ` / `    ` before the items below it. */
function draw(items: Node[], prefix: string): string {
  let out = '';
  items.forEach((item, i) => {
    const last = i === items.length - 1;
    const lines = item.text.split('\n');
    out += `${prefix}${last ? '└── ' : '├── '}${lines[0]}\n`;
    for (const l of lines.slice(1)) out += `${prefix}${last ? '    ' : '│   '}${l}\n`;
    out += draw(item.children, prefix + (last ? '    ' : '│   '));
  });
  return out;
}

/** The text podman prints (including the blank line its Println adds after the tree). */
export function renderImageTree(input: TreeInput, whatRequires: boolean): string {
  const header =
    `Image ID: ${input.imageId.slice(0, 12)}\n` +
    `Tags:     ${goList(input.names)}\n` +
    `Size:     ${humanSize(input.size)}\n` +
    (input.topLayer ? 'Image Layers' : 'No Image Layers');
  const root: Node = { text: header, children: [] };
  const top = input.topLayer ? input.layers.get(input.topLayer) : undefined;
  if (top && !whatRequires) {
    for (let l: TreeLayer | undefined = top; l; l = l.parent ? input.layers.get(l.parent) : undefined) {
      root.children.push({ text: layerText(l, input), children: [] });
    }
  } else if (top) {
    const children = new Map<string, TreeLayer[]>();
    for (const l of input.layers.values()) {
      if (l.parent) children.set(l.parent, [...(children.get(l.parent) ?? []), l]);
    }
    const walk = (l: TreeLayer, parent: Node) => {
      const node: Node = { text: layerText(l, input), children: [] };
      parent.children.push(node);
      const kids = children.get(l.id) ?? [];
      for (const k of kids) walk(k, kids.length <= 1 ? parent : node);
    };
    walk(top, root);
  }
  return `${root.text}\n${draw(root.children, '')}\n`;
}
