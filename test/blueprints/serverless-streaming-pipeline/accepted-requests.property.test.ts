import { it } from "vitest";
import { expectEveryAcceptedRequestDeploys, PROPERTY_TEST_TIMEOUT_MS } from "../../support/accepted-requests";

// Every request the schema accepts (generated from its JSON Schema, at the edges) renders a plan
// that breaks no deployability, security or tagging rule.
it(
  "renders every accepted request without a violation",
  () => expectEveryAcceptedRequestDeploys("serverless-streaming-pipeline"),
  PROPERTY_TEST_TIMEOUT_MS,
);
