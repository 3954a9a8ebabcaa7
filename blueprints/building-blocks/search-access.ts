import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AccountContext } from "./account";
import { SecureFunction } from "./lambda-function";
import type { SearchAccessPlan } from "./search-access-plan";

const ACCESS_FUNCTION_ENTRY = path.join(__dirname, "search-access-function", "handler.ts");

/**
 * Seconds the access function may run: a new domain can refuse its master for a few minutes
 * while fine-grained access control starts and IAM propagates, and the function retries
 * within this bound (Lambda's maximum is 900).
 */
export const ACCESS_FUNCTION_TIMEOUT_SECONDS = 300;

export interface SearchAccessArgs {
  account: AccountContext;
  kmsKeyArn: pulumi.Input<string>;
  tags: Record<string, string>;
  logRetentionDays: number;
  /** The domain's master user: the function runs as it. Made before the domain, which names it. */
  role: aws.iam.Role;
  domain: aws.opensearch.Domain;
  /** The domain's ARN as built from its name (known before the domain exists). */
  domainArn: pulumi.Input<string>;
  plan: pulumi.Input<SearchAccessPlan>;
  /** Indices whose settings the plan applies; the function may create them and update their settings. */
  settingsIndices: string[];
}

/**
 * Applies a domain's fine-grained access control plan (search-access-plan.ts) when the
 * deployment runs: a small function, running as the domain's master user, that the deployment
 * invokes with `aws.lambda.Invocation` once the domain exists, and again whenever the plan or the
 * endpoint changes (lifecycle scope CRUD; the function reads the previous plan to unmap
 * principals it no longer wants). Nothing here needs a provider beyond @pulumi/aws, and nobody
 * has to run a one-time call by hand.
 *
 * Why not the writer itself: fine-grained access control only lets the master user (or a
 * `security_manager`) change role mappings, and a writer that could map itself would hold far
 * more than it writes with.
 */
export class SearchAccess extends pulumi.ComponentResource {
  readonly function: SecureFunction;
  readonly invocation: aws.lambda.Invocation;

  constructor(name: string, args: SearchAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("slipstream:building-blocks:SearchAccess", name, {}, opts);
    const securityApi = (resource: string) => pulumi.interpolate`${args.domainArn}/_plugins/_security/api/${resource}/*`;
    this.function = new SecureFunction(
      `${name}-function`,
      {
        entry: ACCESS_FUNCTION_ENTRY,
        description: "Maps the writers, administrators and Dashboards users of an OpenSearch domain",
        account: args.account,
        kmsKeyArn: args.kmsKeyArn,
        tags: args.tags,
        logRetentionDays: args.logRetentionDays,
        role: args.role,
        timeout: ACCESS_FUNCTION_TIMEOUT_SECONDS,
        statements: [
          // The security REST API: read a mapping, write roles and mappings, delete roles it made.
          { Sid: "ManageRolesAndMappings", Effect: "Allow", Action: ["es:ESHttpGet", "es:ESHttpPut", "es:ESHttpDelete"], Resource: [securityApi("roles"), securityApi("rolesmapping")] },
          ...(args.settingsIndices.length === 0
            ? []
            : [
                {
                  Sid: "ApplyIndexSettings",
                  Effect: "Allow" as const,
                  Action: ["es:ESHttpPut"],
                  Resource: args.settingsIndices.flatMap((index) => [pulumi.interpolate`${args.domainArn}/${index}`, pulumi.interpolate`${args.domainArn}/${index}/_settings`]),
                },
              ]),
        ],
      },
      { parent: this },
    );

    this.invocation = new aws.lambda.Invocation(
      `${name}-apply`,
      {
        functionName: this.function.name,
        input: pulumi.jsonStringify({ endpoint: args.domain.endpoint, plan: args.plan }),
        // CRUD: invoked on create, on every change of the input (with the previous input under
        // `tf.prev_input`), and on delete (the function does nothing then).
        lifecycleScope: "CRUD",
      },
      { parent: this, dependsOn: [args.domain, this.function] },
    );
    this.registerOutputs({ functionName: this.function.name });
  }
}
