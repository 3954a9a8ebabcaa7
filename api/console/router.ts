import { useEffect, useState } from "preact/hooks";

/**
 * The console's pages, addressed by the URL's fragment (`/console#/deployments/orders`): the
 * service serves one page at /console, and a reload or a shared link opens the same view.
 */
export type Route =
  | { page: "catalogue" }
  | { page: "new"; blueprint: string }
  | { page: "deployments"; query: URLSearchParams }
  | { page: "deployment"; name: string }
  | { page: "update"; name: string }
  | { page: "upgrade"; name: string }
  | { page: "operation"; id: string };

export function parseRoute(hash: string): Route {
  const [path = "", search = ""] = hash.replace(/^#/, "").split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts[0] === "blueprints" && parts[1] && parts[2] === "new") return { page: "new", blueprint: parts[1] };
  if (parts[0] === "deployments" && parts[1] && parts[2] === "update") return { page: "update", name: parts[1] };
  if (parts[0] === "deployments" && parts[1] && parts[2] === "upgrade") return { page: "upgrade", name: parts[1] };
  if (parts[0] === "deployments" && parts[1]) return { page: "deployment", name: parts[1] };
  if (parts[0] === "deployments") return { page: "deployments", query: new URLSearchParams(search) };
  if (parts[0] === "operations" && parts[1]) return { page: "operation", id: parts[1] };
  return { page: "catalogue" };
}

export const href = {
  catalogue: () => "#/",
  newDeployment: (blueprint: string) => `#/blueprints/${encodeURIComponent(blueprint)}/new`,
  deployments: (query?: URLSearchParams) => `#/deployments${query && [...query.keys()].length > 0 ? `?${query}` : ""}`,
  deployment: (name: string) => `#/deployments/${encodeURIComponent(name)}`,
  update: (name: string) => `#/deployments/${encodeURIComponent(name)}/update`,
  upgrade: (name: string) => `#/deployments/${encodeURIComponent(name)}/upgrade`,
  operation: (id: string) => `#/operations/${encodeURIComponent(id)}`,
};

export function navigate(to: string): void {
  location.hash = to;
}

/** The current route, following the fragment as it changes. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const follow = () => setRoute(parseRoute(location.hash));
    addEventListener("hashchange", follow);
    return () => removeEventListener("hashchange", follow);
  }, []);
  return route;
}
