import type * as pulumi from "@pulumi/pulumi";

/** The placeholder account and region an offline plan is rendered in. */
export const PLAN_ACCOUNT_ID = "000000000000";
export const DEFAULT_PLAN_REGION = "us-east-1";

type State = Record<string, unknown>;

function service(type: string): string {
  return type.split(":")[1]?.split("/")[0] ?? "unknown";
}

/**
 * What the provider would report after creating a resource: Pulumi's mock runtime returns
 * exactly what `newResource` answers, so ids, ARNs, names and endpoints are made up here,
 * deterministically and recognisably (account 000000000000), from the resource's own name.
 * Only outputs that the blueprints read are modelled; everything else echoes the inputs.
 */
export function mockCloud(region: string): pulumi.runtime.Mocks {
  const arn = (svc: string, resource: string, global = false) => `arn:aws:${svc}:${global ? "" : region}:${PLAN_ACCOUNT_ID}:${resource}`;

  const computed = (type: string, name: string, inputs: State): State => {
    const physical = (inputs["name"] as string | undefined) ?? name;
    switch (type) {
      case "aws:s3/bucket:Bucket": {
        const bucket = (inputs["bucket"] as string | undefined) ?? name;
        return { bucket, arn: `arn:aws:s3:::${bucket}`, bucketRegionalDomainName: `${bucket}.s3.${region}.amazonaws.com` };
      }
      case "aws:sqs/queue:Queue":
        return { name: physical, arn: arn("sqs", physical), url: `https://sqs.${region}.amazonaws.com/${PLAN_ACCOUNT_ID}/${physical}` };
      case "aws:iam/role:Role":
        return { name: physical, arn: `arn:aws:iam::${PLAN_ACCOUNT_ID}:role/${physical}`, uniqueId: `AROA${name.length}` };
      case "aws:kms/key:Key":
        return { keyId: `${name}-key-id`, arn: arn("kms", `key/${name}-key-id`) };
      case "aws:lambda/function:Function":
        return { name: physical, arn: arn("lambda", `function:${physical}`), invokeArn: `arn:aws:apigateway:${region}:lambda:path/functions/${physical}` };
      case "aws:dynamodb/table:Table":
        return {
          name: physical,
          arn: arn("dynamodb", `table/${physical}`),
          ...(inputs["streamEnabled"] ? { streamArn: arn("dynamodb", `table/${physical}/stream/2026-01-01T00:00:00.000`) } : {}),
        };
      case "aws:opensearch/domain:Domain": {
        const domain = (inputs["domainName"] as string | undefined) ?? name;
        return { domainName: domain, arn: arn("es", `domain/${domain}`), endpoint: `search-${domain}-plan.${region}.es.amazonaws.com`, domainId: `${PLAN_ACCOUNT_ID}/${domain}` };
      }
      case "aws:cloudwatch/logGroup:LogGroup":
        return { name: physical, arn: arn("logs", `log-group:${physical}`) };
      case "aws:kinesis/stream:Stream":
        return { name: physical, arn: arn("kinesis", `stream/${physical}`) };
      case "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream":
        return { name: physical, arn: arn("firehose", `deliverystream/${physical}`) };
      case "aws:sns/topic:Topic":
        return { name: physical, arn: arn("sns", physical) };
      case "aws:redshiftserverless/namespace:Namespace": {
        const ns = inputs["namespaceName"] as string;
        return { arn: arn("redshift-serverless", `namespace/${ns}`), namespaceId: `${ns}-id`, adminPasswordSecretArn: arn("secretsmanager", `secret:redshift!${ns}-admin`) };
      }
      case "aws:redshiftserverless/workgroup:Workgroup": {
        const wg = inputs["workgroupName"] as string;
        return { arn: arn("redshift-serverless", `workgroup/${wg}`), endpoints: [{ address: `${wg}.${PLAN_ACCOUNT_ID}.${region}.redshift-serverless.amazonaws.com`, port: inputs["port"] ?? 5439 }] };
      }
      case "aws:msk/cluster:Cluster":
      case "aws:msk/serverlessCluster:ServerlessCluster": {
        const cluster = (inputs["clusterName"] as string | undefined) ?? name;
        const brokers = ["1", "2", "3"].map((b) => `b-${b}.${cluster}.plan.c1.kafka.${region}.amazonaws.com:9098`).join(",");
        return { clusterName: cluster, clusterUuid: `${name}-uuid`, arn: arn("kafka", `cluster/${cluster}/${name}-uuid`), bootstrapBrokersSaslIam: brokers };
      }
      case "aws:msk/configuration:Configuration":
        return { name: physical, arn: arn("kafka", `configuration/${physical}/${name}-uuid`), latestRevision: 1 };
      case "aws:glue/catalogDatabase:CatalogDatabase":
        return { name: physical, arn: arn("glue", `database/${physical}`) };
      case "aws:glue/catalogTable:CatalogTable":
        return { name: physical, arn: arn("glue", `table/${inputs["databaseName"] as string}/${physical}`) };
      case "aws:ec2/securityGroup:SecurityGroup":
        return { name: physical, arn: arn("ec2", `security-group/sg-${name}`) };
      case "awsx:ec2:Vpc":
        return {
          vpcId: `vpc-${name}`,
          privateSubnetIds: ["a", "b", "c"].map((az) => `subnet-${name}-private-${az}`),
          publicSubnetIds: ["a", "b", "c"].map((az) => `subnet-${name}-public-${az}`),
          isolatedSubnetIds: [],
        };
      default:
        return { name: physical, arn: arn(service(type), `${type.split(":").pop()!.toLowerCase()}/${physical}`) };
    }
  };

  return {
    newResource(args) {
      const state = { ...args.inputs, ...computed(args.type, args.name, args.inputs) };
      const id = (state["bucket"] as string | undefined) ?? (state["url"] as string | undefined) ?? `${args.name}-id`;
      return { id, state };
    },
    call(args) {
      switch (args.token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
          return { accountId: PLAN_ACCOUNT_ID, arn: `arn:aws:iam::${PLAN_ACCOUNT_ID}:user/slipstream-plan`, userId: "AIDAPLAN", id: PLAN_ACCOUNT_ID };
        case "aws:index/getRegion:getRegion":
          return { name: region, region, id: region, endpoint: `ec2.${region}.amazonaws.com`, description: region };
        case "aws:index/getPartition:getPartition":
          return { partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws", id: "aws" };
        case "aws:index/getAvailabilityZones:getAvailabilityZones":
          return { names: ["a", "b", "c"].map((az) => `${region}${az}`), zoneIds: ["1", "2", "3"].map((z) => `use1-az${z}`), id: region };
        default:
          throw new Error(`the offline plan has no answer for ${args.token}`);
      }
    },
  };
}
