// The policy pack's entry: `pulumi preview --policy-pack policies` runs this file as the
// analyzer plugin. Constructing the PolicyPack starts the analyzer's gRPC server and prints
// its port, so nothing else may import this module — tests and the offline evaluator use
// ./all-policies.
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, slipstreamPolicies } from "./all-policies";

new PolicyPack(PACK_NAME, {
  description: "Slipstream's encryption, TLS, key rotation, log retention and tagging controls, and AWS's own deployability rules, for streaming-analytics stacks on AWS",
  enforcementLevel: "mandatory",
  provider: "aws",
  tags: ["aws", "security-hub", "checkov", "tagging", "deployability"],
  policies: [...slipstreamPolicies],
});
