import * as pulumi from "@pulumi/pulumi";
import { validateRequest } from "../../blueprints/catalogue";
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
 * Renders a blueprint request into the resources it would register, under Pulumi's mock
 * runtime: no cloud, no CLI, no credentials. The request is validated first (a
 * RequestValidationError names the fields). The mock runtime is process-global, so one
 * plan renders at a time per process; callers that need more use worker processes.
 */
export async function renderPlan(blueprintId: string, input: unknown, options: PlanOptions = {}): Promise<Plan> {
  const name = validateDeploymentName(options.name ?? "example");
  const { blueprint, request } = validateRequest(blueprintId, input);
  const region = options.region ?? DEFAULT_PLAN_REGION;
  if (rendering) throw new Error("renderPlan is already running in this process; the mock runtime renders one plan at a time");
  rendering = true;
  try {
    await pulumi.runtime.setMocks(mockCloud(region), "slipstream", name, false);
    const captured = captureRegistrations(runtimeState.getStore().settings.monitor as Parameters<typeof captureRegistrations>[0]);
    let failure: unknown;
    try {
      blueprint.create(name, request);
    } catch (err) {
      failure = err;
    }
    await runtimeSettings.waitForRPCs();
    if (failure) throw failure;
    return { blueprint: blueprint.id, deployment: name, region, resources: captured.map(toPlanned) };
  } finally {
    rendering = false;
  }
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
