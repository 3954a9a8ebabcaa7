import { describe, expect, it } from "vitest";
import { loadSettings, SettingsError } from "../../api/config/settings";

const problems = (env: Record<string, string>) => {
  try {
    loadSettings(env);
  } catch (err) {
    if (err instanceof SettingsError) return err.problems;
    throw err;
  }
  return [];
};

describe("settings for several instances", () => {
  it("defaults to SQLite, state beside it and a passphrase, with 30 s leases", () => {
    const settings = loadSettings({ SLIPSTREAM_DATA_DIR: "/srv/slipstream" });
    expect(settings).toMatchObject({ SLIPSTREAM_STORE: "sqlite", SLIPSTREAM_STATE_URL: "file:///srv/slipstream/state", SLIPSTREAM_SECRETS_PROVIDER: "passphrase", SLIPSTREAM_LEASE_MS: 30_000, SLIPSTREAM_SHUTDOWN_GRACE_MS: 30_000 });
  });

  it("takes a DynamoDB table, an S3 state URL with the CLI's query parameters and a KMS key", () => {
    const settings = loadSettings({
      SLIPSTREAM_STORE: "dynamodb://slipstream-prod",
      SLIPSTREAM_STATE_URL: "s3://state-bucket/slipstream?region=eu-west-1&endpoint=minio:9000&s3ForcePathStyle=true",
      SLIPSTREAM_SECRETS_PROVIDER: "awskms://alias/slipstream?region=eu-west-1",
      SLIPSTREAM_LEASE_MS: "10000",
    });
    expect(settings).toMatchObject({ SLIPSTREAM_STORE: "dynamodb://slipstream-prod", SLIPSTREAM_LEASE_MS: 10_000 });
  });

  it("names each bad setting", () => {
    expect(problems({ SLIPSTREAM_STORE: "postgres://x" })).toEqual([expect.stringMatching(/^SLIPSTREAM_STORE: sqlite, or dynamodb/)]);
    expect(problems({ SLIPSTREAM_STORE: "dynamodb://ab" })).toEqual([expect.stringMatching(/^SLIPSTREAM_STORE:/)]);
    expect(problems({ SLIPSTREAM_STATE_URL: "gs://bucket" })).toEqual([expect.stringMatching(/^SLIPSTREAM_STATE_URL:/)]);
    expect(problems({ SLIPSTREAM_STATE_URL: "file://relative/path" })).toEqual([expect.stringMatching(/^SLIPSTREAM_STATE_URL:/)]);
    expect(problems({ SLIPSTREAM_SECRETS_PROVIDER: "hashivault://k" })).toEqual([expect.stringMatching(/^SLIPSTREAM_SECRETS_PROVIDER:/)]);
    expect(problems({ SLIPSTREAM_LEASE_MS: "500" })).toEqual([expect.stringMatching(/^SLIPSTREAM_LEASE_MS:/)]);
    expect(problems({ SLIPSTREAM_SHUTDOWN_GRACE_MS: "-1" })).toEqual([expect.stringMatching(/^SLIPSTREAM_SHUTDOWN_GRACE_MS:/)]);
    expect(problems({ SLIPSTREAM_SHUTDOWN_GRACE_MS: "soon" })).toEqual([expect.stringMatching(/^SLIPSTREAM_SHUTDOWN_GRACE_MS:/)]);
  });

  it("wants one passphrase for all instances when they share a store or state", () => {
    expect(problems({ SLIPSTREAM_STORE: "dynamodb://slipstream" })).toEqual([expect.stringMatching(/^PULUMI_CONFIG_PASSPHRASE: required/)]);
    expect(problems({ SLIPSTREAM_STATE_URL: "s3://bucket" })).toEqual([expect.stringMatching(/^PULUMI_CONFIG_PASSPHRASE: required/)]);
    expect(problems({ SLIPSTREAM_STORE: "dynamodb://slipstream", PULUMI_CONFIG_PASSPHRASE: "shared" })).toEqual([]);
    expect(problems({ SLIPSTREAM_STORE: "dynamodb://slipstream", SLIPSTREAM_SECRETS_PROVIDER: "awskms://alias/k" })).toEqual([]);
  });
});
