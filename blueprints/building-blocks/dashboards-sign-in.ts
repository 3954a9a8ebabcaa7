import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AccountContext } from "./account";
import { policyDocument } from "./iam";

export interface DashboardsSignInArgs {
  account: AccountContext;
  tags: Record<string, string>;
  /** The OpenSearch domain's name: unique per deployment, it names the sign-in pools. */
  domainName: string;
  /** TOTP multi-factor sign-in: required, or offered. */
  mfa: "required" | "optional";
  /** Protect the user pool from deletion (prod). */
  protect: boolean;
}

/**
 * How people sign in to OpenSearch Dashboards: Amazon Cognito authentication ("Configuring
 * Amazon Cognito authentication for OpenSearch Dashboards", OpenSearch Service developer guide).
 * A user pool (administrator-created users, strong passwords, TOTP MFA) and an identity pool
 * that gives signed-in people one IAM role, which the domain's access policy names and fine-
 * grained access control maps to read-only roles.
 *
 * Why Cognito and not SAML or an internal master user: both of those need a domain access policy
 * that admits any principal (`"AWS": "*"`; the guide's "Recommended configurations" and "SAML
 * authentication": "Modifying the domain access policy"), because basic-auth and SAML sessions
 * are not SigV4-signed. Cognito keeps Slipstream's access policy naming exact roles, needs no
 * shared password to store and rotate, and still lets an enterprise IdP be federated into the
 * user pool later (the guide's "Configuring identity providers").
 */
export class DashboardsSignIn extends pulumi.ComponentResource {
  readonly userPool: aws.cognito.UserPool;
  readonly identityPool: aws.cognito.IdentityPool;
  /** The IAM role every signed-in person assumes. */
  readonly authenticatedRole: aws.iam.Role;
  /** What `aws.opensearch.Domain`'s `cognitoOptions` takes. */
  readonly cognitoOptions: aws.types.input.opensearch.DomainCognitoOptions;
  readonly signInDomain: pulumi.Output<string>;

  constructor(name: string, args: DashboardsSignInArgs, opts?: pulumi.ComponentResourceOptions) {
    super("slipstream:building-blocks:DashboardsSignIn", name, {}, opts);
    const parent = { parent: this };
    const { accountId, region, partition } = args.account;

    this.userPool = new aws.cognito.UserPool(
      `${name}-users`,
      {
        // AdminCreateUserConfig.AllowAdminCreateUserOnly: nobody signs themselves up to read the domain.
        adminCreateUserConfig: { allowAdminCreateUserOnly: true },
        usernameAttributes: ["email"],
        autoVerifiedAttributes: ["email"],
        accountRecoverySetting: { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] },
        // Cognito "Adding MFA to a user pool": ON makes every sign-in ask for the TOTP code;
        // OPTIONAL lets each user opt in. Software tokens only: SMS needs an SNS role and origination setup.
        mfaConfiguration: args.mfa === "required" ? "ON" : "OPTIONAL",
        softwareTokenMfaConfiguration: { enabled: true },
        // Cognito "Password policies": 8-99 characters; 14 and every class, temporary passwords for 3 days.
        passwordPolicy: {
          minimumLength: 14,
          requireLowercase: true,
          requireUppercase: true,
          requireNumbers: true,
          requireSymbols: true,
          temporaryPasswordValidityDays: 3,
        },
        // UserPool DeletionProtection: ACTIVE refuses DeleteUserPool (prod keeps its users).
        deletionProtection: args.protect ? "ACTIVE" : "INACTIVE",
        tags: args.tags,
      },
      parent,
    );

    // The hosted sign-in page needs a domain ("About the user pool"); a prefix domain is
    // `<prefix>.auth.<region>.amazoncognito.com`, unique in the Region across all accounts, so the
    // account id is part of it. CreateUserPoolDomain: 1-63 of [a-z0-9-], no leading or trailing
    // hyphen; Cognito also refuses prefixes containing "aws", "amazon" or "cognito".
    const prefix = args.domainName.replace(/aws|amazon|cognito/g, "x");
    const signInDomain = new aws.cognito.UserPoolDomain(`${name}-sign-in`, { domain: pulumi.interpolate`${prefix}-${accountId}`, userPoolId: this.userPool.id }, parent);
    this.signInDomain = signInDomain.domain;

