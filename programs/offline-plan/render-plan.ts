import * as pulumi from "@pulumi/pulumi";
import type { BlueprintDefinition } from "../../blueprints/blueprint";
import { getBlueprint, validateBlueprintRequest } from "../../blueprints/catalogue";
import { requestInRegion } from "../../blueprints/request";
import { validateDeploymentName } from "../deployment-name";
import { captureRegistrations, type CapturedRegistration } from "./capture-monitor";
import { DEFAULT_PLAN_REGION, mockCloud } from "./mock-cloud";
import { planValue } from "./plan-values";

// Internal runtime modules: the store holds the monitor `setMocks` installed, and
// `waitForRPCs` is how Pulumi itself waits for a program's registrations to finish.
const runtimeState = require("@pulumi/pulumi/runtime/state") as { getStore(): { settings: { monitor: unknown } } };
const runtimeSettings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

/** One resource a deployment would register. URNs identify parents and dependencies. */
export interface PlannedResource {
  type: string;
  name: string;
  urn: string;
  parent: string | null;
  /** A component (children follow) rather than a cloud resource. */
  component: boolean;
  inputs: Record<string, unknown>;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
}

export interface Plan {
  blueprint: string;
  deployment: string;
  region: string;
  resources: PlannedResource[];
}

export interface PlanOptions {
  /** Deployment name; default `example`. */
  name?: string;
  region?: string;
}

let rendering = false;

/**
 * Runs `build` — code that constructs components — under Pulumi's mock runtime and returns
 * every registration it made. The mock runtime is process-global, so one program renders
 * at a time per process; callers that need more use worker processes.
 */
export async function renderUnderMocks(stack: string, region: string, build: () => void): Promise<PlannedResource[]> {
  if (rendering) throw new Error("a plan is already rendering in this process; the mock runtime renders one program at a time");
  rendering = true;
  try {
    await pulumi.runtime.setMocks(mockCloud(region), "slipstream", stack, false);
    const captured = captureRegistrations(runtimeState.getStore().settings.monitor as Parameters<typeof captureRegistrations>[0]);
    let failure: unknown;
    try {
      build();
    } catch (err) {
      failure = err;
    }
    // Let registrations already under way settle before reporting, even after a failure.
    await runtimeSettings.waitForRPCs();
    if (failure) throw failure;
    return captured.map(toPlanned);
  } finally {
    rendering = false;
  }
}

/**
 * Renders a blueprint request into the resources it would register: no cloud, no CLI, no
 * credentials. The request and name are validated first (a RequestValidationError names
 * the fields).
 */
export async function renderPlan(blueprintId: string, input: unknown, options: PlanOptions = {}): Promise<Plan> {
  return renderBlueprintPlan(getBlueprint(blueprintId), input, options);
}

/** `renderPlan` for a definition in hand: what a test renders when it simulates another release of a blueprint. */
export async function renderBlueprintPlan(blueprint: BlueprintDefinition, input: unknown, options: PlanOptions = {}): Promise<Plan> {
  const name = validateDeploymentName(options.name ?? "example");
  const region = options.region ?? regionNamedIn(input) ?? DEFAULT_PLAN_REGION;
  // The Region is part of what is validated: a blueprint may need services or zones it lacks.
  const request = validateBlueprintRequest(blueprint, requestInRegion(input, region));
  const resources = await renderUnderMocks(name, region, () => blueprint.create(name, request));
  return { blueprint: blueprint.id, deployment: name, region, resources };
}

/** The `region` a request names itself, if any (a request file may carry one). */
function regionNamedIn(input: unknown): string | undefined {
  const region = typeof input === "object" && input !== null ? (input as { region?: unknown }).region : undefined;
  return typeof region === "string" ? region : undefined;
}

function toPlanned(r: CapturedRegistration): PlannedResource {
  return {
    type: r.type,
    name: r.name,
    urn: r.urn,
    parent: r.parent,
    component: !r.custom,
    inputs: planValue(r.inputs) as Record<string, unknown>,
    dependencies: r.dependencies,
    propertyDependencies: r.propertyDependencies,
  };
}
