import * as pulumi from "@pulumi/pulumi";
import { expect } from "vitest";
import { renderUnderMocks, type PlannedResource } from "../../programs/offline-plan/render-plan";

/** A bare component to parent building blocks used on their own. */
export class Host extends pulumi.ComponentResource {
  constructor(build: (host: Host) => void) {
    super("test:index:Host", "host", {});
    build(this);
  }
}

/** Renders what `build` creates under a host, with the mock runtime. */
export const renderInHost = (build: (host: Host) => void): Promise<PlannedResource[]> => renderUnderMocks("blocks", "us-east-1", () => new Host(build));

/** `build` is refused with `message`. */
export const failsInHost = async (build: (host: Host) => void, message: string | RegExp): Promise<void> => expect(renderInHost(build)).rejects.toThrow(message);
