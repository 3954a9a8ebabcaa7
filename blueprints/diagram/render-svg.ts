import ELK from "elkjs/lib/elk.bundled.js";
import type { ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api";
import type { ArchitectureGraph } from "./architecture-graph";
import { serviceColour } from "./service-colours";

const NODE_HEIGHT = 42;
/** Width per character of the 12 px sans-serif labels: generous, since no font is measured. */
const CHAR_WIDTH = 7.2;
const FONT = "font-family=\"Helvetica, Arial, sans-serif\"";

/**
 * The architecture as a self-contained SVG: ELK's layered layout (left to right, components
 * as nested boxes, edges routed orthogonally across them), drawn with inline attributes only —
 * no stylesheet, no web font — so the file renders the same anywhere, including as an <img>.
 */
export async function renderSvg(graph: ArchitectureGraph): Promise<string> {
  const laidOut = await new ELK().layout(toElk(graph));
  const parts: string[] = [];
  const groupIds = new Set(graph.groups.map((g) => g.id));
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const groupLabels = new Map(graph.groups.map((g) => [g.id, g.label]));

  const draw = (elk: ElkNode) => {
    for (const child of elk.children ?? []) {
      const x = child.x ?? 0;
      const y = child.y ?? 0;
      const w = child.width ?? 0;
      const h = child.height ?? 0;
      if (groupIds.has(child.id)) {
        parts.push(`<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="6" fill="#ffffff" fill-opacity="0.6" stroke="#9aa5b1" stroke-dasharray="4 3"/>`);
        parts.push(`<text x="${x + 8}" y="${y + 16}" ${FONT} font-size="12" font-weight="bold" fill="#52606d">${escape(groupLabels.get(child.id) ?? child.id)}</text>`);
        draw(child);
      } else {
        const node = nodes.get(child.id);
        if (!node) continue;
        const colour = node.plumbing ? "#bcccdc" : serviceColour(node.service);
        const fill = node.plumbing ? "#f5f7fa" : "#ffffff";
        const text = node.plumbing ? "#829ab1" : "#102a43";
        parts.push(`<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="4" fill="${fill}" stroke="${colour}" stroke-width="${node.plumbing ? 1 : 2}"/>`);
        parts.push(`<rect x="${x}" y="${y}" width="5" height="${h}" fill="${colour}"/>`);
        parts.push(`<text x="${x + 12}" y="${y + 18}" ${FONT} font-size="12" fill="${text}">${escape(node.label)}</text>`);
        parts.push(`<text x="${x + 12}" y="${y + 33}" ${FONT} font-size="10" fill="#627d98">${escape(node.service)}</text>`);
      }
    }
  };
  draw(laidOut);
  for (const edge of laidOut.edges ?? []) parts.push(...drawEdge(edge));

  const width = Math.ceil(laidOut.width ?? 0);
  const height = Math.ceil(laidOut.height ?? 0);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#486581"/></marker></defs>`,
    `<rect width="${width}" height="${height}" fill="#fbfcfd"/>`,
    ...parts,
    "</svg>",
    "",
  ].join("\n");
}

/** ELK's input: components as compound nodes, every resource sized for its label, edges at the root. */
function toElk(graph: ArchitectureGraph): ElkNode {
  const elkById = new Map<string, ElkNode>();
  const root: ElkNode = {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.hierarchyHandling": "INCLUDE_CHILDREN",
      "elk.edgeRouting": "ORTHOGONAL",
      "elk.padding": "[top=20,left=20,bottom=20,right=20]",
      "elk.spacing.nodeNode": "18",
      "elk.layered.spacing.nodeNodeBetweenLayers": "40",
      // Every coordinate absolute: the drawing needs no offsets per component.
      "elk.json.shapeCoords": "ROOT",
      "elk.json.edgeCoords": "ROOT",
    },
    children: [],
    edges: [],
  };
  for (const g of graph.groups) elkById.set(g.id, { id: g.id, layoutOptions: { "elk.padding": "[top=28,left=12,bottom=12,right=12]" }, children: [] });
  for (const g of graph.groups) (g.parent ? elkById.get(g.parent) ?? root : root).children!.push(elkById.get(g.id)!);
  for (const n of graph.nodes) {
    const width = Math.max(n.label.length, n.service.length) * CHAR_WIDTH + 24;
    (n.group ? elkById.get(n.group) ?? root : root).children!.push({ id: n.id, width, height: NODE_HEIGHT });
  }
  root.edges = graph.edges.map((e, i): ElkExtendedEdge => ({ id: `e${i}`, sources: [e.from], targets: [e.to], labels: e.label ? [{ text: e.label }] : [] }));
  return root;
}

function drawEdge(edge: ElkExtendedEdge): string[] {
  const parts: string[] = [];
  const dashed = edge.labels?.[0]?.text === "alarm";
  for (const section of edge.sections ?? []) {
    const points = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map((p) => `${p.x},${p.y}`).join(" ");
    parts.push(`<polyline points="${points}" fill="none" stroke="${dashed ? "#9fb3c8" : "#486581"}" stroke-width="1.4"${dashed ? ' stroke-dasharray="4 3"' : ""} marker-end="url(#arrow)"/>`);
  }
  const label = edge.labels?.[0];
  const start = edge.sections?.[0]?.startPoint;
  if (label?.text && start) parts.push(`<text x="${start.x + 6}" y="${start.y - 4}" ${FONT} font-size="10" fill="#627d98">${escape(label.text)}</text>`);
  return parts;
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
