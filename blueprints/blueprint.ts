import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { StreamingJobDeclaration } from "./streaming-jobs";
import type { ChangelogEntry } from "./versions";

/** Stack outputs: strings, and the `streamingJobs` declarations (streaming-jobs.ts) where a blueprint has any. */
export type BlueprintOutputs = Record<string, pulumi.Input<string> | pulumi.Input<StreamingJobDeclaration>[]>;

/** A deployed blueprint: a component that knows the stack outputs it reports. */
export interface BlueprintComponent extends pulumi.ComponentResource {
  outputs(): BlueprintOutputs;
}

/** One entry of the catalogue. */
export interface BlueprintDefinition<S extends z.ZodType = z.ZodType> {
  /** Public, stable id (architectures.md). */
  id: string;
  title: string;
  /** The whitepaper pattern it implements. */
  pattern: string;
  description: string;
  /** `{ params, tags }`, validated before anything is created. */
  requestSchema: S;
  /** What a deployment provisions, for people choosing a blueprint. */
  outline: string[];
  /** Folder holding `example.json` and `fingerprints.json` (each version's example plan fingerprint). */
  directory: string;
  /**
   * Every version, oldest first (versions.ts); the last is the version this release renders.
   * A change to what a request renders to is a new entry (the fingerprint test says so).
   */
  changelog: readonly ChangelogEntry[];
  create(name: string, request: z.output<S>, opts?: pulumi.ComponentResourceOptions): BlueprintComponent;
}

export function defineBlueprint<S extends z.ZodType>(definition: BlueprintDefinition<S>): BlueprintDefinition<S> {
  return definition;
}
