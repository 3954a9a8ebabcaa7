import { isSet, reportWhen, read } from "../lib/known";
import { resourcePolicy } from "../lib/slipstream-policy";

/** Glue jobs run under a security configuration, so their S3 output, logs and bookmarks are encrypted. */
export const glueJobSecurityConfiguration = resourcePolicy({
  name: "glue-job-security-configuration",
  description: "Glue jobs must run with a security configuration.",
  controls: { securityHub: [], checkov: ["CKV_AWS_195"] },
  remediation: "Set `securityConfiguration` to the name of a Glue security configuration that encrypts S3, CloudWatch and bookmarks with KMS.",
  type: "aws:glue/job:Job",
  validate: (props, args, report) => {
    reportWhen(
      () => !isSet(props.securityConfiguration),
      () => report(`Glue job ${args.name} runs without a securityConfiguration.`),
    );
  },
});

/** A Glue security configuration encrypts S3 and CloudWatch with SSE-KMS and bookmarks with CSE-KMS. */
export const glueSecurityConfigurationEncrypted = resourcePolicy({
  name: "glue-security-configuration-encrypted",
  description: "Glue security configurations must encrypt S3 data and CloudWatch logs with SSE-KMS and job bookmarks with CSE-KMS.",
  controls: { securityHub: [], checkov: ["CKV_AWS_99"] },
  remediation:
    'Set `encryptionConfiguration: { s3Encryption: { s3EncryptionMode: "SSE-KMS", kmsKeyArn }, cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn }, jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn } }`.',
  type: "aws:glue/securityConfiguration:SecurityConfiguration",
  validate: (props, args, report) => {
    const expected: [string, string, string][] = [
      ["s3Encryption", "s3EncryptionMode", "SSE-KMS"],
      ["cloudwatchEncryption", "cloudwatchEncryptionMode", "SSE-KMS"],
      ["jobBookmarksEncryption", "jobBookmarksEncryptionMode", "CSE-KMS"],
    ];
    for (const [block, field, mode] of expected) {
      reportWhen(
        () => props.encryptionConfiguration?.[block]?.[field] !== mode,
        () => report(`Glue security configuration ${args.name} has ${block}.${field} ${JSON.stringify(props.encryptionConfiguration?.[block]?.[field] ?? "DISABLED")}; it must be "${mode}".`),
      );
    }
  },
});

function versionAtLeast(version: string, minimum: string): boolean {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  const [minMajor = 0, minMinor = 0] = minimum.split(".").map(Number);
  return major > minMajor || (major === minMajor && minor >= minMinor);
}

interface GlueVersionConfig {
  minimumVersion?: string;
  minimumStreamingVersion?: string;
}

/** Glue jobs run on a supported Glue version: 3.0 or later, 4.0 or later for streaming jobs. */
export const glueJobVersion = resourcePolicy({
  name: "glue-job-version",
  description: "Glue jobs must run on Glue 3.0 or later (streaming jobs on 4.0 or later).",
  controls: { securityHub: ["Glue.4"], checkov: [] },
  remediation: 'Set `glueVersion` to "4.0" or later.',
  configSchema: {
    properties: {
      minimumVersion: { type: "string", pattern: "^\\d+\\.\\d+$", default: "3.0" },
      minimumStreamingVersion: { type: "string", pattern: "^\\d+\\.\\d+$", default: "4.0" },
    },
  },
  type: "aws:glue/job:Job",
  validate: (props, args, report) => {
    const { minimumVersion = "3.0", minimumStreamingVersion = "4.0" } = args.getConfig<GlueVersionConfig>();
    const streaming = read(() => props.command?.name === "gluestreaming");
    if (typeof streaming === "symbol") return;
    const minimum = streaming ? minimumStreamingVersion : minimumVersion;
    // Without glueVersion, AWS runs Spark jobs on Glue 0.9.
    reportWhen(
      () => !versionAtLeast(props.glueVersion ?? "0.9", minimum),
      () => report(`Glue ${streaming ? "streaming " : ""}job ${args.name} runs on Glue ${props.glueVersion ?? "0.9 (the default)"}; use ${minimum} or later.`),
    );
  },
});
