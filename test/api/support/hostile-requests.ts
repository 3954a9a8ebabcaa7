import fc from "fast-check";
import { FORBIDDEN_KEYS, DEFAULT_JSON_BUDGET } from "../../../api/http/json-budget";
import { deploymentNameSchema } from "../../../blueprints/deployment-name";
import type { RouteSpec } from "./openapi-routes";
import { acceptedTypes, fieldOf, getAt, schemaLocations, setAt, type JsonSchema, type Location, type Segment } from "./schema-locations";

/** A request to send through `app.request()`, and what the answer must satisfy. */
export interface HostileRequest {
  label: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  expect: {
    /** Statuses allowed; any status below 500 when absent. */
    statuses?: number[];
    /** A 400 must name one of these fields (or a field inside one of them). */
    fields?: string[];
  };
}

/** What the generators know about the service under test. */
export interface HostileContext {
  blueprints: { id: string; example: { params: Record<string, unknown>; tags: Record<string, string> }; schema: JsonSchema }[];
  /** A live deployment (its blueprint's id) and one of its finished operations. */
  seeded: { name: string; blueprint: string; operationId: string };
  /** A destroyed deployment: its history is readable, nothing else is. */
  destroyed: string;
  /** Bodies up to this many bytes pass the body limit. */
  maxBodyBytes: number;
}

type Mutation = { label: string; text: string; contentType?: string; statuses: number[]; fields: string[] };

// Lone surrogates cannot travel in a URL or a header; they are no test of the service.
const wellFormed = (s: string) => {
  try {
    encodeURIComponent(s);
    return true;
  } catch {
    return false;
  }
};

const PLACEHOLDER = "\u0000slipstream-placeholder\u0000";
const json = (value: unknown) => JSON.stringify(value);
// Writes `raw` (JSON text) at `path` of `base`: deep nesting and huge strings are cheaper as text.
const withRaw = (base: unknown, path: Segment[], raw: string) => json(setAt(base, path, PLACEHOLDER)).replace(json(PLACEHOLDER), raw);

const smallJson = fc.jsonValue({ maxDepth: 2 }).filter((v) => json(v).length < 2000);
const keyName = fc.string({ minLength: 1, maxLength: 24 }).filter((k) => wellFormed(k));
const typeOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/** Names the deployment-name rule refuses. */
const badNames = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom("UPPER", "x", "dash-", "a--b", "../etc", "a".repeat(33))).filter((s) => wellFormed(s) && !deploymentNameSchema.safeParse(s).success);

const isObjectPlace = (l: Location) => l.schema.type === "object" || l.schema.properties !== undefined;

