// The `pulumi up` entry (Pulumi.yaml `main`): the same program the service runs inline,
// configured from the stack's `slipstream:*` settings and validated by the same schema.
import { blueprintProgram } from "./blueprint-program";
import { requestFromStackConfig } from "./stack-config";

const { blueprint, name, request } = requestFromStackConfig();

export = blueprintProgram(blueprint, request, name);
