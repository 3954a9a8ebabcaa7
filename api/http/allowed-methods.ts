/**
 * The methods an app's routes answer on a path, for a `405 Method Not Allowed` with its
 * `Allow` header when a request's method is not among them (RFC 9110 §15.5.6) — rather than
 * a 404 that says the resource is not there. Built once from the app's route table; `ALL`
 * entries are middleware, not routes. GET implies HEAD, as the router serves it.
 */
export function allowedMethods(routes: readonly { method: string; path: string }[]): (path: string) => string[] {
  const patterns = routes
    .filter((r) => r.method !== "ALL" && !r.path.includes("*"))
    .map((r) => ({ method: r.method, pattern: new RegExp(`^${r.path.split("/").map((segment) => (segment.startsWith(":") ? "[^/]+" : escape(segment))).join("/")}$`) }));
  return (path) => {
    const methods = new Set(patterns.filter((p) => p.pattern.test(path)).map((p) => p.method));
    if (methods.has("GET")) methods.add("HEAD");
    return [...methods].sort();
  };
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
