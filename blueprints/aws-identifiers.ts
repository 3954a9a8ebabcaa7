import { z } from "zod";
import { publish, type PublishedRule } from "./json-schema/published-rules";

// AWS's identifiers as AWS documents them, each in one place: every request field that names
// an AWS resource or an S3 key uses these, so a request AWS would refuse is refused here,
// naming its field, rather than half-way through `pulumi up`. A pattern holds what a JSON
// Schema can say (it is published with the request schema and drives the property test's
// generated requests); what a regular expression cannot say without look-arounds is a
// refinement.

/**
 * `foreignRegionArns` (below) for the published schema: a regional ARN's Region is compared with
 * the request's `region`, which a JSON Schema cannot do.
 */
function inDeploymentRegion(): PublishedRule {
  return { serverChecks: "that the ARN is in the deployment's Region" };
}

// ARNs: arn:<partition>:<service>:<region>:<account>:<resource> (IAM User Guide, "IAM
// identifiers" → ARNs). Every Region Slipstream offers (region-capabilities.ts) is in the
// `aws` partition, and a deployment cannot reach resources of another partition.
const PARTITION = "aws";
const REGION = "[a-z]{2}(?:-[a-z]+)+-\\d";
const ACCOUNT = "\\d{12}";

/** A regular expression for a whole ARN of `service` whose resource part matches `resource`. */
function arnPattern(service: string, resource: string, scope: { region: boolean; account: boolean }): RegExp {
  return new RegExp(`^arn:${PARTITION}:${service}:${scope.region ? REGION : ""}:${scope.account ? ACCOUNT : ""}:${resource}$`);
}

// KMS developer guide, "Key identifiers (KeyId)": a key ARN is
// arn:aws:kms:<region>:<account>:key/<key id>; a key id is a UUID, or mrk- and 32 hex digits
// for a multi-Region key. Aliases are not key ARNs: the key policy and grants need the key.
const KMS_KEY_ID = "(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})";
export const kmsKeyArn = z
  .string()
  .regex(arnPattern("kms", `key/${KMS_KEY_ID}`, { region: true, account: true }), "a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>), not an alias")
  .apply(publish, inDeploymentRegion());

// S3 user guide, "General purpose bucket naming rules": 3-63 lowercase letters, digits, dots
// and hyphens, a letter or digit at each end; the rest below.
const BUCKET_NAME = "[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]";
const RESERVED_BUCKET_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_BUCKET_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

/** Why S3 refuses a bucket name its pattern admits (adjacent periods, an IP address, reserved prefixes and suffixes), or undefined. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.includes("..")) return "S3 bucket names must not contain two adjacent periods";
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return "S3 bucket names must not be formatted as an IP address";
  const prefix = RESERVED_BUCKET_PREFIXES.find((p) => name.startsWith(p));
  if (prefix !== undefined) return `S3 reserves bucket names starting with ${prefix}`;
  const suffix = RESERVED_BUCKET_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix !== undefined) return `S3 reserves bucket names ending with ${suffix}`;
  return undefined;
}

function refineBucketName(name: string, ctx: z.RefinementCtx): void {
  const problem = bucketNameProblem(name);
  if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `bucketNameProblem` for the published schema: the bucket name is what follows `start`. */
function bucketNameRule(start: string): PublishedRule {
  return {
    expressed: {
      allOf: [
        { not: { pattern: "\\.\\." } },
        { not: { pattern: `^${start}\\d+\\.\\d+\\.\\d+\\.\\d+$` } },
        { not: { pattern: `^${start}(?:${RESERVED_BUCKET_PREFIXES.map(escapeRegExp).join("|")})` } },
        { not: { pattern: `(?:${RESERVED_BUCKET_SUFFIXES.map(escapeRegExp).join("|")})$` } },
      ],
    },
  };
}

export const s3BucketName = z
  .string()
  .regex(new RegExp(`^${BUCKET_NAME}$`), "an S3 bucket name (3-63 lowercase letters, digits, . and -, a letter or digit at each end)")
  .superRefine(refineBucketName)
  .apply(publish, bucketNameRule(""));

/** arn:aws:s3:::<bucket>: bucket ARNs carry neither Region nor account (S3 user guide, "Policy resources for Amazon S3"). */
export const s3BucketArn = z
  .string()
  .regex(arnPattern("s3", BUCKET_NAME, { region: false, account: false }), "an S3 bucket ARN (arn:aws:s3:::<bucket>)")
  .superRefine((arn, ctx) => refineBucketName(arn.slice(`arn:${PARTITION}:s3:::`.length), ctx))
  .apply(publish, bucketNameRule(`arn:${PARTITION}:s3:::`));

