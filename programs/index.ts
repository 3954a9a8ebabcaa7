// The `pulumi up` entry (Pulumi.yaml `main`): the same program the service runs inline,
// configured from the stack's `slipstream:*` settings and validated by the same schema.
import { blueprintProgram } from "./blueprint-program";
import { keepSecret } from "./keep-secret";
import { secretRequestValues } from "./secret-config";
import { requestFromStackConfig } from "./stack-config";

const { blueprint, name, request } = requestFromStackConfig();
const program = blueprintProgram(blueprint, request, name);
const secrets = secretRequestValues();

// Values set with `pulumi config set --secret` stay secret in inputs, state and outputs.
export = async () => {
  const secret = keepSecret(secrets);
  return secret(await program());
};
