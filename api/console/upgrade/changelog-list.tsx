import type { ChangelogEntry } from "../types";

/** Changelog entries, newest version first: what each version changes for a deployment. */
export function ChangelogList({ entries }: { entries: ChangelogEntry[] }) {
  return (
    <dl class="changelog" data-testid="changelog">
      {[...entries].reverse().map((entry) => (
        <div key={entry.version}>
          <dt>{entry.version}</dt>
          <dd>
            <ul>
              {entry.changes.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </dd>
        </div>
      ))}
    </dl>
  );
}
