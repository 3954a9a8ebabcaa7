import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createInterface } from "node:readline";

/**
 * A local DynamoDB for tests: dynalite (DynamoDB's API on an in-memory LevelDB) behind a small
 * front that adds what dynalite 4.0 lacks and Slipstream's store relies on, TransactWriteItems
 * (dynalite answers it with UnknownOperationException: architect/dynalite#151, mhart/dynalite#98).
 *
 * The front serialises every request it passes on, so nothing reads the table between two
 * items of a transaction; a transaction runs each of its items as the single-item call it
 * names (Put → PutItem, Update → UpdateItem, Delete → DeleteItem, ConditionCheck → a
 * conditional no-op), so conditions and update expressions are dynalite's own, and undoes the
 * items already applied, from their images read first, when any condition fails. It answers
 * as DynamoDB does: `TransactionCanceledException` with one `CancellationReasons` entry per
 * item (`ConditionalCheckFailed` or `None`), and ValidationException for more than 100 items
 * or two operations on one item
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html).
 * Everything else — UpdateTimeToLive included, which dynalite does not know — goes to
 * dynalite unchanged.
 *
 * Usable from another process too: test/support/dynalite-server.ts prints the endpoint.
 */
export interface LocalDynamo {
  /** http://127.0.0.1:PORT — for `new DynamoDBClient({ endpoint })` or AWS_ENDPOINT_URL_DYNAMODB. */
  endpoint: string;
  close(): Promise<void>;
}

/** Client settings for a LocalDynamo: any region, dummy credentials (dynalite checks none). */
export function localDynamoClientConfig(endpoint: string) {
  return { endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 1 };
}

