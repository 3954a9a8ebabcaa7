import { useCallback, useEffect, useState } from "preact/hooks";
import { api } from "./api";

export type Loaded<T> = { state: "loading" } | { state: "error"; error: unknown } | { state: "ready"; value: T };

/**
 * A GET of `path`, loaded when the path changes; `reload` fetches it again and keeps showing
 * what was loaded for the same path meanwhile (no flicker on a refresh after an action).
 */
export function useApi<T>(path: string): [Loaded<T>, () => void] {
  const [loaded, setLoaded] = useState<{ path: string; value: Loaded<T> }>({ path, value: { state: "loading" } });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setLoaded((previous) => (previous.path === path && previous.value.state === "ready" ? previous : { path, value: { state: "loading" } }));
    api<T>("GET", path).then(
      (value) => current && setLoaded({ path, value: { state: "ready", value } }),
      (error: unknown) => current && setLoaded({ path, value: { state: "error", error } }),
    );
    return () => {
      current = false;
    };
  }, [path, round]);
  return [loaded.path === path ? loaded.value : { state: "loading" }, useCallback(() => setRound((r) => r + 1), [])];
}
