import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BundleCache } from "../../../blueprints/building-blocks/bundle-cache";

let root: string;
let cacheDir: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-bundle-src-"));
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-bundle-cache-"));
  fs.mkdirSync(path.join(root, "handler"));
  fs.writeFileSync(path.join(root, "handler", "index.ts"), "export const handler = () => helper();");
  fs.writeFileSync(path.join(root, "handler", "helper.ts"), "export const helper = () => 1;");
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(cacheDir, { recursive: true, force: true });
});

const INPUTS = ["handler/index.ts", "handler/helper.ts"];

describe("BundleCache", () => {
  it("gives another process the bundle while every file it was built from is unchanged", () => {
    new BundleCache(root, cacheDir).set("entry", INPUTS, "bundled code");
    expect(new BundleCache(root, cacheDir).get("entry")).toBe("bundled code");
    expect(new BundleCache(root, cacheDir).get("other entry")).toBeUndefined();
  });

  it("passes over a bundle whose handler, or anything it imports, changed or went", () => {
    const cache = new BundleCache(root, cacheDir);
    cache.set("entry", INPUTS, "bundled code");
    fs.writeFileSync(path.join(root, "handler", "helper.ts"), "export const helper = () => 2;");
    expect(cache.get("entry")).toBeUndefined();
    cache.set("entry", INPUTS, "bundled again");
    expect(cache.get("entry")).toBe("bundled again");
    fs.rmSync(path.join(root, "handler", "helper.ts"));
    expect(cache.get("entry")).toBeUndefined();
  });

  it("is only a cache: an unwritable folder or a damaged entry means building again, never an error", () => {
    const blocked = path.join(cacheDir, "a-file");
    fs.writeFileSync(blocked, "not a folder");
    const unwritable = new BundleCache(root, blocked);
    expect(() => unwritable.set("entry", INPUTS, "code")).not.toThrow();
    expect(unwritable.get("entry")).toBeUndefined();

    const cache = new BundleCache(root, cacheDir);
    cache.set("entry", INPUTS, "code");
    for (const file of fs.readdirSync(cacheDir)) fs.writeFileSync(path.join(cacheDir, file), "{ half written");
    expect(cache.get("entry")).toBeUndefined();
  });
});
