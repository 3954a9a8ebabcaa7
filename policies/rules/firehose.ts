import { isSet, reportWhen, read } from "../lib/known";
import { resourcePolicy, type Props } from "../lib/slipstream-policy";

const FIREHOSE = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
const CONTROLS = { securityHub: ["DataFirehose.1"], checkov: ["CKV_AWS_240", "CKV_AWS_241"] };

/** Why SSE cannot apply to a stream that reads from Kinesis (controls.md, known exceptions). */
export const KINESIS_SOURCE_REASON =
  "a delivery stream with a Kinesis source cannot enable server-side encryption (AWS API limitation); its data is encrypted by the source stream's key and the S3 destination's kmsKeyArn instead";

/** Firehose delivery streams fed by Direct PUT encrypt with a customer-managed key. */
export const firehoseServerSideEncryption = resourcePolicy({
  name: "firehose-server-side-encryption",
  description: "Firehose delivery streams must enable server-side encryption with a customer-managed KMS key.",
  controls: CONTROLS,
  remediation: 'Set `serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: <key ARN> }`.',
  type: FIREHOSE,
  validate: (props, args, report) => {
    // An unknown source configuration is almost certainly set: don't check what may not apply.
    const source = read(() => props.kinesisSourceConfiguration);
    if (typeof source === "symbol") return;
    if (source !== undefined && source !== null) args.notApplicable(KINESIS_SOURCE_REASON);
    reportWhen(
      () => props.serverSideEncryption?.enabled !== true,
      () => report(`Delivery stream ${args.name} does not enable server-side encryption.`),
    );
    reportWhen(
      () => props.serverSideEncryption?.enabled === true && props.serverSideEncryption.keyType !== "CUSTOMER_MANAGED_CMK",
      () => report(`Delivery stream ${args.name} encrypts with an AWS-owned key; set keyType "CUSTOMER_MANAGED_CMK" and keyArn.`),
    );
    reportWhen(
      () => props.serverSideEncryption?.keyType === "CUSTOMER_MANAGED_CMK" && !isSet(props.serverSideEncryption.keyArn),
      () => report(`Delivery stream ${args.name} names no keyArn for its customer-managed key.`),
    );
  },
});

// Destination blocks that stage or back up into S3, each with its own kmsKeyArn.
const S3_HOLDERS = [
  "extendedS3Configuration",
  "opensearchConfiguration",
  "opensearchserverlessConfiguration",
  "elasticsearchConfiguration",
  "redshiftConfiguration",
  "splunkConfiguration",
  "httpEndpointConfiguration",
  "snowflakeConfiguration",
  "icebergConfiguration",
];

/** Every S3 configuration a delivery stream writes to, by its property path. */
function s3Destinations(props: Props): [string, Props][] {
  const found: [string, Props][] = [];
  for (const holder of S3_HOLDERS) {
    const config = props[holder];
    if (config === undefined || config === null) continue;
    // Extended S3 is itself the destination; the others stage or back up into their s3Configuration.
    if (holder === "extendedS3Configuration") found.push([holder, config]);
    else if (config.s3Configuration) found.push([`${holder}.s3Configuration`, config.s3Configuration]);
    if (config.s3BackupConfiguration) found.push([`${holder}.s3BackupConfiguration`, config.s3BackupConfiguration]);
  }
  return found;
}

/** Whatever the source, every S3 destination of a delivery stream encrypts with KMS. */
export const firehoseS3DestinationEncrypted = resourcePolicy({
  name: "firehose-s3-destination-encrypted",
  description: "Every S3 destination and backup of a Firehose delivery stream must encrypt with a KMS key.",
  controls: CONTROLS,
  remediation: "Set `kmsKeyArn` on each S3 configuration of the delivery stream (the destination and any backup).",
  type: FIREHOSE,
  validate: (props, args, report) => {
    const destinations = read(() => s3Destinations(props));
    if (typeof destinations === "symbol") return;
    if (destinations.length === 0) args.notApplicable("the delivery stream writes to no S3 destination");
    for (const [path, config] of destinations) {
      reportWhen(
        () => !isSet(config.kmsKeyArn),
        () => report(`Delivery stream ${args.name} writes to S3 without kmsKeyArn at ${path}.`),
      );
    }
  },
});
