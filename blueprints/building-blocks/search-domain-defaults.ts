/**
 * The one home of the OpenSearch domain defaults that both the request schemas
 * (`searchDomainFields` in schema-fragments.ts) and `SearchDomain` read.
 */
export const SEARCH_DOMAIN_DEFAULTS = {
  /**
   * Fine-grained access control needs OpenSearch or Elasticsearch 6.7 or later ("Fine-grained
   * access control in Amazon OpenSearch Service"); 2.19 is the newest 2.x the service offers.
   */
  engineVersion: "OpenSearch_2.19",
  /** Dashboards sign-in: TOTP MFA required (Cognito user pools, "Adding MFA to a user pool"). */
  dashboardsMfa: "required",
} as const;
