import type { ComponentChildren } from "preact";
import { describeError } from "./problem";
import type { Loaded } from "./use-api";

/** What a page shows while its data loads or when it could not be loaded. */
export function Await<T>({ loaded, children }: { loaded: Loaded<T>; children: (value: T) => ComponentChildren }) {
  if (loaded.state === "loading") return <p class="muted" role="status">Loading…</p>;
  if (loaded.state === "error") return <ErrorBanner error={loaded.error} />;
  return <>{children(loaded.value)}</>;
}

export function ErrorBanner({ error }: { error: unknown }) {
  return (
    <div class="banner error" role="alert">
      {describeError(error)}
    </div>
  );
}

/** A status as a coloured badge: green when done well, red when failed, amber while under way. */
export function StatusBadge({ status }: { status: string }) {
  const tone = ["succeeded", "active"].includes(status) ? "ok" : ["failed", "destroy_failed", "interrupted"].includes(status) ? "bad" : ["cancelled", "destroyed"].includes(status) ? "neutral" : "busy";
  return <span class={`badge ${tone}`} data-status={status}>{status.replace("_", " ")}</span>;
}

export function formatTime(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" }) : "—";
}