// S3 user guide, "Naming Amazon S3 objects": keys of up to 1,024 bytes; the characters it calls
// safe are letters, digits and ! - _ . * ' ( ), with / delimiting prefixes. Others "might
// require special handling" (URL encoding, XML) by every client that reads the key, so a
// request uses the safe ones only. All are ASCII, so characters are bytes.
const SAFE_KEY_CHARACTERS = "a-zA-Z0-9!_.*'()\\-";
const S3_KEY_MAX = 1024;

/** An object key: safe-character segments separated by `/` (no leading, trailing or doubled `/`). */
export const s3ObjectKey = z
  .string()
  .max(S3_KEY_MAX)
  .regex(new RegExp(`^[${SAFE_KEY_CHARACTERS}]+(?:/[${SAFE_KEY_CHARACTERS}]+)*$`), "an S3 object key of safe characters (letters, digits and ! - _ . * ' ( )) in /-separated segments");

/** A key prefix ending in `/` (Firehose prefixes, Glue output paths): safe-character segments, each followed by `/`. */
export const s3KeyPrefix = z
  .string()
  .max(S3_KEY_MAX)
  .regex(new RegExp(`^(?:[${SAFE_KEY_CHARACTERS}]+/)+$`), "an S3 key prefix of safe characters (letters, digits and ! - _ . * ' ( )) ending in /");

/**
 * The longest prefix a Firehose delivery stream takes ahead of `partitions`, the date
 * partitions a blueprint appends: Prefix is 0-1,024 characters with its expressions
 * (Firehose API reference, ExtendedS3DestinationConfiguration).
 */
export function firehosePrefixMax(partitions: string): number {
  return S3_KEY_MAX - partitions.length;
}

/** Part of a key (an object filter's prefix or suffix, a prefix that may be empty): safe characters and `/`. */
export const s3KeyPart = z
  .string()
  .max(S3_KEY_MAX)
  .regex(new RegExp(`^[${SAFE_KEY_CHARACTERS}/]*$`), "S3 key characters (letters, digits, / and ! - _ . * ' ( ))");

// Amazon SNS API reference, CreateTopic: names of 1-256 letters, digits, _ and -, a FIFO
// topic's ending in .fifo. Slipstream's alarms publish without a message group id, which
// Publish requires for FIFO topics, so only standard topics are taken.
export const snsTopicArn = z
  .string()
  .regex(arnPattern("sns", "[A-Za-z0-9_-]{1,256}", { region: true, account: true }), "an SNS standard topic ARN (arn:aws:sns:<region>:<account>:<name>; alarms cannot publish to FIFO topics)")
  .apply(publish, inDeploymentRegion());

// IAM User Guide, "IAM identifiers" and "IAM and AWS STS quotas": role and user names of 1-64
// letters, digits and + = , . @ _ -, under a path of /-separated segments (up to 512 characters).
const IAM_NAME = "[\\w+=,.@-]{1,64}";
const IAM_PATH = "(?:[\\w+=,.@-]+/){0,16}";
export const iamPrincipalArn = z
  .string()
  .max(2048)
  .regex(arnPattern("iam", `(?:role|user)/${IAM_PATH}${IAM_NAME}`, { region: false, account: true }), "an IAM role or user ARN (arn:aws:iam::<account>:role/<name>)");

/** An IAM role name (IAM User Guide, "IAM and AWS STS quotas"). */
export const iamRoleName = z.string().regex(new RegExp(`^${IAM_NAME}$`), "an IAM role name (1-64 letters, digits and + = , . @ _ -)");

// Amazon MSK API reference, "Cluster": arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>
// (the UUID followed by a revision number); cluster names are 1-64 letters, digits and
// hyphens, a letter or digit first (CreateCluster), for provisioned and serverless clusters alike.
export const mskClusterArn = z
  .string()
  .regex(
    arnPattern("kafka", "cluster/[0-9A-Za-z][0-9A-Za-z-]{0,63}/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-\\d+", { region: true, account: true }),
    "an MSK cluster ARN (arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>)",
  )
  .apply(publish, inDeploymentRegion());

