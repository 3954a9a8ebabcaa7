import { useEffect, useState } from "preact/hooks";
import type { ArchitectureGraph } from "../../../blueprints/diagram/architecture-graph";
import { renderSvg } from "../../../blueprints/diagram/render-svg";
import { ErrorBanner } from "../status";

/**
 * The plan's architecture: resources grouped by component and the data flowing between them,
 * laid out in the browser by the service’s own renderer (blueprints/diagram, ELK). The SVG
 * is built here from the plan's graph, its text escaped by the renderer, and shown as is.
 */
export function ArchitectureDiagram({ graph }: { graph: ArchitectureGraph }) {
  const [svg, setSvg] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<unknown>(undefined);
  // Fitted to the page's width by default, so the whole architecture shows; actual size to read a large one.
  const [actualSize, setActualSize] = useState(false);
  useEffect(() => {
    let current = true;
    setSvg(undefined);
    renderSvg(graph).then(
      (drawn) => current && setSvg(drawn),
      (error: unknown) => current && setFailure(error),
    );
    return () => {
      current = false;
    };
  }, [graph]);
  return (
    <section aria-labelledby="diagram-title">
      <h2 id="diagram-title">
        Architecture <span class="count">{graph.nodes.length} resources, {graph.edges.length} flows</span>
        <button type="button" class="link" onClick={() => setActualSize(!actualSize)}>
          {actualSize ? "Fit to width" : "Actual size"}
        </button>
      </h2>
      {failure !== undefined ? (
        <ErrorBanner error={failure} />
      ) : svg === undefined ? (
        <p class="muted" role="status">
          Laying out the diagram…
        </p>
      ) : (
        <div class={`diagram${actualSize ? " actual-size" : ""}`} data-testid="architecture-diagram" dangerouslySetInnerHTML={{ __html: svg }} />
      )}
    </section>
  );
}
