import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for the two AWS APIs the streaming-job lifecycle calls, speaking their
 * JSON protocol (awsJson1_1: POST /, `X-Amz-Target: AWSGlue.<Op>` or
 * `KinesisAnalytics_20180523.<Op>`, errors as `{"__type": "...", "message": "..."}` with
 * status 400, which the SDK turns into the modelled exception class) for exactly:
 * Glue StartJobRun, GetJobRuns, BatchStopJobRun; Managed Flink StartApplication,
 * StopApplication, DescribeApplication. The real SDK clients reach it through their standard
 * endpoint setting (AWS_ENDPOINT_URL_GLUE, AWS_ENDPOINT_URL_KINESIS_ANALYTICS_V2).
 *
 * State moves on calls, never on time, so tests are deterministic: a started Glue run is
 * STARTING until the next read of it, then RUNNING; a stop makes it STOPPING until the next
 * read, then STOPPED. A Flink application is READY (stopped) until started, STARTING until
 * the next DescribeApplication, then RUNNING; stopping is STOPPING until the next describe,
 * then READY. Every job and application exists unless `remove`d.
 */
export interface GlueRun {
  Id: string;
  JobName: string;
  JobRunState: "STARTING" | "RUNNING" | "STOPPING" | "STOPPED" | "SUCCEEDED" | "FAILED" | "TIMEOUT" | "ERROR" | "WAITING";
  StartedOn: number;
  CompletedOn?: number;
  ErrorMessage?: string;
}

export interface FlinkApp {
  status: "READY" | "STARTING" | "RUNNING" | "STOPPING" | "UPDATING";
  versionId: number;
  /** Each StopApplication's Force flag, in order. */
  stops: boolean[];
  /** Each StartApplication's restore type, in order. */
  restores: string[];
}

export interface RecordedCall {
  service: "glue" | "flink";
  operation: string;
  body: Record<string, unknown>;
  /** The error type answered, if any. */
  answered?: string;
}

export class AwsJobsEndpoint {
  readonly calls: RecordedCall[] = [];
  readonly runs = new Map<string, GlueRun[]>();
  readonly apps = new Map<string, FlinkApp>();
  private readonly removed = new Set<string>();
  private throttles: { remaining: number; type: string; message: string } = { remaining: 0, type: "ThrottlingException", message: "Rate exceeded" };
  /** Job/app names whose next start is refused with this error type (and message). */
  readonly refuseStart = new Map<string, { type: string; message: string }>();
  /**
   * Names whose next start finds the job started meanwhile (the watchdog trigger, the console):
   * Glue answers ConcurrentRunsExceededException, Flink ResourceInUseException.
   */
  readonly raceStart = new Set<string>();
  /** Flink applications that stay STARTING for this many more DescribeApplication calls. */
  readonly slowStart = new Map<string, number>();
  /** Job/app names that never leave STOPPING once asked to stop. */
  readonly stuckStopping = new Set<string>();
  private nextRun = 1;

  private constructor(
    private readonly server: http.Server,
    readonly endpoint: string,
  ) {}

