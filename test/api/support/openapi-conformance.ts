import { Ajv2020, type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";

type JsonObject = Record<string, unknown>;
interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: unknown }>; headers?: Record<string, unknown> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
}

/** Headers the service sends that a client may act on: when one is sent, the response's documentation must list it. */
const DOCUMENTED_IF_SENT = ["location", "idempotent-replayed", "x-request-id", "retry-after"];
const escapePointer = (segment: string) => segment.replaceAll("~", "~0").replaceAll("/", "~1");

/**
 * Checks responses against the published OpenAPI document, with a validator that is not the
 * one that generated it (ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses): the status must be
 * one the operation lists, a header a client acts on must be documented for that status, and
 * a JSON body must validate against the documented schema. Paths the document does not
 * describe (unknown routes, the docs page) are not its business.
 */
export class OpenApiConformance {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly templates: { template: string; pattern: RegExp; literals: number }[];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly doc: Document) {
    addFormats(this.ajv);
    this.ajv.addSchema(doc as unknown as JsonObject, "openapi");
    this.templates = Object.keys(doc.paths).map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`),
      literals: template.split("/").filter((s) => s && !s.startsWith("{")).length,
    }));
  }

  /** What is wrong with this response, if anything (empty when it conforms). */
  async problems(method: string, url: string, response: Response): Promise<string[]> {
    const pathname = new URL(url, "http://localhost").pathname;
    const template = this.templates.filter((t) => t.pattern.test(pathname)).sort((a, b) => b.literals - a.literals)[0]?.template;
    const operation = template ? this.doc.paths[template]?.[method.toLowerCase()] : undefined;
    if (!template || !operation) return [];
    const where = `${method} ${template} → ${response.status}`;
    const documented = operation.responses[String(response.status)];
    if (!documented) return [`${where}: status ${response.status} is not documented (documented: ${Object.keys(operation.responses).join(", ")})`];
    const problems: string[] = [];
    const listed = new Set(Object.keys(documented.headers ?? {}).map((h) => h.toLowerCase()));
    for (const header of DOCUMENTED_IF_SENT) if (response.headers.has(header) && !listed.has(header)) problems.push(`${where}: header ${header} is sent but not documented`);
    const mediaType = response.headers.get("content-type")?.split(";")[0]?.trim();
    if (response.status === 204 || response.status === 304 || mediaType === undefined) return problems;
    const content = documented.content ?? {};
    if (!(mediaType in content)) return [...problems, `${where}: content type ${mediaType} is not documented (documented: ${Object.keys(content).join(", ") || "none"})`];
    if (!mediaType.endsWith("json") || content[mediaType]?.schema === undefined) return problems;
    const validate = this.validator(`openapi#/paths/${escapePointer(template)}/${method.toLowerCase()}/responses/${response.status}/content/${escapePointer(mediaType)}/schema`);
    const body: unknown = JSON.parse(await response.text());
    if (!validate(body)) problems.push(`${where}: body does not match its schema: ${this.ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`);
    return problems;
  }

  private validator(ref: string): ValidateFunction {
    let validate = this.validators.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: ref });
      this.validators.set(ref, validate);
    }
    return validate;
  }
}