    this.identityPool = new aws.cognito.IdentityPool(
      `${name}-identities`,
      {
        // IdentityPoolName: [\w\s+=,.@-]+; OpenSearch adds the user pool's app client itself.
        identityPoolName: `${args.domainName.replace(/-/g, "_")}_dashboards`,
        allowUnauthenticatedIdentities: false,
        allowClassicFlow: false,
        tags: args.tags,
      },
      // "Configuring identity providers": the domain adds its app client to the identity pool.
      { parent: this, ignoreChanges: ["cognitoIdentityProviders"] },
    );

    // Cognito "Role trust and permissions": only this identity pool's authenticated identities.
    // Short role suffixes: IAM caps role names at 64 characters, and the autonamed name of
    // `<32-character deployment>-search-dashboards-<suffix>` adds 8 more (iam-role-limits).
    this.authenticatedRole = new aws.iam.Role(
      `${name}-users`,
      {
        description: `Role of people signed in to ${args.domainName}'s Dashboards`,
        assumeRolePolicy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Federated: "cognito-identity.amazonaws.com" },
              Action: "sts:AssumeRoleWithWebIdentity",
              Condition: {
                StringEquals: { "cognito-identity.amazonaws.com:aud": this.identityPool.id },
                "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" },
              },
            },
          ],
        }),
        tags: args.tags,
      },
      parent,
    );
    new aws.cognito.IdentityPoolRoleAttachment(
      `${name}-identity-roles`,
      { identityPoolId: this.identityPool.id, roles: { authenticated: this.authenticatedRole.arn } },
      // OpenSearch sets the pool's role mapping for its app client (SetIdentityPoolRoles).
      { parent: this, ignoreChanges: ["roleMappings"] },
    );

    // "About the CognitoAccessForAmazonOpenSearch role": OpenSearch configures the pools through a
    // role trusted by opensearchservice.amazonaws.com. The managed AmazonOpenSearchServiceCognitoAccess
    // policy grants its actions on every pool; these are the same actions on these two pools only.
    const userPoolArn = pulumi.interpolate`arn:${partition}:cognito-idp:${region}:${accountId}:userpool/${this.userPool.id}`;
    const identityPoolArn = pulumi.interpolate`arn:${partition}:cognito-identity:${region}:${accountId}:identitypool/${this.identityPool.id}`;
    const configurationRole = new aws.iam.Role(
      `${name}-setup`,
      {
        description: `Lets OpenSearch configure ${args.domainName}'s Dashboards sign-in`,
        assumeRolePolicy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: "opensearchservice.amazonaws.com" },
              Action: "sts:AssumeRole",
              Condition: { StringEquals: { "aws:SourceAccount": accountId } },
            },
          ],
        }),
        tags: args.tags,
      },
      parent,
    );
    const configurationPolicy = new aws.iam.RolePolicy(
      `${name}-cognito-policy`,
      {
        role: configurationRole.id,
        policy: policyDocument([
          {
            Sid: "ConfigureUserPool",
            Effect: "Allow",
            Action: [
              "cognito-idp:DescribeUserPool",
              "cognito-idp:CreateUserPoolClient",
              "cognito-idp:DeleteUserPoolClient",
              "cognito-idp:UpdateUserPoolClient",
              "cognito-idp:DescribeUserPoolClient",
              "cognito-idp:AdminInitiateAuth",
              "cognito-idp:AdminUserGlobalSignOut",
              "cognito-idp:ListUserPoolClients",
            ],
            Resource: [userPoolArn],
          },
          {
            Sid: "ConfigureIdentityPool",
            Effect: "Allow",
            Action: ["cognito-identity:DescribeIdentityPool", "cognito-identity:SetIdentityPoolRoles", "cognito-identity:GetIdentityPoolRoles"],
            Resource: [identityPoolArn],
          },
          {
            // SetIdentityPoolRoles passes the authenticated role to Cognito Identity.
            Sid: "PassAuthenticatedRole",
            Effect: "Allow",
            Action: ["iam:PassRole"],
            Resource: [this.authenticatedRole.arn],
            Condition: { StringEquals: { "iam:PassedToService": "cognito-identity.amazonaws.com" } },
          },
        ]),
      },
      parent,
    );

    this.cognitoOptions = {
      enabled: true,
      userPoolId: this.userPool.id,
      identityPoolId: this.identityPool.id,
      // The domain reads the role's policy when Cognito is enabled: the policy must exist first.
      roleArn: pulumi.all([configurationRole.arn, configurationPolicy.id]).apply(([arn]) => arn),
    };
    this.registerOutputs({ userPoolId: this.userPool.id, identityPoolId: this.identityPool.id, signInDomain: this.signInDomain });
  }
}
