import type { Actor } from "../domain/access";
import type { EventBus } from "../operations/event-bus";
import type { Store } from "../store/store";
import type { DeploymentService } from "./deployment-service";
import { OperationStream, type StreamItem } from "./operation-stream";

/** How long a live stream stays quiet before it sends a heartbeat: under the idle timeouts of common proxies (60 s). */
export const HEARTBEAT_MS = 15_000;

/** An event as the API shows it: its operation is the one asked for. */
export type EventView = Extract<StreamItem, { kind: "event" }>["event"];

/**
 * An operation's events, a page at a time or as a live stream. Both are reads of the
 * operation, so both ask the deployment service first: another team's operation is "not
 * found" here as everywhere, before any event is read.
 */
export class OperationEventsService {
  private readonly streams: OperationStream;

  constructor(
    private readonly deployments: Pick<DeploymentService, "operation">,
    private readonly store: Store,
    bus: EventBus,
    options: { pollMs: number; heartbeatMs?: number },
  ) {
    this.streams = new OperationStream(store, bus, { pollMs: options.pollMs, heartbeatMs: options.heartbeatMs ?? HEARTBEAT_MS });
  }

  /** Up to `limit` events after sequence `after`; `next` is the last one's sequence when more follow. */
  async page(id: string, after: number, limit: number, actor: Actor): Promise<{ events: EventView[]; next: number | null }> {
    await this.deployments.operation(id, actor);
    // One more than asked tells whether another page follows without a second read.
    const events = await this.store.events.list(id, after, limit + 1);
    const items = events.slice(0, limit).map(({ operationId: _operationId, ...event }) => event);
    return { events: items, next: events.length > limit ? items[items.length - 1]!.sequence : null };
  }

  /**
   * The live stream after sequence `after`, to start once the caller is ready to write it;
   * null when the operation has ended and has nothing after `after` — a client reconnecting
   * after the end is told to stop instead of being handed an empty stream.
   */
  async follow(id: string, after: number, actor: Actor): Promise<((signal: AbortSignal) => AsyncGenerator<StreamItem>) | null> {
    await this.deployments.operation(id, actor);
    if (await this.streams.delivered(id, after)) return null;
    return (signal) => this.streams.follow(id, after, signal);
  }
}
