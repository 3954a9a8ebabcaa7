import { href } from "../router";
import { Await } from "../status";
import type { BlueprintSummary } from "../types";
import { useApi } from "../use-api";

/** The catalogue: each blueprint, the pattern it implements, and what it provisions. */
export function CataloguePage() {
  const [blueprints] = useApi<{ blueprints: BlueprintSummary[] }>("/v1/blueprints");
  return (
    <section>
      <h1>Catalogue</h1>
      <p class="lead">Streaming-analytics architectures on AWS. Pick one to fill in its parameters and see its plan — resources, policy report and cost — before anything is queued.</p>
      <Await loaded={blueprints}>
        {({ blueprints: list }) => (
          <div class="cards">
            {list.map((b) => (
              <article class="card blueprint" key={b.id} aria-labelledby={`bp-${b.id}`}>
                <h2 id={`bp-${b.id}`}>
                  {b.title} <span class="version" data-testid="blueprint-version">{b.version}</span>
                </h2>
                <p class="pattern">{b.pattern}</p>
                <p>{b.description}</p>
                <details open>
                  <summary>What it provisions ({b.outline.length})</summary>
                  <ul class="outline">
                    {b.outline.map((line) => (
                      <li key={line}>{line}</li>
                    ))}
                  </ul>
                </details>
                <div class="actions">
                  <a class="button primary" href={href.newDeployment(b.id)}>
                    New deployment
                  </a>
                  <code class="muted">{b.id}</code>
                </div>
              </article>
            ))}
          </div>
        )}
      </Await>
    </section>
  );
}
