/**
 * A resource as the offline evaluator hands it to policies: props are the resource's inputs
 * (from a plan) or whatever a resources file gives; relations are by URN, as the engine's.
 */
export interface OfflineResource {
  type: string;
  name: string;
  urn: string;
  props: Record<string, unknown>;
  parent?: string | null;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
}

/** A URN for a resource that came without one, in a made-up offline stack. */
export function offlineUrn(type: string, name: string): string {
  return `urn:pulumi:offline::slipstream-check::${type}::${name}`;
}
