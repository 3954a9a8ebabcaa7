import type { OutputMap } from "@pulumi/pulumi/automation";
import { SECRET_PLACEHOLDER } from "../../programs/offline-plan/plan-values";

/** Stack outputs as the service stores and shows them: secret values never leave the engine. */
export function maskOutputs(outputs: OutputMap): Record<string, unknown> {
  return Object.fromEntries(Object.entries(outputs).map(([key, { value, secret }]) => [key, secret ? SECRET_PLACEHOLDER : value]));
}