/** The schema mutations: each makes a valid body invalid at one named place. */
function schemaMutations(base: unknown, locations: Location[]): fc.Arbitrary<Mutation>[] {
  const fieldsAt = (l: Location, path = l.path) => [fieldOf(path), ...l.unions.map(fieldOf)];
  const at = (ls: Location[], build: (l: Location) => fc.Arbitrary<Mutation>) => (ls.length ? [fc.constantFrom(...ls).chain(build)] : []);
  const objects = locations.filter(isObjectPlace);
  const strict = objects.filter((l) => l.schema.additionalProperties === false);
  const typed = locations.filter((l) => acceptedTypes(l.schema) !== undefined);
  const enums = locations.filter((l) => l.schema.enum?.every((v) => typeof v === "string"));
  const patterns = locations.filter((l) => l.schema.pattern !== undefined && compiles(l.schema.pattern));
  const ranged = locations.filter((l) => l.schema.minimum !== undefined || l.schema.maximum !== undefined);
  const lengths = locations.filter((l) => l.schema.minLength !== undefined || l.schema.maxLength !== undefined);
  const counted = locations.filter((l) => l.schema.minItems !== undefined || l.schema.maxItems !== undefined);
  const removable = locations.filter((l) => l.required && l.path.length > 0 && getAt(base, l.path) !== undefined);
  const text = (label: string, path: Segment[], value: unknown, l: Location): Mutation => ({ label, text: json(setAt(base, path, value)), statuses: [400], fields: fieldsAt(l, path) });
  return [
    ...at(strict, (l) => keyName.filter((k) => !(k in (l.schema.properties ?? {})) && !FORBIDDEN_KEYS.has(k)).chain((k) => smallJson.map((v) => text(`unknown key ${fieldOf([...l.path, k])}`, [...l.path, k], v, l)))),
    ...at(typed, (l) => {
      const accepted = acceptedTypes(l.schema)!;
      return smallJson.filter((v) => !accepted.has(typeOf(v))).map((v) => text(`${typeOf(v)} at ${fieldOf(l.path)}`, l.path, v, l));
    }),
    ...at(enums, (l) => fc.string({ maxLength: 30 }).filter((s) => !l.schema.enum!.includes(s)).map((s) => text(`not one of the enum at ${fieldOf(l.path)}`, l.path, s, l))),
    ...at(patterns, (l) => {
      const pattern = new RegExp(l.schema.pattern!, "u");
      return fc.string({ maxLength: 40 }).filter((s) => !pattern.test(s)).map((s) => text(`against the pattern at ${fieldOf(l.path)}`, l.path, s, l));
    }),
    ...at(ranged, (l) => {
      const below = l.schema.minimum !== undefined ? [fc.integer({ min: -1e9, max: Math.ceil(l.schema.minimum) - 1 })] : [];
      const above = l.schema.maximum !== undefined ? [fc.integer({ min: Math.floor(l.schema.maximum) + 1, max: Math.floor(l.schema.maximum) + 1e9 })] : [];
      return fc.oneof(...below, ...above).map((n) => text(`out of range at ${fieldOf(l.path)}`, l.path, n, l));
    }),
    ...at(lengths, (l) => {
      const short = l.schema.minLength ? [fc.string({ maxLength: l.schema.minLength - 1 })] : [];
      const long = l.schema.maxLength !== undefined ? [fc.integer({ min: l.schema.maxLength + 1, max: l.schema.maxLength + 300 }).map((n) => "a".repeat(n))] : [];
      return short.length + long.length ? fc.oneof(...short, ...long).map((s) => text(`length at ${fieldOf(l.path)}`, l.path, s, l)) : fc.constant(text(`length at ${fieldOf(l.path)}`, l.path, 1, l));
    }),
    ...at(counted, (l) => {
      const few = l.schema.minItems ? [fc.constant([] as unknown[])] : [];
      const many = l.schema.maxItems !== undefined ? [fc.constant(Array.from({ length: l.schema.maxItems + 1 }, () => getAt(base, [...l.path, 0]) ?? "x"))] : [];
      return fc.oneof(...few, ...many).map((items) => text(`item count at ${fieldOf(l.path)}`, l.path, items, l));
    }),
    ...at(removable, (l) => fc.constant(text(`without ${fieldOf(l.path)}`, l.path, undefined, l))),
    ...at(objects, (l) =>
      fc.tuple(fc.constantFrom(...FORBIDDEN_KEYS), smallJson).map(([k, v]) => ({ label: `${k} at ${fieldOf(l.path)}`, text: json(setAt(base, [...l.path, k], v)), statuses: [400], fields: [fieldOf([...l.path, k])] })),
    ),
    ...at(objects, (l) =>
      fc.integer({ min: DEFAULT_JSON_BUDGET.maxKeyLength + 1, max: 3000 }).map((n) => {
        const key = "k".repeat(n);
        return { label: `a ${n}-character key at ${fieldOf(l.path)}`, text: json(setAt(base, [...l.path, key], 1)), statuses: [400], fields: [fieldOf([...l.path, key])] };
      }),
    ),
  ];
}

