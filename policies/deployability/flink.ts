import { atMostItems, integerAtLeast, integerBetween, lengthBetween, matches, oneOf } from "../lib/checks";
import { resourceRule } from "../lib/deployability";
import { physicalName } from "../lib/physical-name";
import { listAt } from "../lib/property-values";

const FLINK_APPLICATION = "aws:kinesisanalyticsv2/application:Application";

/**
 * CreateApplication's rules for Managed Service for Apache Flink: names of up to 128 characters
 * of letters, digits, `_ . -`; a Flink runtime; parallelism of at least 1 with 1–8 parallel
 * tasks per KPU; at most 50 property groups; monitoring and
 * checkpoint enums. The per-application KPU quota (64 by default) can be raised, so the total
 * parallelism is not checked.
 */
export const flinkApplicationLimits = resourceRule({
  name: "flink-application-limits",
  description: "Managed Flink applications must use a configuration CreateApplication accepts: name, runtime, parallelism (1-8 per KPU), property groups, log and metrics levels.",
  document: "https://docs.aws.amazon.com/managed-flink/latest/apiv2/API_CreateApplication.html",
  remediation: "Fix the named field: parallelism at least 1, parallelismPerKpu within 1-8; at most 50 property groups.",
  types: [FLINK_APPLICATION],
  checks: [
    physicalName({ path: "name", min: 1, max: 128, pattern: /^[a-zA-Z0-9_.-]+$/, rule: "letters, digits, _ . and - only", autonamed: true }),
    matches("runtimeEnvironment", /^(FLINK-\d+_\d+|SQL-1_0|ZEPPELIN-FLINK-\d+_\d+)$/, "a runtime such as FLINK-1_20"),
    oneOf("applicationMode", ["STREAMING", "INTERACTIVE"]),
    lengthBetween("description", 0, 1024),
    integerAtLeast("applicationConfiguration.flinkApplicationConfiguration.parallelismConfiguration.parallelism", 1),
    integerBetween("applicationConfiguration.flinkApplicationConfiguration.parallelismConfiguration.parallelismPerKpu", 1, 8),
    oneOf("applicationConfiguration.flinkApplicationConfiguration.parallelismConfiguration.configurationType", ["DEFAULT", "CUSTOM"]),
    oneOf("applicationConfiguration.flinkApplicationConfiguration.monitoringConfiguration.logLevel", ["INFO", "WARN", "ERROR", "DEBUG"]),
    oneOf("applicationConfiguration.flinkApplicationConfiguration.monitoringConfiguration.metricsLevel", ["APPLICATION", "OPERATOR", "PARALLELISM", "TASK"]),
    oneOf("applicationConfiguration.flinkApplicationConfiguration.checkpointConfiguration.configurationType", ["DEFAULT", "CUSTOM"]),
    oneOf("applicationConfiguration.applicationCodeConfiguration.codeContentType", ["ZIPFILE", "PLAINTEXT"]),
    lengthBetween("applicationConfiguration.applicationCodeConfiguration.codeContent.s3ContentLocation.fileKey", 1, 1024),
    atMostItems("applicationConfiguration.environmentProperties.propertyGroups", 50, "property groups"),
    (resource, report) => {
      const groups = listAt(resource.props, "applicationConfiguration.environmentProperties.propertyGroups");
      if (!Array.isArray(groups)) return;
      groups.forEach((_, i) => lengthBetween(`applicationConfiguration.environmentProperties.propertyGroups.${i}.propertyGroupId`, 1, 50)(resource, (_field, message) => report(`applicationConfiguration.environmentProperties.propertyGroups[${i}].propertyGroupId`, message)));
    },
  ],
});
