import type { Logger } from "pino";
import type { Store } from "../store/store";
import { compactEventData } from "./compact-event-data";
import type { EventBus } from "./event-bus";

/**
 * The events of one run, appended to the store in the order they were emitted. The engine
 * emits synchronously while the store is asynchronous: each append waits for the one
 * before, and `drain()` waits for all, so the final event — appended with the outcome —
 * always comes last. Once `suppressed()` (the run lost its lease), nothing more is written:
 * the operation belongs to whoever recovered it.
 */
export class RunEvents {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly operationId: string,
    private readonly now: () => string,
    private readonly log: Logger,
    private readonly suppressed: () => boolean,
  ) {}

  /** Queues an event, timed now. */
  emit(type: string, data: unknown): void {
    const time = this.now();
    this.chain = this.chain.then(() => this.append(type, data, time));
  }

  /** Queues an event and waits until it (and every one before it) is stored. */
  record(type: string, data: unknown): Promise<void> {
    this.emit(type, data);
    return this.drain();
  }

  drain(): Promise<void> {
    return this.chain;
  }

  private async append(type: string, data: unknown, time: string): Promise<void> {
    if (this.suppressed()) return;
    try {
      this.bus.publish(await this.store.events.append(this.operationId, type, compactEventData(data), time));
    } catch (err) {
      this.log.warn({ err, type }, "recording an operation event failed");
    }
  }
}
