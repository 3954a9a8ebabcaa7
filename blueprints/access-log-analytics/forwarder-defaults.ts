/**
 * The log forwarder's defaults, read by the request schema and nowhere else written: the
 * component passes the validated values on. 512 MiB gives the gunzip and JSON work of large
 * log objects a full vCPU share's worth of memory headroom; 120 seconds lets one invocation
 * read and forward a batch of large objects, and with the default 5-second batching window
 * makes the queue's visibility timeout 6 x 120 + 5 = 725 seconds (building-blocks/queue.ts).
 * Bounds are Lambda's (CreateFunction: MemorySize 128-10240 MiB, Timeout 1-900 seconds).
 */
export const LOG_FORWARDER_DEFAULTS = { memoryMiB: 512, timeoutSeconds: 120 } as const;
