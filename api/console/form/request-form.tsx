import type { ComponentChildren } from "preact";
import type { Blueprint, JsonSchema } from "../types";
import { FieldErrorsContext, fieldId } from "./field-errors";
import { setAt, type FieldPath } from "./json-value";
import { ObjectFields, SchemaField } from "./schema-field";

/** What the form edits: a deployment's name and the request for its blueprint. */
export interface DeploymentRequest {
  name: string;
  team: string;
  region: string;
  params: Record<string, unknown>;
  tags: Record<string, unknown>;
}

/** The example request of a blueprint, as a new deployment's starting point. */
export function exampleOf(blueprint: Blueprint): DeploymentRequest {
  return { name: "", team: "", region: blueprint.example.region ?? "", params: structuredClone(blueprint.example.params), tags: structuredClone(blueprint.example.tags) };
}

/** The body the API takes: empty optional fields left out, so the server applies its defaults. */
export function requestBody(request: DeploymentRequest) {
  return {
    name: request.name,
    ...(request.team ? { team: request.team } : {}),
    ...(request.region ? { region: request.region } : {}),
    params: request.params,
    tags: request.tags,
  };
}

const NAME_SCHEMA: JsonSchema = { type: "string", description: "DNS-safe: 3-32 lowercase letters, digits and hyphens. It names the stack and every resource." };
const TEAM_SCHEMA: JsonSchema = { type: "string", description: "The owning team. A team token deploys into its own team; the service admin names one; an open service uses default." };

/**
 * The form of a deployment request, generated from the blueprint's JSON Schema. Field errors
 * come from the server's problem details and show under their fields, with a summary on top
 * linking to each (the server may also name fields the form does not draw, like the body).
 */
export function RequestForm({ blueprint, request, onChange, errors, fixedName, onSubmit, children }: {
  blueprint: Blueprint;
  request: DeploymentRequest;
  onChange: (request: DeploymentRequest) => void;
  errors: Map<string, string[]>;
  /** Updates keep the deployment's name, team and region. */
  fixedName?: boolean;
  onSubmit: () => void;
  children: ComponentChildren;
}) {
  const schema = blueprint.requestSchema;
  const change = (path: FieldPath, value: unknown) => onChange(setAt(request, path, value) as DeploymentRequest);
  return (
    <FieldErrorsContext.Provider value={errors}>
      <form
        class="request-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        {errors.size > 0 && (
          <div class="banner error" role="alert" aria-label="Validation errors">
            <strong>The server refused the request; fix the fields below.</strong>
            <ul>
              {[...errors].map(([field, messages]) => (
                <li key={field}>
                  <a href={`#${fieldId(field.split("."))}`} onClick={(e) => { e.preventDefault(); document.getElementById(fieldId(field.split(".")))?.focus(); }}>
                    {field}
                  </a>
                  : {messages.join("; ")}
                </li>
              ))}
            </ul>
          </div>
        )}
        <fieldset class="section">
          <legend>Deployment</legend>
          {fixedName ? (
            <p>
              <strong>{request.name}</strong> ({blueprint.title})
            </p>
          ) : (
            <>
              <SchemaField schema={NAME_SCHEMA} path={["name"]} label="Name" required value={request.name || undefined} onChange={change} />
              <SchemaField schema={TEAM_SCHEMA} path={["team"]} label="Team" value={request.team || undefined} onChange={change} />
              {schema.properties?.["region"] && <SchemaField schema={schema.properties["region"]} path={["region"]} label="Region" value={request.region || undefined} onChange={change} />}
            </>
          )}
        </fieldset>
        <fieldset class="section">
          <legend>Tags</legend>
          {schema.properties?.["tags"] && <ObjectFields schema={schema.properties["tags"]} path={["tags"]} value={request.tags} onChange={change} />}
        </fieldset>
        <fieldset class="section">
          <legend>Parameters</legend>
          {schema.properties?.["params"] && <ObjectFields schema={schema.properties["params"]} path={["params"]} value={request.params} onChange={change} />}
        </fieldset>
        <div class="actions sticky">{children}</div>
      </form>
    </FieldErrorsContext.Provider>
  );
}
