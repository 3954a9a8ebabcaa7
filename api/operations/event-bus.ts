import { EventEmitter } from "node:events";
import type { OperationEvent } from "../domain/model";

/**
 * In-process fan-out of operation events to live streams. The store is the record; this
 * only wakes subscribers, who read anything they missed from the store.
 */
export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(event: OperationEvent): void {
    this.emitter.emit(event.operationId, event);
  }

  subscribe(operationId: string, listener: (event: OperationEvent) => void): () => void {
    this.emitter.on(operationId, listener);
    return () => this.emitter.off(operationId, listener);
  }
}
