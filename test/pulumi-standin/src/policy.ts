import type { ResourceState } from "./backend";

/** One policy finding, in the terms of the engine's `policyEvent`. */
export interface Violation {
  urn?: string;
  message: string;
  policyName: string;
  packName: string;
  packVersion: string;
  enforcementLevel: "advisory" | "mandatory";
}

export interface RegisteredResource {
  urn: string;
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  custom: boolean;
  parent: string;
}

/**
 * What `--policy-pack` gives the engine: resource policies see each registration's inputs
 * before its step runs; stack policies see every resource's outputs at the end.
 */
export interface PolicyRunner {
  packs: { name: string; version: string }[];
  analyzeResource(resource: RegisteredResource): Promise<Violation[]>;
  analyzeStack(resources: ResourceState[]): Promise<Violation[]>;
}