  static async start(): Promise<AwsJobsEndpoint> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const self = new AwsJobsEndpoint(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => self.answer(String(req.headers["x-amz-target"] ?? ""), Buffer.concat(chunks).toString("utf8"), res));
    });
    return self;
  }

  /** The environment that points the SDK's Glue and Managed Flink clients here, with static test credentials. */
  env(): Record<string, string> {
    return {
      AWS_ENDPOINT_URL_GLUE: this.endpoint,
      AWS_ENDPOINT_URL_KINESIS_ANALYTICS_V2: this.endpoint,
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
      AWS_EC2_METADATA_DISABLED: "true",
    };
  }

  /** Answers the next `count` calls, whatever they are, with a throttling error. */
  throttleNext(count: number, type = "ThrottlingException", message = "Rate exceeded"): void {
    this.throttles = { remaining: count, type, message };
  }

  /** A Glue run started outside the service (the console, the schedule): RUNNING now. */
  runOutside(jobName: string): GlueRun {
    const run: GlueRun = { Id: `jr_outside_${this.nextRun++}`, JobName: jobName, JobRunState: "RUNNING", StartedOn: Date.now() / 1000 };
    this.runsOf(jobName).unshift(run);
    return run;
  }

  /** A Flink application in `status`, as if started or stopped outside the service. */
  setApp(name: string, status: FlinkApp["status"]): void {
    this.appOf(name).status = status;
  }

  /** The job or application no longer exists (EntityNotFoundException / ResourceNotFoundException). */
  remove(name: string): void {
    this.removed.add(name);
  }

  /** The newest run of a Glue job. */
  latestRun(jobName: string): GlueRun | undefined {
    return this.runs.get(jobName)?.[0];
  }

  callsOf(operation: string): RecordedCall[] {
    return this.calls.filter((c) => c.operation === operation);
  }

  /** Lets the test process exit with the endpoint still listening (one shared by a whole file). */
  unref(): this {
    this.server.unref();
    return this;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private runsOf(jobName: string): GlueRun[] {
    let runs = this.runs.get(jobName);
    if (!runs) this.runs.set(jobName, (runs = []));
    return runs;
  }

  private appOf(name: string): FlinkApp {
    let app = this.apps.get(name);
    if (!app) this.apps.set(name, (app = { status: "READY", versionId: 1, stops: [], restores: [] }));
    return app;
  }

  private answer(target: string, text: string, res: http.ServerResponse): void {
    const [prefix, operation = ""] = target.split(".");
    const service = prefix === "AWSGlue" ? "glue" : prefix === "KinesisAnalytics_20180523" ? "flink" : undefined;
    let body: Record<string, unknown> = {};
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      // Answered below as a bad request.
    }
    const call: RecordedCall = { service: service ?? "glue", operation, body };
    this.calls.push(call);
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": `req-${this.calls.length}` });
      res.end(JSON.stringify(payload));
    };
    const fail = (type: string, message: string) => {
      call.answered = type;
      send(400, { __type: type, message });
    };
    if (!service) return fail("UnknownOperationException", `unknown target ${target}`);
    if (this.throttles.remaining > 0) {
      this.throttles.remaining--;
      return fail(this.throttles.type, this.throttles.message);
    }
    const result = service === "glue" ? this.glue(operation, body, fail) : this.flink(operation, body, fail);
    if (result !== undefined) send(200, result);
  }

  private glue(operation: string, body: Record<string, unknown>, fail: (type: string, message: string) => void): unknown {
    const jobName = String(body["JobName"] ?? "");
    if (this.removed.has(jobName)) return fail("EntityNotFoundException", `Job ${jobName} not found`);
    const runs = this.runsOf(jobName);
    const active = () => runs.find((r) => ["STARTING", "RUNNING", "STOPPING", "WAITING"].includes(r.JobRunState));
    const advance = (run: GlueRun) => {
      if (run.JobRunState === "STARTING") run.JobRunState = "RUNNING";
      else if (run.JobRunState === "STOPPING" && !this.stuckStopping.has(jobName)) {
        run.JobRunState = "STOPPED";
        run.CompletedOn = Date.now() / 1000;
      }
      return run;
    };
    switch (operation) {
      case "StartJobRun": {
        const refusal = this.refuseStart.get(jobName);
        if (refusal) {
          this.refuseStart.delete(jobName);
          return fail(refusal.type, refusal.message);
        }
        if (this.raceStart.delete(jobName)) this.runOutside(jobName);
        // MaxConcurrentRuns is 1 for the blueprints' streaming jobs (Glue API, ExecutionProperty).
        if (active()) return fail("ConcurrentRunsExceededException", `Concurrent runs exceeded for ${jobName}`);
        const run: GlueRun = { Id: `jr_${String(this.nextRun++).padStart(4, "0")}`, JobName: jobName, JobRunState: "STARTING", StartedOn: Date.now() / 1000 };
        runs.unshift(run);
        return { JobRunId: run.Id };
      }
      case "GetJobRuns":
        return { JobRuns: runs.slice(0, Number(body["MaxResults"] ?? 100)).map((r) => ({ ...advance(r) })) };
      case "BatchStopJobRun": {
        const ids = (body["JobRunIds"] as string[] | undefined) ?? [];
        const ok: unknown[] = [];
        const errors: unknown[] = [];
        for (const id of ids) {
          const run = runs.find((r) => r.Id === id);
          if (!run) errors.push({ JobName: jobName, JobRunId: id, ErrorDetail: { ErrorCode: "EntityNotFoundException", ErrorMessage: `Job run ${id} not found` } });
          else if (!["STARTING", "RUNNING", "WAITING", "STOPPING"].includes(run.JobRunState)) {
            errors.push({ JobName: jobName, JobRunId: id, ErrorDetail: { ErrorCode: "InvalidInputException", ErrorMessage: `Job run ${id} is ${run.JobRunState}` } });
          } else {
            run.JobRunState = "STOPPING";
            ok.push({ JobName: jobName, JobRunId: id });
          }
        }
        return { SuccessfulSubmissions: ok, Errors: errors };
      }
      default:
        return fail("UnknownOperationException", `AWSGlue.${operation} is not served here`);
    }
  }

  private flink(operation: string, body: Record<string, unknown>, fail: (type: string, message: string) => void): unknown {
    const name = String(body["ApplicationName"] ?? "");
    if (this.removed.has(name)) return fail("ResourceNotFoundException", `Application ${name} not found`);
    const app = this.appOf(name);
    switch (operation) {
      case "DescribeApplication": {
        const wait = this.slowStart.get(name) ?? 0;
        if (app.status === "STARTING" && wait > 0) this.slowStart.set(name, wait - 1);
        else if (app.status === "STARTING") app.status = "RUNNING";
        else if (app.status === "UPDATING") app.status = "RUNNING";
        else if (app.status === "STOPPING" && !this.stuckStopping.has(name)) app.status = "READY";
        return {
          ApplicationDetail: {
            ApplicationARN: `arn:aws:kinesisanalytics:us-east-1:000000000000:application/${name}`,
            ApplicationName: name,
            RuntimeEnvironment: "FLINK-1_20",
            ApplicationStatus: app.status,
            ApplicationVersionId: app.versionId,
          },
        };
      }
      case "StartApplication": {
        const refusal = this.refuseStart.get(name);
        if (refusal) {
          this.refuseStart.delete(name);
          return fail(refusal.type, refusal.message);
        }
        if (this.raceStart.delete(name)) app.status = "RUNNING";
        // StartApplication on an application that is not READY (Managed Flink API, StartApplication errors).
        if (app.status !== "READY") return fail("ResourceInUseException", `Application ${name} is in ${app.status} status`);
        const restore = (body["RunConfiguration"] as { ApplicationRestoreConfiguration?: { ApplicationRestoreType?: string } } | undefined)?.ApplicationRestoreConfiguration?.ApplicationRestoreType;
        app.restores.push(restore ?? "(none)");
        app.status = "STARTING";
        return { OperationId: `op-${this.calls.length}` };
      }
      case "StopApplication": {
        if (app.status !== "RUNNING" && !(body["Force"] === true && ["STARTING", "UPDATING", "STOPPING"].includes(app.status))) {
          return fail("ResourceInUseException", `Application ${name} is in ${app.status} status`);
        }
        app.stops.push(body["Force"] === true);
        app.status = "STOPPING";
        return { OperationId: `op-${this.calls.length}` };
      }
      default:
        return fail("UnknownOperationException", `KinesisAnalytics_20180523.${operation} is not served here`);
    }
  }
}