// Amazon DynamoDB developer guide, "Supported data types and naming rules": table names of
// 3-255 letters, digits, _ - and .; a stream is
// arn:aws:dynamodb:<region>:<account>:table/<table>/stream/<label>, its label the creation
// time (DynamoDB Streams API reference, "StreamDescription": StreamLabel).
const DYNAMODB_TABLE_NAME = "[a-zA-Z0-9_.-]{3,255}";
export const dynamodbTableName = z.string().regex(new RegExp(`^${DYNAMODB_TABLE_NAME}$`), "a DynamoDB table name (3-255 letters, digits, _ - and .)");
export const dynamodbStreamArn = z
  .string()
  .regex(
    arnPattern("dynamodb", `table/${DYNAMODB_TABLE_NAME}/stream/\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}`, { region: true, account: true }),
    "a DynamoDB stream ARN (arn:aws:dynamodb:<region>:<account>:table/<table>/stream/<label>)",
  )
  .apply(publish, inDeploymentRegion());

/** The table a DynamoDB stream ARN belongs to. */
export function streamTableName(streamArn: string): string | undefined {
  return /:table\/([^/]+)\/stream\//.exec(streamArn)?.[1];
}

// Key attributes (partition and sort keys): 1-255 characters (DynamoDB API reference,
// KeySchemaElement: AttributeName); DynamoDB puts no rule on their characters.
export const dynamodbKeyAttributeName = z.string().min(1).max(255);

// QuickSight API reference, "User" and "Group": arn:aws:quicksight:<region>:<account>:user/<namespace>/<name>
// (or group/...). The Region is QuickSight's identity Region, which need not be the deployment's.
export const quicksightPrincipalArn = z
  .string()
  .regex(arnPattern("quicksight", "(?:user|group)/[a-zA-Z0-9._-]{1,64}/[\\u0020-\\u00FF]{1,256}", { region: true, account: true }), "a QuickSight user or group ARN (arn:aws:quicksight:<region>:<account>:user/<namespace>/<name>)");

// Amazon Redshift database developer guide, "Reserved words": the words a name cannot be unless
// it is quoted. CreateNamespace's dbName ("cannot be a reserved word") is never quoted, nor are
// the table names the deployments' SQL creates.
const REDSHIFT_RESERVED_WORDS: ReadonlySet<string> = new Set([
  "aes128", "aes256", "all", "allowoverwrite", "analyse", "analyze", "and", "any", "array", "as", "asc",
  "authorization", "az64", "backup", "between", "binary", "blanksasnull", "both", "bytedict", "bzip2",
  "case", "cast", "check", "collate", "column", "constraint", "create", "credentials", "cross",
  "current_date", "current_time", "current_timestamp", "current_user", "current_user_id", "default",
  "deferrable", "deflate", "defrag", "delta", "delta32k", "desc", "disable", "distinct", "do", "else",
  "emptyasnull", "enable", "encode", "encrypt", "encryption", "end", "except", "explicit", "false", "for",
  "foreign", "freeze", "from", "full", "globaldict256", "globaldict64k", "grant", "group", "gzip", "having",
  "identity", "ignore", "ilike", "in", "initially", "inner", "intersect", "interval", "into", "is", "isnull",
  "join", "leading", "left", "like", "limit", "localtime", "localtimestamp", "lun", "luns", "lzo", "lzop",
  "minus", "mostly16", "mostly32", "mostly8", "natural", "new", "not", "notnull", "null", "nulls", "off",
  "offline", "offset", "oid", "old", "on", "only", "open", "or", "order", "outer", "overlaps", "parallel",
  "partition", "percent", "permissions", "pivot", "placing", "primary", "raw", "readratio", "recover",
  "references", "rejectlog", "resort", "respect", "restore", "right", "select", "session_user", "similar",
  "snapshot", "some", "sysdate", "system", "table", "tag", "tdes", "text255", "text32k", "then", "timestamp",
  "to", "top", "trailing", "true", "truncatecolumns", "union", "unique", "unnest", "unpivot", "user",
  "using", "verbose", "wallet", "when", "where", "with", "without",
]);

function refineNotReserved(name: string, ctx: z.RefinementCtx): void {
  for (const part of name.split(".")) {
    if (REDSHIFT_RESERVED_WORDS.has(part)) ctx.addIssue({ code: "custom", message: `${part} is a Redshift reserved word` });
  }
}

/** `refineNotReserved` for the published schema: no dot-separated part is a reserved word. */
const notReserved: PublishedRule = { expressed: { not: { pattern: `(?:^|\\.)(?:${[...REDSHIFT_RESERVED_WORDS].join("|")})(?:\\.|$)` } } };

