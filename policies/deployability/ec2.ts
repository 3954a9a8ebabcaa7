import { integerBetween, lengthBetween, matches } from "../lib/checks";
import { resourceRule } from "../lib/deployability";
import { physicalName } from "../lib/physical-name";
import { numberAt, stringAt } from "../lib/property-values";

// CreateSecurityGroup's character set for names and descriptions in a VPC.
const GROUP_TEXT = /^[a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]*$/;

/** Security group names and descriptions: up to 255 characters of a restricted set; names not starting with `sg-`. */
export const securityGroupLimits = resourceRule({
  name: "security-group-limits",
  description: "Security group names and descriptions must have up to 255 characters of a-z A-Z 0-9 space and ._-:/()#,@[]+=&;{}!$*, and names must not start with sg-.",
  document: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html",
  remediation: "Drop other characters (apostrophes, accents, ...) from the description and keep name and description within 255 characters.",
  types: ["aws:ec2/securityGroup:SecurityGroup"],
  checks: [
    physicalName({ path: "name", min: 1, max: 255, pattern: GROUP_TEXT, rule: "a-z A-Z 0-9 space and ._-:/()#,@[]+=&;{}!$* only", autonamed: true, prefixPath: "namePrefix" }),
    lengthBetween("description", 0, 255),
    matches("description", GROUP_TEXT, "a-z A-Z 0-9 space and ._-:/()#,@[]+=&;{}!$* only"),
    (resource, report) => {
      const name = stringAt(resource.props, "name");
      if (typeof name === "string" && name.toLowerCase().startsWith("sg-")) report("name", `${JSON.stringify(name)} starts with sg-, which EC2 reserves for group ids.`);
    },
  ],
});

/** Security group rules: ports 0–65,535 (or -1 for all with ICMP or all protocols), from not above to; descriptions of up to 255 characters. */
export const securityGroupRulePorts = resourceRule({
  name: "security-group-rule-ports",
  description: "Security group rules must use ports -1 to 65535 with fromPort not above toPort, and descriptions of up to 255 characters.",
  document: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AuthorizeSecurityGroupIngress.html",
  remediation: "Use fromPort <= toPort within 0-65535 (or -1 for all traffic of a protocol that has no ports).",
  types: ["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"],
  checks: [
    integerBetween("fromPort", -1, 65_535),
    integerBetween("toPort", -1, 65_535),
    lengthBetween("description", 0, 255),
    matches("description", GROUP_TEXT, "a-z A-Z 0-9 space and ._-:/()#,@[]+=&;{}!$* only"),
    (resource, report) => {
      const from = numberAt(resource.props, "fromPort");
      const to = numberAt(resource.props, "toPort");
      if (typeof from === "number" && typeof to === "number" && from > to) report("fromPort", `${from} is above toPort ${to}.`);
    },
  ],
});