/** Mutations of the text itself: depth, size, syntax and type. */
function textMutations(base: unknown, locations: Location[], maxBodyBytes: number): fc.Arbitrary<Mutation>[] {
  const anywhere = fc.constantFrom(...locations.map((l) => l.path));
  const valid = json(base);
  return [
    fc.tuple(anywhere, fc.integer({ min: DEFAULT_JSON_BUDGET.maxDepth + 1, max: 6000 }), fc.boolean()).map(([path, depth, arrays]) => ({
      label: `${depth} levels deep at ${fieldOf(path)}`,
      text: withRaw(base, path, arrays ? "[".repeat(depth) + "]".repeat(depth) : '{"a":'.repeat(depth) + "0" + "}".repeat(depth)),
      statuses: [400],
      fields: [fieldOf(path)],
    })),
    // Mostly just over the limit; now and then the 200 KB value of issue #11.
    fc.tuple(anywhere, fc.oneof({ weight: 6, arbitrary: fc.integer({ min: DEFAULT_JSON_BUDGET.maxStringLength + 1, max: DEFAULT_JSON_BUDGET.maxStringLength + 2000 }) }, { weight: 1, arbitrary: fc.constant(200_000) })).map(([path, n]) => ({
      label: `a ${n}-character string at ${fieldOf(path)}`,
      text: withRaw(base, path, json("v".repeat(n))),
      statuses: [400],
      fields: [fieldOf(path)],
    })),
    fc.integer({ min: 1, max: Math.max(1, valid.length - 1) }).chain((cut) =>
      fc.constantFrom(valid.slice(0, cut), valid.slice(0, cut) + "}}", valid.slice(0, cut) + ",", `${valid.slice(0, cut)}\u0000${valid.slice(cut)}`, "{'single': 'quotes'}", "{ nope", "NaN", "undefined").filter(notJson).map((t) => ({ label: "malformed JSON", text: t, statuses: [400], fields: ["(body)"] })),
    ),
    fc.constantFrom("[]", "[1,2]", "7", '"a string"', "null", "true").map((t) => ({ label: `a body of ${t}`, text: t, statuses: [400], fields: ["(body)"] })),
    fc.constantFrom("text/plain", "application/xml", "multipart/form-data; boundary=x", "image/png").map((contentType) => ({ label: `Content-Type ${contentType}`, text: valid, contentType, statuses: [415], fields: ["Content-Type"] })),
    fc.constant({ label: "a body over the limit", text: withRaw(base, [], json("x".repeat(maxBodyBytes + 1))), statuses: [413], fields: [] }),
  ];
}

const compiles = (pattern: string) => {
  try {
    new RegExp(pattern, "u");
    return true;
  } catch {
    return false;
  }
};
const notJson = (text: string) => {
  try {
    JSON.parse(text);
    return false;
  } catch {
    return true;
  }
};

/** Path values: the seeded records, fresh and hostile strings (some past the 64-character limit). */
function pathValue(route: RouteSpec, param: string, ctx: HostileContext): fc.Arbitrary<string> {
  const hostile = fc.oneof(
    fc.string({ maxLength: 40 }).filter((s) => s.length > 0 && wellFormed(s)),
    fc.constantFrom("..", ".", "%", "..%2F..%2Fetc", "a\\b", "%00", "\u0000", "CON", " ", "orders search", "ünïcödé", "a".repeat(65), "a".repeat(300)),
    fc.uuid(),
  );
  if (route.path.startsWith("/v1/blueprints")) return fc.oneof(fc.constantFrom(...ctx.blueprints.map((b) => b.id)), hostile);
  if (param === "id") return fc.oneof(fc.constant(ctx.seeded.operationId), hostile);
  return fc.oneof(fc.constantFrom(ctx.seeded.name, ctx.destroyed), fc.integer({ min: 0, max: 1e6 }).map((n) => `fresh-${n}`), hostile);
}

// Values a declared query parameter accepts, so GETs also reach their handlers.
function validQueryValue(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.enum) return fc.constantFrom(...schema.enum.map(String));
  if (schema.type === "integer") return fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? 1000 }).map(String);
  if (schema.pattern) return fc.nat({ max: 1e6 }).map(String);
  return fc.string({ maxLength: Math.min(schema.maxLength ?? 20, 20) }).filter((s) => wellFormed(s));
}

