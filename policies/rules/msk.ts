import { isSet, reportWhen } from "../lib/known";
import { resourcePolicy, type Props } from "../lib/slipstream-policy";

const MSK_CLUSTER = "aws:msk/cluster:Cluster";

/** Provisioned MSK clusters encrypt at rest with a customer-managed key and speak TLS only. MSK Serverless has no such inputs. */
export const mskClusterEncrypted = resourcePolicy({
  name: "msk-cluster-encrypted",
  description: "MSK clusters must encrypt at rest with a customer-managed KMS key and use TLS between clients and brokers and inside the cluster.",
  controls: { securityHub: ["MSK.1"], checkov: ["CKV_AWS_81"] },
  remediation:
    'Set `encryptionInfo: { encryptionAtRestKmsKeyArn: <key ARN>, encryptionInTransit: { clientBroker: "TLS", inCluster: true } }`.',
  type: MSK_CLUSTER,
  validate: (props, args, report) => {
    reportWhen(
      () => !isSet(props.encryptionInfo?.encryptionAtRestKmsKeyArn),
      () => report(`MSK cluster ${args.name} sets no encryptionInfo.encryptionAtRestKmsKeyArn; it would use an AWS-managed key.`),
    );
    // AWS defaults clientBroker to TLS and inCluster to true: only an explicit other value fails.
    reportWhen(
      () => {
        const clientBroker = props.encryptionInfo?.encryptionInTransit?.clientBroker;
        return clientBroker !== undefined && clientBroker !== "TLS";
      },
      () => report(`MSK cluster ${args.name} allows plaintext between clients and brokers (clientBroker ${JSON.stringify(props.encryptionInfo.encryptionInTransit.clientBroker)}); it must be "TLS".`),
    );
    reportWhen(
      () => props.encryptionInfo?.encryptionInTransit?.inCluster === false,
      () => report(`MSK cluster ${args.name} disables TLS between brokers (encryptionInTransit.inCluster false).`),
    );
  },
});

const ENHANCED_MONITORING = ["PER_TOPIC_PER_BROKER", "PER_TOPIC_PER_PARTITION"];

function brokerLogsEnabled(props: Props): boolean {
  const logs = props.loggingInfo?.brokerLogs;
  return [logs?.cloudwatchLogs, logs?.firehose, logs?.s3].some((target) => target?.enabled === true);
}

/** MSK clusters refuse anonymous clients, monitor per topic and log their brokers. */
export const mskClusterAccessAndMonitoring = resourcePolicy({
  name: "msk-cluster-access-and-monitoring",
  description: "MSK clusters must refuse unauthenticated access, use enhanced monitoring per topic and publish broker logs.",
  controls: { securityHub: ["MSK.6", "MSK.2"], checkov: ["CKV_AWS_80"] },
  remediation:
    'Leave `clientAuthentication.unauthenticated` false (use IAM or SASL/SCRAM), set `enhancedMonitoring: "PER_TOPIC_PER_BROKER"` and enable `loggingInfo.brokerLogs.cloudwatchLogs`.',
  type: MSK_CLUSTER,
  validate: (props, args, report) => {
    reportWhen(
      () => props.clientAuthentication?.unauthenticated === true,
      () => report(`MSK cluster ${args.name} allows unauthenticated clients.`),
    );
    reportWhen(
      () => !ENHANCED_MONITORING.includes(props.enhancedMonitoring ?? "DEFAULT"),
      () => report(`MSK cluster ${args.name} has enhancedMonitoring ${JSON.stringify(props.enhancedMonitoring ?? "DEFAULT")}; use one of ${ENHANCED_MONITORING.join(", ")}.`),
    );
    reportWhen(
      () => !brokerLogsEnabled(props),
      () => report(`MSK cluster ${args.name} publishes no broker logs (loggingInfo.brokerLogs).`),
    );
  },
});
