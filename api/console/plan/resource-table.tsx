import type { PlannedResource } from "../types";

/** "aws:glue/catalogDatabase:CatalogDatabase" → "glue"; a component's type → its package's last word. */
export const serviceOf = (type: string): string => type.split(":")[1]?.split("/")[0] ?? type;

/**
 * The resources a plan would create, component by component: each row its type, name and the
 * component it belongs to, as the engine names them in the operation's log.
 */
export function ResourceTable({ resources }: { resources: PlannedResource[] }) {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const cloud = resources.filter((r) => !r.component);
  const componentOf = (r: PlannedResource) => (r.parent ? byUrn.get(r.parent)?.name ?? "" : "");
  const rows = [...cloud].sort((a, b) => componentOf(a).localeCompare(componentOf(b)) || a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
  return (
    <section aria-labelledby="resources-title">
      <h2 id="resources-title">
        Resources <span class="count">{cloud.length}</span>
      </h2>
      <div class="table-scroll">
        <table class="resources">
          <thead>
            <tr>
              <th>Component</th>
              <th>Service</th>
              <th>Type</th>
              <th>Name</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.urn}>
                <td>{componentOf(r)}</td>
                <td>{serviceOf(r.type)}</td>
                <td>
                  <code>{r.type}</code>
                </td>
                <td>{r.name}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
