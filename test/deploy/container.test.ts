import * as fs from "node:fs";
import * as path from "node:path";
import { validate } from "dockerfile-utils";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { loadSettings } from "../../api/config/settings";

// `docker build` cannot run here (no daemon, no registry): the image is held to its
// documented shape instead — a linter's diagnostics, the pins the service depends on, and the
// paths and settings the Dockerfile and compose file name.
const ROOT = path.resolve(__dirname, "../..");
const dockerfile = fs.readFileSync(path.join(ROOT, "Dockerfile"), "utf8");
const instructions = dockerfile
  .replace(/\\\n/g, " ")
  .split("\n")
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith("#"));
const finalStage = instructions.slice(instructions.map((line) => line.startsWith("FROM ")).lastIndexOf(true));
const argDefault = (name: string) => instructions.find((line) => line.startsWith(`ARG ${name}=`))?.split("=")[1];
const envOfFinalStage = Object.fromEntries(
  finalStage
    .filter((line) => line.startsWith("ENV "))
    .flatMap((line) => line.slice(4).trim().split(/\s+/))
    .map((pair) => pair.split("=") as [string, string]),
);
const compose = load(fs.readFileSync(path.join(ROOT, "compose.yaml"), "utf8")) as {
  services: Record<string, { environment: Record<string, string>; volumes: string[]; stop_grace_period: string }>;
};
const service = compose.services["slipstream"]!;

describe("the container image", () => {
  it("has no linter diagnostics", () => {
    expect(validate(dockerfile)).toEqual([]);
  });

  it("pins the Pulumi CLI to the SDK the service is built with, and Node to the version engines admits", () => {
    const sdk = (JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules/@pulumi/pulumi/package.json"), "utf8")) as { version: string }).version;
    expect(argDefault("PULUMI_VERSION")).toBe(sdk);
    const node = argDefault("NODE_VERSION")!;
    expect(node).toMatch(/^\d+\.\d+\.\d+$/);
    const [major, minor] = node.split(".").map(Number) as [number, number];
    expect(major > 20 || (major === 20 && minor >= 19)).toBe(true);
  });

  it("verifies the CLI download against the release checksums", () => {
    expect(dockerfile).toMatch(/checksums\.txt \| sha256sum -c -/);
  });

  it("runs as a non-root user under an init process, with a health check on readiness", () => {
    const user = finalStage.filter((line) => line.startsWith("USER ")).at(-1);
    expect(user).toBe("USER node");
    expect(finalStage.find((line) => line.startsWith("ENTRYPOINT "))).toContain("tini");
    expect(finalStage.find((line) => line.startsWith("HEALTHCHECK "))).toContain("/readyz");
  });

  it("copies only paths that exist and that .dockerignore lets through", () => {
    const ignored = fs
      .readFileSync(path.join(ROOT, ".dockerignore"), "utf8")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith("#"));
    const sources = instructions
      .filter((line) => line.startsWith("COPY ") && !line.includes("--from="))
      .flatMap((line) => line.slice(5).split(/\s+/).filter((word) => !word.startsWith("--")).slice(0, -1));
    expect(sources.length).toBeGreaterThan(5);
    for (const source of sources) {
      expect(fs.existsSync(path.join(ROOT, source)), source).toBe(true);
      expect(ignored, source).not.toContain(source);
    }
  });

  it("sets settings the service accepts, and the data volume where the service keeps its data", () => {
    const env = { ...envOfFinalStage, SLIPSTREAM_BOOTSTRAP_TOKEN: "t".repeat(40), PULUMI_CONFIG_PASSPHRASE: "p" };
    const settings = loadSettings(env);
    expect(settings.HOST).toBe("0.0.0.0");
    expect(instructions).toContain(`VOLUME ["${settings.SLIPSTREAM_DATA_DIR}"]`);
    expect(service.volumes).toContain(`slipstream-data:${settings.SLIPSTREAM_DATA_DIR}`);
  });

  it("compose requires the token and passphrase, and waits longer than the shutdown grace", () => {
    expect(service.environment["SLIPSTREAM_BOOTSTRAP_TOKEN"]).toMatch(/^\$\{SLIPSTREAM_BOOTSTRAP_TOKEN:\?/);
    expect(service.environment["PULUMI_CONFIG_PASSPHRASE"]).toMatch(/^\$\{PULUMI_CONFIG_PASSPHRASE:\?/);
    const grace = Number(service.environment["SLIPSTREAM_SHUTDOWN_GRACE_MS"]);
    const stop = Number(/^(\d+)s$/.exec(service.stop_grace_period)?.[1]) * 1000;
    expect(stop).toBeGreaterThan(grace);
  });
});
