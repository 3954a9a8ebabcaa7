import { beforeAll, describe, expect, it } from "vitest";
import { buildArchitectureGraph, type ArchitectureGraph } from "../../../blueprints/diagram/architecture-graph";
import { renderMermaid } from "../../../blueprints/diagram/render-mermaid";
import { renderSvg } from "../../../blueprints/diagram/render-svg";
import { examplePlan } from "./example-plans";

let graph: ArchitectureGraph;
beforeAll(async () => {
  graph = buildArchitectureGraph(await examplePlan("serverless-streaming-pipeline"));
}, 120_000);

describe("renderMermaid", () => {
  it("writes a left-to-right flowchart: a subgraph per component, each resource once, each edge once", () => {
    const text = renderMermaid(graph);
    expect(text.startsWith("flowchart LR\n")).toBe(true);
    expect(text.match(/^\s*subgraph /gm)).toHaveLength(graph.groups.length);
    expect(text.match(/^\s*end$/gm)).toHaveLength(graph.groups.length);
    for (const node of graph.nodes) expect(text.split(`["${node.label}<br/>`)).toHaveLength(2);
    expect(text.match(/^ {2}n\d+ -(?:->|\.->)/gm)).toHaveLength(graph.edges.length);
  });

  it("escapes labels Mermaid would read as syntax", () => {
    const text = renderMermaid({ groups: [{ id: "g", label: 'a "quoted" <group>' }], nodes: [{ id: "x", label: "b<c>", type: "t", service: "s", group: "g", plumbing: false }], edges: [] });
    expect(text).toContain('subgraph g0["a &quot;quoted&quot; &lt;group&gt;"]');
    expect(text).toContain('n0["b&lt;c&gt;<br/>');
  });
});

describe("renderSvg", () => {
  it("lays out a self-contained SVG with every resource and component drawn", async () => {
    const svg = await renderSvg(graph);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="\d+" height="\d+"/);
    // Nothing fetched from elsewhere: no stylesheet, no web font, no external reference.
    expect(svg).not.toMatch(/<style|@import|<link|href=|url\(http/);
    for (const node of graph.nodes) expect(svg).toContain(`>${node.label}</text>`);
    for (const group of graph.groups) expect(svg).toContain(`>${group.label}</text>`);
    expect(svg.match(/<polyline /g)?.length).toBeGreaterThanOrEqual(graph.edges.length);
    const [, width, height] = /width="(\d+)" height="(\d+)"/.exec(svg)!;
    for (const [, x, y] of svg.matchAll(/<rect x="([\d.]+)" y="([\d.]+)"/g)) {
      expect(Number(x)).toBeLessThanOrEqual(Number(width));
      expect(Number(y)).toBeLessThanOrEqual(Number(height));
    }
  }, 60_000);
});