// Values a declared query parameter refuses.
function invalidQueryValue(schema: JsonSchema): fc.Arbitrary<string> | undefined {
  if (schema.enum) return fc.string({ maxLength: 20 }).filter((s) => wellFormed(s) && !schema.enum!.includes(s));
  if (schema.type === "integer") {
    const min = schema.minimum ?? 0;
    const max = schema.maximum ?? Number.MAX_SAFE_INTEGER;
    return fc.constantFrom("abc", "1.5", String(min - 1), String(max + 1), "-7", "NaN", "Infinity", "1e400", "9".repeat(30));
  }
  if (schema.pattern) {
    const pattern = new RegExp(schema.pattern, "u");
    return fc.oneof(fc.constantFrom("", "abc", "-1", "1.5", "1e3", " 1", "1".repeat(16)), fc.string({ maxLength: 20 })).filter((s) => wellFormed(s) && !pattern.test(s));
  }
  if (schema.maxLength !== undefined) return fc.integer({ min: schema.maxLength + 1, max: schema.maxLength + 200 }).map((n) => "c".repeat(n));
  return undefined;
}

const BAD_IDEMPOTENCY_KEYS = fc.oneof(fc.constantFrom("has spaces", "tab\tkey", "ünïcode", "del\u007fkey", ""), fc.integer({ min: 256, max: 600 }).map((n) => "k".repeat(n)));
const BAD_EVENT_IDS = fc.constantFrom("x", "-1", "1.5", "1e3", "0x10", "1".repeat(16), "NaN");

/**
 * The valid bodies a route's mutations start from — one per blueprint, with and without the
 * optional fields — and the places their schemas describe. Built once: walking the schemas
 * for every sample would cost more than sending the request.
 */
function baseBodies(route: RouteSpec, ctx: HostileContext): { base: Record<string, unknown>; locations: Location[] }[] {
  const component = route.body!.component;
  // Teams, tokens and webhooks: small bodies of their own, no blueprint inside.
  const own: Record<string, (withOptional: boolean) => Record<string, unknown>> = {
    CreateTeam: () => ({ name: "hostile-team" }),
    CreateToken: (withOptional) => ({ name: "hostile-token", role: "viewer", ...(withOptional ? { expiresAt: "2099-01-01T00:00:00Z" } : {}) }),
    // Valid by its schema, and refused by the service all the same (more than a year ahead):
    // every mutation of it is refused, and so is the base should one leave it as it is.
    SetExpiry: () => ({ expiresAt: "2099-01-01T00:00:00Z" }),
    CreateWebhook: () => ({ url: "https://hooks.example.com/slipstream", kinds: ["operation.succeeded"] }),
    // Valid by its schema and refused by the service all the same: no upgrade plan has this id.
    UpgradeRequest: () => ({ planId: "no-such-plan" }),
  };
  if (own[component]) {
    return [false, true].map((withOptional) => {
      const base = own[component]!(withOptional);
      for (const key of Object.keys(base)) if (!(key in (route.body!.schema.properties ?? {}))) throw new Error(`${component} no longer has "${key}": update the generator`);
      return { base, locations: schemaLocations(route.body!.schema) };
    });
  }
  const blueprints = component === "UpdateDeployment" ? ctx.blueprints.filter((b) => b.id === ctx.seeded.blueprint) : ctx.blueprints;
  return blueprints.flatMap((blueprint) =>
    [false, true].map((withOptional) => {
      const { params, tags } = blueprint.example;
      // A name no deployment has: a create that got through would show in the store.
      const base: Record<string, unknown> =
        component === "UpdateDeployment"
          ? { params, ...(withOptional ? { tags } : {}) }
          : { ...(component === "CreateDeployment" || withOptional ? { name: "fresh-hostile" } : {}), blueprint: blueprint.id, params, tags, ...(withOptional ? { region: "eu-west-1" } : {}) };
      for (const key of Object.keys(base)) if (!(key in (route.body!.schema.properties ?? {}))) throw new Error(`${component} no longer has "${key}": update the generator`);
      const bodyPlaces = schemaLocations(route.body!.schema, { skip: (p) => p[0] === "params" || p[0] === "tags" });
      const blueprintProperties = blueprint.schema.properties ?? {};
      // Whether params and tags may be left out is the body's call (params default to {}).
      const required = (key: string) => route.body!.schema.required?.includes(key) ?? false;
      const blueprintPlaces = (key: string) => schemaLocations(blueprintProperties[key]!, { prefix: [key], required: required(key) });
      return { base, locations: [...bodyPlaces, ...blueprintPlaces("params"), ...blueprintPlaces("tags")] };
    }),
  );
}

