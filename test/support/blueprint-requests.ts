import { expect } from "vitest";
import { exampleRequest } from "../../blueprints/catalogue";
import { RequestValidationError } from "../../blueprints/request";
import { renderPlan, renderUnderMocks, type PlannedResource } from "../../programs/offline-plan/render-plan";

export interface ExampleRequest {
  params: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  tags: Record<string, string>;
}

/** A blueprint's example request, and the same request with top-level params and tags replaced. */
export function exampleOf(blueprint: string) {
  const example = exampleRequest(blueprint) as ExampleRequest;
  const withParams = (params: Record<string, unknown>, tags: Record<string, string> = {}): ExampleRequest => ({
    params: { ...example.params, ...params },
    tags: { ...example.tags, ...tags },
  });
  return { example, withParams };
}

/** The request is refused before anything renders, with an issue naming `field` (and the message saying so). */
export async function expectRejected(blueprint: string, request: unknown, field: string, name = "bad-request"): Promise<void> {
  const error = await renderPlan(blueprint, request, { name }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RequestValidationError);
  expect((error as RequestValidationError).issues.map((i) => i.path.join("."))).toContain(field);
  expect((error as Error).message).toContain(field);
}

/** Renders deployments side by side in one program; their URNs must not collide. */
export async function renderSideBySide(create: () => void): Promise<PlannedResource[]> {
  const resources = await renderUnderMocks("shared", "us-east-1", create);
  const urns = resources.map((r) => r.urn);
  expect(new Set(urns).size).toBe(urns.length);
  return resources;
}
