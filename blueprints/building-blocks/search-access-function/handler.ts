import { defaultProvider } from "@aws-sdk/credential-provider-node";
import { createAccessHandler } from "./create-handler";
import { createSignedRequester } from "./security-api";

const region = process.env["AWS_REGION"];
if (region === undefined || region === "") throw new Error("AWS_REGION must be set (Lambda sets it)");
const credentials = defaultProvider();

/**
 * Entry point of the access function, invoked by the deployment (`aws.lambda.Invocation`).
 * Its execution role is the domain's master user; credentials come from the default chain.
 */
export const handler = createAccessHandler({ requesterFor: (endpoint) => createSignedRequester({ endpoint, region, credentials }) });