/** Hostile requests to one route; every one sent to a mutating route is refused by construction. */
export function hostileRequests(route: RouteSpec, ctx: HostileContext): fc.Arbitrary<HostileRequest> {
  const params = fc.tuple(...route.pathParams.map((p) => pathValue(route, p, ctx)));
  const declared = new Set(route.query.map((q) => q.name));
  const validQuery = fc.tuple(...route.query.map((q) => fc.option(validQueryValue(q.schema), { nil: undefined }))).map((values) => Object.fromEntries(route.query.flatMap((q, i) => (values[i] === undefined ? [] : [[q.name, values[i]!]]))));
  const unknownParam = keyName.filter((k) => !declared.has(k) && k.trim() === k).chain((k) => fc.string({ maxLength: 10 }).filter((v) => wellFormed(v)).map((v) => ({ label: `unknown query parameter ${k}`, query: { [k]: v }, fields: [k] })));
  const invalidParams = route.query.flatMap((q) => {
    const bad = invalidQueryValue(q.schema);
    return bad ? [bad.map((v) => ({ label: `${q.name}=${v.slice(0, 20)}`, query: { [q.name]: v }, fields: [q.name] }))] : [];
  });
  const queryMutation = fc.oneof(unknownParam, ...invalidParams);

  type Shaped = { label: string; query?: Record<string, string>; headers?: Record<string, string>; body?: string; contentType?: string; statuses?: number[]; fields?: string[] };
  // Weighted: a body has many more places to break than a query or a header.
  const mutations: fc.WeightedArbitrary<Shaped>[] = [{ weight: 1, arbitrary: queryMutation.map((m) => ({ ...m, statuses: [400] })) }];
  if (route.mutating) {
    mutations.push({ weight: 1, arbitrary: BAD_IDEMPOTENCY_KEYS.map((key) => ({ label: `Idempotency-Key ${JSON.stringify(key.slice(0, 20))}`, headers: { "idempotency-key": key }, statuses: [400], fields: ["Idempotency-Key"] })) });
    if (route.body) {
      const catalogueIds = ctx.blueprints.map((b) => b.id);
      const named = (base: Record<string, unknown>): fc.Arbitrary<Mutation>[] =>
        "blueprint" in base
          ? [
              badNames.map((name) => ({ label: `name ${JSON.stringify(name)}`, text: json({ ...base, name }), statuses: [400], fields: ["name"] })),
              fc.string({ maxLength: 30 }).filter((id) => !catalogueIds.includes(id)).map((blueprint) => ({ label: `blueprint ${JSON.stringify(blueprint)}`, text: json({ ...base, blueprint }), statuses: [400], fields: ["blueprint"] })),
            ]
          : [];
      const bodyMutation = fc.constantFrom(...baseBodies(route, ctx).map(({ base, locations }) => fc.oneof(...schemaMutations(base, locations), ...textMutations(base, locations, ctx.maxBodyBytes), ...named(base)))).chain((m) => m);
      // An update to anything but the live deployment may be answered 404 before its params are read.
      const statuses = (m: Mutation) => (route.body!.component === "UpdateDeployment" && m.statuses.includes(400) ? [400, 404] : m.statuses);
      mutations.push({ weight: 8, arbitrary: bodyMutation.map((m) => ({ label: m.label, body: m.text, contentType: m.contentType, statuses: statuses(m), fields: m.fields })) });
    } else {
      const fields = fc.dictionary(keyName, smallJson, { minKeys: 1, maxKeys: 4 }).map((o) => ({ label: "fields sent to a route without a body", body: json(o), statuses: [400], fields: [...Object.keys(o), "(body)"] }));
      const other = fc.constantFrom("[]", "[1]", "7", "null", '"x"', "{ nope", "garbage").map((t) => ({ label: `a body of ${t}`, body: t, statuses: [400], fields: ["(body)"] }));
      mutations.push({ weight: 2, arbitrary: fields }, { weight: 1, arbitrary: other });
    }
  } else if (route.path.endsWith("/events/stream")) {
    mutations.push({ weight: 1, arbitrary: BAD_EVENT_IDS.map((id) => ({ label: `Last-Event-ID ${id}`, headers: { "last-event-id": id }, statuses: [400], fields: ["Last-Event-ID"] })) });
  }
  const mutation = route.mutating ? fc.oneof(...mutations) : fc.option(fc.oneof(...mutations), { nil: undefined, freq: 2 });

  // A fresh Idempotency-Key on some mutating requests: a reused one would answer 422 instead.
  let keys = 0;
  return fc.tuple(params, validQuery, mutation, fc.boolean()).map(([values, query, m, withKey]) => {
    const key = withKey ? `hostile-${route.method}-${route.path}-${++keys}-${Math.random().toString(36).slice(2)}` : undefined;
    let path = route.path;
    route.pathParams.forEach((p, i) => (path = path.replace(`{${p}}`, encodeURIComponent(values[i]!))));
    const search = new URLSearchParams({ ...query, ...(m?.query ?? {}) }).toString();
    const pathTooLong = values.some((v) => v.length > 64);
    // "." and ".." are dot segments: the URL parser folds them, and another route answers — or
    // another route's path answers 405, when the folded path is a resource without this method.
    const folded = values.some((v) => v === "." || v === "..");
    const headers: Record<string, string> = { ...(route.mutating && key ? { "idempotency-key": key } : {}), ...(m?.headers ?? {}) };
    if (m?.body !== undefined) headers["content-type"] = m.contentType ?? "application/json";
    return {
      label: `${route.method} ${route.path}: ${m?.label ?? "no mutation"}`,
      method: route.method,
      url: `${path}${search ? `?${search}` : ""}`,
      headers,
      ...(m?.body !== undefined ? { body: m.body } : {}),
      expect: m ? { statuses: [...(m.statuses ?? []), ...(pathTooLong ? [400] : []), ...(folded ? [404, 405] : [])], fields: [...(m.fields ?? []), ...(pathTooLong ? route.pathParams : [])] } : {},
    };
  });
}

/** Methods and paths, listed or not, with no body: never a 5xx, and nothing that writes (405: a listed path, another method). */
export function strayRequests(routes: RouteSpec[], ctx: HostileContext): fc.Arbitrary<HostileRequest> {
  const paths = fc.oneof(
    fc.constantFrom(...routes.map((r) => r.path.replace(/\{[^}]+\}/g, "x"))),
    fc.array(fc.string({ minLength: 1, maxLength: 12 }).filter((s) => wellFormed(s)), { minLength: 1, maxLength: 5 }).map((segments) => `/v1/${segments.map(encodeURIComponent).join("/")}`),
    fc.string({ maxLength: 30 }).filter((s) => wellFormed(s)).map((s) => `/${encodeURIComponent(s)}`),
  );
  return fc
    .tuple(fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"), paths)
    .filter(([, path]) => !path.includes(ctx.seeded.name))
    .map(([method, path]) => ({ label: `${method} ${path} without a body`, method, url: path, headers: {}, expect: method === "GET" ? {} : { statuses: [400, 404, 405, 409, 415] } }));
}
