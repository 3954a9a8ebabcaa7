import { it } from "vitest";
import { expectEveryAcceptedRequestDeploys } from "../../support/accepted-requests";

// Every request the schema accepts (generated from its JSON Schema, at the edges) renders a plan
// that breaks no deployability, security or tagging rule.
it(
  "renders every accepted request without a violation",
  () => expectEveryAcceptedRequestDeploys("msk-data-lake"),
  // It renders 200 plans under the mock runtime.
  600_000,
);
