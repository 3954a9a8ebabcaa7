import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { AnalyzeRequest, AnalyzerResourceOptions, EnforcementLevel, type AnalyzeResponse, type AnalyzerInfo } from "@pulumi/pulumi/proto/analyzer_pb";
import { afterEach, describe, expect, it } from "vitest";
import { PACK_NAME, slipstreamPolicies } from "../../policies/all-policies";
import packageJson from "../../policies/package.json";

const POLICIES_DIR = path.resolve(__dirname, "..", "..", "policies");
const RUN_POLICY_PACK = path.dirname(require.resolve("@pulumi/pulumi/cmd/run-policy-pack/index.js"));

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill();
});

/** Starts the pack as a plugin process and resolves with the port it prints, as the engine reads it. */
function startPack(args: string[]): Promise<{ child: ChildProcess; port: number }> {
  // The engine starts analyzers in the pack's directory: PolicyPack reads ./package.json for its version.
  const child = spawn(process.execPath, args, { cwd: POLICIES_DIR, stdio: ["ignore", "pipe", "pipe"] });
  started.push(child);
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stderr!.on("data", (chunk) => (stderr += chunk));
    child.stdout!.on("data", (chunk) => {
      stdout += chunk;
      const line = /^(\d+)\n/.exec(stdout);
      if (line) resolve({ child, port: Number(line[1]) });
    });
    child.on("exit", (code) => reject(new Error(`the pack exited (${code}) before serving:\n${stdout}\n${stderr}`)));
  });
}

const unary = <T>(call: (callback: (err: grpc.ServiceError | null, response: T) => void) => void) =>
  new Promise<T>((resolve, reject) => call((err, response) => (err ? reject(err) : resolve(response))));

async function expectServes(args: string[]) {
  const { child, port } = await startPack(args);
  const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  try {
    const info = await unary<AnalyzerInfo>((cb) => client.getAnalyzerInfo(new Empty(), cb));
    expect(info.getName()).toBe(PACK_NAME);
    expect(info.getVersion()).toBe(packageJson.version);
    expect(info.getPoliciesList().map((p) => p.getName())).toEqual(slipstreamPolicies.map((p) => p.name));
    expect(info.getPoliciesList().every((p) => p.getEnforcementlevel() === EnforcementLevel.MANDATORY)).toBe(true);

    // The served policies answer as the offline evaluator does.
    const request = new AnalyzeRequest()
      .setType("aws:kinesis/stream:Stream")
      .setName("clicks")
      .setUrn("urn:pulumi:dev::lake::aws:kinesis/stream:Stream::clicks")
      .setProperties(Struct.fromJavaScript({ encryptionType: "NONE", shardCount: 1, tags: { owner: "o", "cost-center": "c", environment: "dev" } }))
      .setOptions(new AnalyzerResourceOptions());
    const response = await unary<AnalyzeResponse>((cb) => client.analyze(request, cb));
    const diagnostics = response.getDiagnosticsList().map((d) => [d.getPolicyname(), d.getEnforcementlevel(), d.getMessage()]);
    expect(diagnostics).toEqual([["kinesis-stream-encrypted", EnforcementLevel.MANDATORY, expect.stringContaining('Stream clicks has encryptionType "NONE"; it must be "KMS".')]]);

    // Deployability rules run in the same pack: AWS's own limits fail a preview too.
    request.setProperties(Struct.fromJavaScript({ encryptionType: "KMS", kmsKeyId: "arn:aws:kms:us-east-1:000000000000:key/k", shardCount: 1, retentionPeriod: 9000, tags: { owner: "o", "cost-center": "c", environment: "dev" } }));
    const limits = await unary<AnalyzeResponse>((cb) => client.analyze(request, cb));
    expect(limits.getDiagnosticsList().map((d) => [d.getPolicyname(), d.getEnforcementlevel(), d.getMessage()])).toEqual([
      ["kinesis-stream-limits", EnforcementLevel.MANDATORY, expect.stringContaining("retentionPeriod: 9000 hours is outside AWS's range of 24 to 8760 hours.")],
    ]);
    // Serving, not exited.
    expect(child.exitCode).toBeNull();
  } finally {
    client.close();
  }
}

describe("the pack as an analyzer plugin", () => {
  it("serves when started as the engine does (run-policy-pack <engine> <pack dir>)", async () => {
    await expectServes([RUN_POLICY_PACK, "127.0.0.1:0", "."]);
  });

  it("serves when its entry is run directly under tsx", async () => {
    await expectServes(["--require", "tsx/cjs", "index.ts"]);
  });
});