/** The environment a service process needs to reach a LocalDynamo the standard way. */
export function localDynamoEnv(endpoint: string): Record<string, string> {
  return { AWS_ENDPOINT_URL_DYNAMODB: endpoint, AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local" };
}

type AttributeMap = Record<string, unknown>;
interface Answer {
  status: number;
  body: Record<string, unknown>;
}

const MAX_TRANSACT_ITEMS = 100;

export async function startDynalite(): Promise<LocalDynamo> {
  const dynalite = require("dynalite") as (options: Record<string, unknown>) => http.Server;
  const backend = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await listen(backend);
  const backendPort = (backend.address() as AddressInfo).port;
  const agent = new http.Agent({ keepAlive: true });

  /** One raw call to dynalite: the front's only way in, so dynalite's rules apply unchanged. */
  const call = (target: string, body: Buffer | string, headers: http.IncomingHttpHeaders = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const request = http.request(
        {
          host: "127.0.0.1",
          port: backendPort,
          method: "POST",
          path: "/",
          agent,
          headers: {
            ...headers,
            host: `127.0.0.1:${backendPort}`,
            "content-type": "application/x-amz-json-1.0",
            "x-amz-target": `DynamoDB_20120810.${target}`,
            "x-amz-date": headers["x-amz-date"] ?? "20260101T000000Z",
            authorization: headers.authorization ?? "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=local",
            "content-length": Buffer.byteLength(body),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => resolve({ status: response.statusCode ?? 500, headers: response.headers, body: Buffer.concat(chunks) }));
          response.on("error", reject);
        },
      );
      request.on("error", reject);
      request.end(body);
    });
  const callJson = async (target: string, input: unknown): Promise<Answer> => {
    const answer = await call(target, JSON.stringify(input));
    return { status: answer.status, body: answer.body.length ? (JSON.parse(answer.body.toString()) as Record<string, unknown>) : {} };
  };

  const keySchemas = new Map<string, string[]>();
  /** The key of a Put's item, from the table's key schema; or dynalite's answer if it has no such table. */
  const keyOf = async (table: string, item: AttributeMap): Promise<{ key: AttributeMap } | { refused: Answer }> => {
    let names = keySchemas.get(table);
    if (!names) {
      const described = await callJson("DescribeTable", { TableName: table });
      if (described.status !== 200) return { refused: described };
      names = (described.body.Table as { KeySchema: { AttributeName: string }[] }).KeySchema.map((k) => k.AttributeName);
      keySchemas.set(table, names);
    }
    return { key: Object.fromEntries(names.map((n) => [n, item[n]])) };
  };

  const validation = (message: string): Answer => ({ status: 400, body: { __type: "com.amazon.coral.validate#ValidationException", message } });

  async function transactWriteItems(input: { TransactItems?: Record<string, Record<string, unknown>>[] }): Promise<Answer> {
    const items = input.TransactItems ?? [];
    if (items.length === 0 || items.length > MAX_TRANSACT_ITEMS) return validation(`1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length between 1 and ${MAX_TRANSACT_ITEMS}`);
    const steps: { kind: string; table: string; key: AttributeMap; spec: Record<string, unknown> }[] = [];
    const seen = new Set<string>();
    for (const entry of items) {
      const kinds = Object.keys(entry).filter((k) => ["Put", "Update", "Delete", "ConditionCheck"].includes(k));
      if (kinds.length !== 1) return validation("TransactItems can only contain one of Check, Put, Update or Delete");
      const kind = kinds[0]!;
      const spec = entry[kind] as Record<string, unknown>;
      const table = spec.TableName as string;
      const found = kind === "Put" ? await keyOf(table, spec.Item as AttributeMap) : { key: spec.Key as AttributeMap };
      if ("refused" in found) return found.refused;
      const key = found.key;
      const id = `${table}\u0000${JSON.stringify(Object.keys(key).sort().map((k) => [k, key[k]]))}`;
      if (seen.has(id)) return validation("Transaction request cannot include multiple operations on one item");
      seen.add(id);
      steps.push({ kind, table, key, spec });
    }
    // The images before the transaction, to undo with.
    const before: (AttributeMap | undefined)[] = [];
    for (const step of steps) {
      const got = await callJson("GetItem", { TableName: step.table, Key: step.key, ConsistentRead: true });
      if (got.status !== 200) return got;
      before.push(got.body.Item as AttributeMap | undefined);
    }
    const applied: number[] = [];
    const reasons: Record<string, unknown>[] = [];
    let failure: Answer | undefined;
    for (const [i, step] of steps.entries()) {
      const { ReturnValuesOnConditionCheckFailure: returnOld, ...spec } = step.spec;
      let answer: Answer;
      if (step.kind === "Put") answer = await callJson("PutItem", spec);
      else if (step.kind === "Update") answer = await callJson("UpdateItem", spec);
      else if (step.kind === "Delete") answer = await callJson("DeleteItem", spec);
      else {
        // A condition check writes nothing: a marker attribute set under its condition, undone below.
        answer = await callJson("UpdateItem", {
          ...spec,
          UpdateExpression: "SET #txCheck = :txCheck",
          ExpressionAttributeNames: { ...(spec.ExpressionAttributeNames as object), "#txCheck": "__transactionCheck" },
          ExpressionAttributeValues: { ...(spec.ExpressionAttributeValues as object), ":txCheck": { BOOL: true } },
        });
      }
      if (answer.status === 200) {
        applied.push(i);
        reasons.push({ Code: "None" });
      } else if (String(answer.body.__type).endsWith("#ConditionalCheckFailedException")) {
        reasons.push({ Code: "ConditionalCheckFailed", Message: "The conditional request failed", ...(returnOld === "ALL_OLD" && before[i] ? { Item: before[i] } : {}) });
      } else {
        failure = answer;
        break;
      }
    }
    const cancelled = failure !== undefined || reasons.some((r) => r.Code !== "None");
    for (const i of cancelled ? applied.reverse() : applied.filter((j) => steps[j]!.kind === "ConditionCheck")) {
      const step = steps[i]!;
      const image = before[i];
      const undone = image ? await callJson("PutItem", { TableName: step.table, Item: image }) : await callJson("DeleteItem", { TableName: step.table, Key: step.key });
      if (undone.status !== 200) throw new Error(`dynalite front could not undo a transaction item: ${JSON.stringify(undone.body)}`);
    }
    if (failure) return failure;
    if (cancelled) {
      return {
        status: 400,
        body: {
          __type: "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
          message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(", ")}]`,
          CancellationReasons: reasons,
        },
      };
    }
    return { status: 200, body: {} };
  }

  // One request at a time: a transaction's items are never seen half-applied.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  const front = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const target = String(req.headers["x-amz-target"] ?? "");
      serially(async () => {
        if (req.method === "POST" && target === "DynamoDB_20120810.TransactWriteItems") {
          const answer = await transactWriteItems(JSON.parse(body.toString()) as Parameters<typeof transactWriteItems>[0]);
          const text = JSON.stringify(answer.body);
          res.writeHead(answer.status, { "content-type": "application/x-amz-json-1.0", "content-length": Buffer.byteLength(text) });
          res.end(text);
          return;
        }
        if (req.method !== "POST") {
          res.writeHead(200, { "content-type": "text/plain" });
          res.end("healthy: local dynamodb");
          return;
        }
        const [, operation = ""] = target.split(".");
        const answer = await call(operation, body, req.headers);
        const headers = Object.fromEntries(Object.entries(answer.headers).filter(([k]) => !["connection", "keep-alive", "transfer-encoding"].includes(k)));
        res.writeHead(answer.status, headers);
        res.end(answer.body);
      }).catch((error: unknown) => {
        const text = JSON.stringify({ __type: "com.amazonaws.dynamodb.v20120810#InternalServerError", message: String(error) });
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/x-amz-json-1.0" });
        res.end(text);
      });
    });
  });
  await listen(front);
  const endpoint = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
  return {
    endpoint,
    close: async () => {
      front.closeAllConnections();
      await new Promise<void>((resolve) => front.close(() => resolve()));
      agent.destroy();
      await new Promise<void>((resolve, reject) => backend.close((err?: Error) => (err ? reject(err) : resolve())));
    },
  };
}

function listen(server: http.Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
}

/**
 * A LocalDynamo in a child process of its own (test/support/dynalite-server.ts), for tests whose
 * service processes must outlive, or be killed apart from, the test's own process. `close`
 * stops that child (by its pid) and waits for it to exit.
 */
export async function spawnDynalite(): Promise<LocalDynamo & { pid: number }> {
  const child = spawn(process.execPath, ["--require", "tsx/cjs", path.join(__dirname, "dynalite-server.ts")], { stdio: ["pipe", "pipe", "inherit"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const lines = createInterface({ input: child.stdout });
  const endpoint = await new Promise<string>((resolve, reject) => {
    lines.once("line", (line) => {
      try {
        resolve((JSON.parse(line) as { endpoint: string }).endpoint);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    child.once("exit", (code) => reject(new Error(`dynalite-server exited (${code}) before it printed its endpoint`)));
  });
  lines.close();
  return {
    endpoint,
    pid: child.pid!,
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
