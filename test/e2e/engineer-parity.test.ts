import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogue, exampleRequest } from "../../blueprints/catalogue";
import { EngineerShell } from "./support/engineer-shell";
import { startTestService } from "./support/service";
import { comparableResources, configPathCommands } from "./support/stack-resources";

const REGION = "eu-west-1";

/** Short deployment names of equal length per blueprint: one for the service, one for `pulumi up`. */
const names = (blueprint: string) => {
  const initials = blueprint.split("-").map((w) => w[0]).join("");
  return { service: `parity-${initials}-svc`, engineer: `parity-${initials}-cli` };
};

// The same request, deployed once through the service (HTTP API → Automation API, inline
// program) and once the engineers' way (stack config → `pulumi up` of Pulumi.yaml's program),
// gives the same resources: types, URNs, parents and inputs agree once the deployment name,
// the only thing meant to differ, is normalised.
describe("the service and `pulumi up` deploy a request alike", () => {
  let service: Awaited<ReturnType<typeof startTestService>>;
  let shell: EngineerShell;
  beforeAll(async () => {
    service = await startTestService({ SLIPSTREAM_CONCURRENCY: "2" });
    shell = new EngineerShell([...catalogue.keys()].map((b) => names(b).engineer));
  });
  afterAll(async () => {
    await service?.stop();
    shell?.close();
  });

  for (const blueprint of catalogue.keys()) {
    it(`matches for ${blueprint}`, async () => {
      const { params, tags } = exampleRequest(blueprint) as { params: unknown; tags: unknown };
      const name = names(blueprint);

      const created = await service.api.call("POST", "/v1/deployments", { name: name.service, blueprint, params, tags, region: REGION });
      expect(created.status, JSON.stringify(created.body)).toBe(202);
      const operation = await service.api.settle(created.body.operation.id);
      expect(operation.status, JSON.stringify(operation.error)).toBe("succeeded");

      // Every leaf set with --path, so the CLI's typing of values is part of what must agree.
      const up = await shell.run(
        [
          `pulumi stack init ${name.engineer}`,
          `pulumi config set aws:region ${REGION}`,
          `pulumi config set slipstream:blueprint ${blueprint}`,
          ...configPathCommands("slipstream:tags", tags),
          ...configPathCommands("slipstream:params", params),
          "pulumi up --yes --policy-pack policies",
        ].join("\n"),
      );
      expect(up.code, up.output).toBe(0);

      // Secrets are compared by plaintext (each stack encrypts with its own passphrase and
      // salt), and by being secret: `--show-secrets` keeps the secret marker around each. The
      // export runs in the service's workspace for the deployment (AutomationEngine.workDir).
      const viaService = await shell.run(
        `cd ${path.join(service.dataDir, "workspaces", name.service)} && PULUMI_BACKEND_URL=file://${service.dataDir}/state PULUMI_CONFIG_PASSPHRASE=e2e-passphrase pulumi stack export --show-secrets --stack ${name.service}`,
      );
      expect(viaService.code, viaService.stderr).toBe(0);
      const serviceResources = comparableResources(JSON.parse(viaService.stdout), name.service);
      const engineerResources = comparableResources(await shell.exportStack(name.engineer, true), name.engineer);

      expect(engineerResources.length).toBeGreaterThan(10);
      expect(engineerResources.map((r) => r.urn)).toEqual(serviceResources.map((r) => r.urn));
      expect(engineerResources).toEqual(serviceResources);
    });
  }
});
