import type { DeploymentEngine } from "../engine/engine";
import type { Store } from "../store/store";

export interface Readiness {
  /** Whether this instance should be sent traffic: the store answers and it is neither starting nor stopping. */
  ready: boolean;
  store: "ok" | "unavailable";
  engine: { status: "ok"; version: string } | { status: "unavailable"; reason: string };
}

/**
 * What a readiness probe is told. The engine's state is reported but does not decide
 * readiness: without a Pulumi CLI the catalogue, plans and checks still work, and operations
 * answer 503 on their own.
 */
export class HealthService {
  constructor(
    private readonly store: Pick<Store, "ping">,
    private readonly engine: Pick<DeploymentEngine, "availability">,
    /** False while the service starts or shuts down: the composition root owns that state. */
    private readonly started: () => boolean,
  ) {}

  async readiness(): Promise<Readiness> {
    const engine = await this.engine.availability();
    const started = this.started();
    let store = true;
    try {
      await this.store.ping();
    } catch {
      store = false;
    }
    return {
      ready: started && store,
      store: store ? "ok" : "unavailable",
      engine: engine.ok ? { status: "ok", version: engine.version } : { status: "unavailable", reason: engine.reason },
    };
  }
}
