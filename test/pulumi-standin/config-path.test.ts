import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { adjustObjectValue, parseConfigPath, setAtPath } from "./src/config-path";
import { StackSettings } from "./src/workspace";

// `pulumi config set --path` as the CLI reads keys and types values; the engineer path and
// the README's mapping of stack config to a request depend on it.
describe("config paths", () => {
  it("parse names, indexes and quoted keys below the stored key", () => {
    expect(parseConfigPath("slipstream:tags.cost-center")).toEqual({ root: "slipstream:tags", rest: ["cost-center"] });
    expect(parseConfigPath("slipstream:params.notifications.emails[0]")).toEqual({ root: "slipstream:params", rest: ["notifications", "emails", 0] });
    expect(parseConfigPath('slipstream:tags["team.name"]')).toEqual({ root: "slipstream:tags", rest: ["team.name"] });
    expect(parseConfigPath("aws:region")).toEqual({ root: "aws:region", rest: [] });
    expect(() => parseConfigPath("slipstream:params..x")).toThrow(/empty segment/);
    expect(() => parseConfigPath("slipstream:params[x]")).toThrow(/neither an index nor a quoted key/);
  });

  it("type booleans and integers, but keep leading zeros and other text", () => {
    expect(adjustObjectValue("500")).toBe(500);
    expect(adjustObjectValue("-3")).toBe(-3);
    expect(adjustObjectValue("0")).toBe(0);
    expect(adjustObjectValue("true")).toBe(true);
    expect(adjustObjectValue("false")).toBe(false);
    expect(adjustObjectValue("0123")).toBe("0123");
    expect(adjustObjectValue("1.5")).toBe("1.5");
    expect(adjustObjectValue("kinesis")).toBe("kinesis");
  });

  it("build lists for indexes, append at the end, and refuse a gap", () => {
    const list = setAtPath(undefined, ["emails", 0], "a@example.com");
    expect(list).toEqual({ emails: ["a@example.com"] });
    expect(setAtPath(list, ["emails", 1], "b@example.com")).toEqual({ emails: ["a@example.com", "b@example.com"] });
    expect(() => setAtPath(list, ["emails", 3], "c@example.com")).toThrow(/out of range/);
    expect(setAtPath(undefined, ["columns", 0, "name"], "device_id")).toEqual({ columns: [{ name: "device_id" }] });
  });
});

describe("stack settings with a secret inside an object", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it("keep the leaf encrypted on disk and give the program the whole key decrypted, as a secret", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "standin-config-"));
    dirs.push(dir);
    process.env["PULUMI_CONFIG_PASSPHRASE"] ??= "config-path-test";
    const settings = new StackSettings({ name: "slipstream", dir }, "dev");
    settings.set("slipstream:params.indexer.batchSize", "500", false, true);
    settings.set("slipstream:params.notifications.emails[0]", "oncall@example.com", true, true);

    expect(fs.readFileSync(settings.file, "utf8")).not.toContain("oncall@example.com");
    const params = settings.all()["slipstream:params"]!;
    expect(params.secret).toBe(true);
    expect(JSON.parse(params.value)).toEqual({ indexer: { batchSize: 500 }, notifications: { emails: ["oncall@example.com"] } });
    expect(settings.get("slipstream:params.notifications.emails[0]", true)).toEqual({ value: "oncall@example.com", secret: true });
  });
});
