import { eachOneOf, lengthBetween, matches } from "../lib/checks";
import { resourceRule } from "../lib/deployability";
import { physicalName } from "../lib/physical-name";
import { numberAt } from "../lib/property-values";
import { tagLimits } from "./tags";

const LOWERCASE_NAME = /^[a-z0-9-]+$/;

/**
 * Redshift Serverless workgroups: names of 3–64 lowercase letters, digits and hyphens, a base
 * capacity of 8 to 1,024 RPUs in steps of 8 (a maximum capacity not below it), and the custom
 * ports CreateWorkgroup accepts (5431–5455, 8191–8215).
 */
export const redshiftServerlessWorkgroupLimits = resourceRule({
  name: "redshift-serverless-workgroup-limits",
  description: "Redshift Serverless workgroups must have a 3-64 character lowercase name, a base capacity of 8-1024 RPUs in steps of 8, and a port of 5431-5455 or 8191-8215.",
  document: "https://docs.aws.amazon.com/redshift/latest/mgmt/serverless-capacity.html",
  remediation: "Use a baseCapacity that is a multiple of 8 between 8 and 1024 and a maxCapacity not below it.",
  types: ["aws:redshiftserverless/workgroup:Workgroup"],
  checks: [
    physicalName({ path: "workgroupName", min: 3, max: 64, pattern: LOWERCASE_NAME, rule: "lowercase letters, digits and hyphens only", autonamed: false }),
    (resource, report) => {
      const base = numberAt(resource.props, "baseCapacity");
      if (typeof base === "number" && (base < 8 || base > 1024 || base % 8 !== 0)) report("baseCapacity", `${base} RPUs; Redshift Serverless takes 8 to 1024 RPUs in steps of 8.`);
      const max = numberAt(resource.props, "maxCapacity");
      if (typeof max === "number" && typeof base === "number" && max < base) report("maxCapacity", `${max} RPUs is below the base capacity of ${base}.`);
      const port = numberAt(resource.props, "port");
      if (typeof port === "number" && !((port >= 5431 && port <= 5455) || (port >= 8191 && port <= 8215))) report("port", `${port}; Redshift Serverless listens on 5431-5455 or 8191-8215.`);
    },
  ],
});

/** Redshift Serverless namespaces: names of 3–64 lowercase letters, digits and hyphens; database names of up to 127 characters; the log types it exports. */
export const redshiftServerlessNamespaceLimits = resourceRule({
  name: "redshift-serverless-namespace-limits",
  description: "Redshift Serverless namespaces must have a 3-64 character lowercase name, a database name of up to 127 characters and export only userlog, connectionlog and useractivitylog.",
  document: "https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/API_CreateNamespace.html",
  remediation: "Use lowercase letters, digits and hyphens in namespaceName and one of the three log types in logExports.",
  types: ["aws:redshiftserverless/namespace:Namespace"],
  checks: [
    physicalName({ path: "namespaceName", min: 3, max: 64, pattern: LOWERCASE_NAME, rule: "lowercase letters, digits and hyphens only", autonamed: false }),
    lengthBetween("dbName", 1, 127),
    matches("dbName", /^[a-z_][a-z0-9_$]*$/, "lowercase letters, digits, _ and $, a letter or _ first"),
    eachOneOf("logExports", ["useractivitylog", "userlog", "connectionlog"]),
  ],
});

// Redshift's tag character set is narrower than the general one: no '@' (deploy-review m16).
const REDSHIFT_TAG_CHARACTERS = /^[\p{L}\p{N}\s+\-=._:/]*$/u;

/** Redshift and Redshift Serverless tags: letters, digits, white space and `+ - = . _ : /` only. */
export const redshiftTagCharacters = resourceRule({
  name: "redshift-tag-characters",
  description: "Redshift and Redshift Serverless tag keys and values may hold only letters, digits, white space and + - = . _ : /.",
  document: "https://docs.aws.amazon.com/redshift/latest/mgmt/amazon-redshift-tagging.html",
  remediation: "Drop other characters (such as @) from the tags of Redshift resources.",
  types: (type) => type.startsWith("aws:redshift/") || type.startsWith("aws:redshiftserverless/"),
  checks: [tagLimits({ characters: { pattern: REDSHIFT_TAG_CHARACTERS, rule: "Redshift takes letters, digits, white space and + - = . _ : / only" } })],
});
