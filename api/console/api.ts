import { ApiProblem, type Problem } from "./problem";
import { authorization } from "./token";

/** Told when the API answers 401: the console then asks for a token. */
let onUnauthenticated: () => void = () => {};

export function whenUnauthenticated(listener: () => void): void {
  onUnauthenticated = listener;
}

/**
 * One call to the API with the stored token; JSON in and out. A refusal throws an
 * ApiProblem with the server's problem details; a 401 also asks for a token.
 */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: { accept: "application/json", ...authorization(), ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const parsed: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    if (response.status === 401) onUnauthenticated();
    const problem = (parsed ?? { type: "about:blank", title: response.statusText, status: response.status }) as Problem;
    throw new ApiProblem(problem);
  }
  return parsed as T;
}
