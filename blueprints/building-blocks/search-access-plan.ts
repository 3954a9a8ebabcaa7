/**
 * What fine-grained access control must hold for a Slipstream domain: the roles Slipstream
 * defines, who is mapped to which role, and index settings to apply. Pure data, computed by
 * `SearchDomain` at deploy time and applied inside the domain by the access function
 * (search-access-function/), which runs as the domain's master user.
 *
 * Source: OpenSearch Service developer guide, "Fine-grained access control": role mapping
 * ("Specify users, user ARNs ... in the Users section. Specify backend roles and IAM role ARNs
 * in the Backend roles section"), additional master users (map to `all_access` and
 * `security_manager`), and Integrations (a delivery role's role: cluster_composite_ops and
 * cluster_monitor, create_index, manage and crud on its indices; "An AWS Lambda function that
 * indexes data likely needs similar permissions").
 */

/** A security plugin role (`PUT _plugins/_security/api/roles/<name>`). */
export interface SecurityRole {
  readonly cluster_permissions: readonly string[];
  readonly index_permissions: readonly { readonly index_patterns: readonly string[]; readonly allowed_actions: readonly string[] }[];
}

/** The principals Slipstream maps to one role; added to whatever else is mapped there. */
export interface RoleMappingEntries {
  readonly backend_roles: readonly string[];
  readonly users: readonly string[];
}

/** An index whose settings are applied when the deployment runs; it is created if missing. */
export interface IndexSettings {
  readonly index: string;
  readonly settings: Readonly<Record<string, string>>;
}

export interface SearchAccessPlan {
  readonly roles: Readonly<Record<string, SecurityRole>>;
  readonly mappings: Readonly<Record<string, RoleMappingEntries>>;
  readonly indexSettings: readonly IndexSettings[];
}

export interface SearchAccessSpec {
  /** IAM roles that write documents (the indexer, Firehose's delivery role). */
  readonly writerRoleArns: readonly string[];
  /** Indices the writers create and write, as patterns (`orders*`). */
  readonly writeIndexPatterns: readonly string[];
  /** IAM roles or users given full access, as additional master users. */
  readonly adminArns: readonly string[];
  /** IAM roles of people reading through Dashboards (the Cognito authenticated role). */
  readonly readerRoleArns: readonly string[];
  readonly indexSettings?: readonly IndexSettings[];
}

/** The roles Slipstream owns inside the domain. */
export const WRITER_ROLE = "slipstream_writer";
export const READER_ROLE = "slipstream_reader";

/** Splits principals as role mapping wants them: IAM role ARNs are backend roles, user ARNs users. */
export function mappingEntries(arns: readonly string[]): RoleMappingEntries {
  return {
    backend_roles: arns.filter((arn) => /:role\//.test(arn)),
    users: arns.filter((arn) => !/:role\//.test(arn)),
  };
}

export function searchAccessPlan(spec: SearchAccessSpec): SearchAccessPlan {
  const roles: Record<string, SecurityRole> = {};
  const mappings: Record<string, RoleMappingEntries> = {};
  if (spec.writerRoleArns.length > 0) {
    roles[WRITER_ROLE] = {
      cluster_permissions: ["cluster_composite_ops", "cluster_monitor"],
      index_permissions: [{ index_patterns: spec.writeIndexPatterns, allowed_actions: ["create_index", "manage", "crud"] }],
    };
    mappings[WRITER_ROLE] = mappingEntries(spec.writerRoleArns);
  }
  if (spec.adminArns.length > 0) {
    mappings["all_access"] = mappingEntries(spec.adminArns);
    mappings["security_manager"] = mappingEntries(spec.adminArns);
  }
  if (spec.readerRoleArns.length > 0) {
    // Read-only on the deployment's indices, plus the predefined role the guide recommends for
    // anyone using Dashboards (index patterns, visualizations, dashboards, tenants).
    roles[READER_ROLE] = {
      cluster_permissions: ["cluster_composite_ops_ro"],
      index_permissions: [{ index_patterns: spec.writeIndexPatterns, allowed_actions: ["read"] }],
    };
    mappings[READER_ROLE] = mappingEntries(spec.readerRoleArns);
    mappings["opensearch_dashboards_user"] = mappingEntries(spec.readerRoleArns);
  }
  return { roles, mappings, indexSettings: spec.indexSettings ?? [] };
}