/** A Redshift database: 1-64 lowercase letters, digits and _, a letter or _ first, not a reserved word (CreateNamespace, dbName). */
export const redshiftDatabaseName = z.string().regex(/^[a-z_][a-z0-9_]{0,63}$/, "a Redshift database name").superRefine(refineNotReserved).apply(publish, notReserved);

/**
 * A Redshift table, optionally schema-qualified: identifiers of 1-127 characters, here
 * lowercase letters, digits and _, none a reserved word (database developer guide, "Names and identifiers").
 */
export const redshiftTableName = z
  .string()
  .regex(/^[a-z_][a-z0-9_]{0,126}(?:\.[a-z_][a-z0-9_]{0,126})?$/, "a Redshift table name, optionally schema-qualified (lowercase letters, digits, _)")
  .superRefine(refineNotReserved)
  .apply(publish, notReserved);

// Amazon EC2 user guide, "Resource IDs": a prefix and 8 or 17 hexadecimal characters.
const ec2Id = (prefix: string, what: string) => z.string().regex(new RegExp(`^${prefix}-(?:[0-9a-f]{8}|[0-9a-f]{17})$`), `${what} (${prefix}- and 8 or 17 hex digits)`);
export const vpcId = ec2Id("vpc", "a VPC id");
export const subnetId = ec2Id("subnet", "a subnet id");
export const securityGroupId = ec2Id("sg", "a security group id");

// Amazon VPC user guide, "VPC CIDR blocks": an IPv4 block between /16 and /28 (CreateVpc:
// "The smallest VPC you can create uses a /28 netmask ... the largest uses a /16"), written as
// the network's own address.
const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const VPC_PREFIX = { min: 16, max: 28 };

/** An IPv4 VPC CIDR block of /16 to /`maxPrefix` (at most /28), host bits zero. */
export function vpcCidrBlock(maxPrefix = VPC_PREFIX.max) {
  const prefixes = Array.from({ length: Math.min(maxPrefix, VPC_PREFIX.max) - VPC_PREFIX.min + 1 }, (_, i) => VPC_PREFIX.min + i);
  return z
    .string()
    .regex(new RegExp(`^${OCTET}(?:\\.${OCTET}){3}/(?:${prefixes.join("|")})$`), `an IPv4 CIDR block of /${VPC_PREFIX.min} to /${prefixes.at(-1)}`)
    .superRefine((cidr, ctx) => {
      const [address, bits] = cidr.split("/") as [string, string];
      const value = address.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
      const hostBits = 32 - Number(bits);
      if (value % 2 ** hostBits !== 0) ctx.addIssue({ code: "custom", message: `${cidr} has host bits set; a VPC CIDR block starts at its network address` });
    })
    .apply(publish, { expressed: { pattern: networkAddressPattern(prefixes) } });
}

/**
 * The host-bits check above as a pattern: for each prefix length, the octets wholly in the
 * network part take any value, the one it splits takes the multiples of its host block, and
 * the rest are 0 (/20: a.b.<multiple of 16>.0/20).
 */
function networkAddressPattern(prefixes: readonly number[]): string {
  const octet = (index: number, prefix: number) => {
    const networkBits = Math.min(8, Math.max(0, prefix - 8 * index));
    if (networkBits === 8) return OCTET;
    const block = 2 ** (8 - networkBits);
    return `(?:${Array.from({ length: 256 / block }, (_, i) => i * block).join("|")})`;
  };
  const addresses = prefixes.map((prefix) => `${[0, 1, 2, 3].map((i) => octet(i, prefix)).join("\\.")}/${prefix}`);
  return `^(?:${addresses.join("|")})$`;
}

/**
 * Where a regional ARN's Region differs from the deployment's: KMS keys, SNS topics, DynamoDB
 * streams and MSK clusters are used from the deployment's Region only (a key encrypts, a topic
 * receives alarms and a stream or cluster feeds event source mappings in its own Region).
 * Each issue names the field under `path`.
 */
export function foreignRegionArns(value: unknown, region: string, path: (string | number)[] = []): { path: (string | number)[]; message: string }[] {
  if (typeof value === "string") {
    const match = /^arn:[^:]+:(kms|sns|dynamodb|kafka):([^:]*):/.exec(value);
    if (match && match[2] !== region) return [{ path, message: `${match[1]} resources are used from the deployment's Region: this ARN is in ${match[2]}, the deployment in ${region}` }];
    return [];
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => foreignRegionArns(item, region, [...path, i]));
  if (typeof value === "object" && value !== null) return Object.entries(value).flatMap(([key, item]) => foreignRegionArns(item, region, [...path, key]));
  return [];
}
