import { lengthBetween, matches } from "../lib/checks";
import { resourceRule } from "../lib/deployability";
import { physicalName } from "../lib/physical-name";
import { stringAt, valueAt } from "../lib/property-values";

// Cognito refuses prefix domains holding these words (user guide, "Using the Amazon Cognito
// prefix domain"); the API reference gives only the pattern.
const RESERVED_WORDS = ["aws", "amazon", "cognito"];

/**
 * CreateUserPoolDomain's rules for a prefix domain (`<prefix>.auth.<region>.amazoncognito.com`):
 * 1–63 lowercase letters, digits and hyphens, no hyphen first or last, and none of the reserved
 * words aws, amazon or cognito. A custom domain (with `certificateArn`) is a DNS name and is not
 * checked here.
 */
export const cognitoUserPoolDomain = resourceRule({
  name: "cognito-user-pool-domain",
  description: "Cognito prefix domains must have 1-63 lowercase letters, digits and hyphens (no hyphen first or last) and contain none of aws, amazon, cognito.",
  document: "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolDomain.html",
  remediation: "Derive the prefix from names without aws, amazon or cognito in them, and keep it within 63 lowercase letters, digits and hyphens.",
  types: ["aws:cognito/userPoolDomain:UserPoolDomain"],
  checks: [
    (resource, report) => {
      const custom = valueAt(resource.props, "certificateArn");
      const domain = stringAt(resource.props, "domain");
      if (custom !== undefined || typeof domain !== "string" || domain.includes(".")) return;
      lengthBetween("domain", 1, 63)(resource, report);
      matches("domain", /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "lowercase letters, digits and hyphens, no hyphen first or last")(resource, report);
      const word = RESERVED_WORDS.find((w) => domain.includes(w));
      if (word) report("domain", `${JSON.stringify(domain)} contains the reserved word ${JSON.stringify(word)}; Cognito refuses it in a prefix domain.`);
    },
  ],
});

/** CreateUserPool's name and CreateIdentityPool's name: up to 128 characters (identity pools: `\w`, white space and `+ = , . @ -`). */
export const cognitoPoolNames = resourceRule({
  name: "cognito-pool-names",
  description: "Cognito user pool names must have 1-128 characters; identity pool names 1-128 word characters, white space and + = , . @ -.",
  document: "https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_CreateIdentityPool.html",
  remediation: "Shorten the pool's name (or its resource name when Pulumi names it) and use only letters, digits, _, white space and + = , . @ - in identity pool names.",
  types: ["aws:cognito/userPool:UserPool", "aws:cognito/identityPool:IdentityPool"],
  checks: [
    (resource, report) => {
      if (resource.type === "aws:cognito/userPool:UserPool") physicalName({ path: "name", min: 1, max: 128, autonamed: true })(resource, report);
      else physicalName({ path: "identityPoolName", min: 1, max: 128, pattern: /^[\w\s+=,.@-]+$/, rule: "letters, digits, _, white space and + = , . @ -", autonamed: false })(resource, report);
    },
  ],
});
