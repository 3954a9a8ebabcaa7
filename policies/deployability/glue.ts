import { integerBetween, lengthBetween, matches, oneOf } from "../lib/checks";
import { resourceRule, type ResourceCheck } from "../lib/deployability";
import { physicalName } from "../lib/physical-name";
import { numberAt, stringAt, valueAt } from "../lib/property-values";

const WORKER_TYPES = ["Standard", "G.025X", "G.1X", "G.2X", "G.4X", "G.8X", "G.12X", "G.16X", "R.1X", "R.2X", "R.4X", "R.8X", "Z.2X"];

const COMMANDS = ["glueetl", "gluestreaming", "pythonshell", "glueray"];

const versionOf = (text: string) => {
  const [major = 0, minor = 0] = text.split(".").map(Number);
  return major + minor / 10;
};

/**
 * CreateJob's rules: the job command, worker types the Glue version and job type support
 * (G.025X only for streaming jobs on Glue 3.0 or later, G.4X/G.8X from 3.0, Z.2X for Ray jobs
 * only), worker type and worker count together and never with maxCapacity, Python shell capacity
 * of 0.0625 or 1 DPU, and Glue versions written `X.Y`.
 */
export const glueJobLimits = resourceRule({
  name: "glue-job-limits",
  description: "Glue jobs must use a configuration CreateJob accepts: command, Glue version, worker type and count (G.025X for streaming jobs on Glue 3.0+), capacity, timeout and concurrency.",
  document: "https://docs.aws.amazon.com/glue/latest/webapi/API_CreateJob.html",
  remediation: "Fix the named field: set workerType together with numberOfWorkers (at least 2 for Spark) and not maxCapacity, G.025X only for gluestreaming jobs on Glue 3.0 or later.",
  types: ["aws:glue/job:Job"],
  checks: [
    physicalName({ path: "name", min: 1, max: 255, autonamed: true }),
    lengthBetween("description", 0, 2048),
    oneOf("command.name", COMMANDS),
    oneOf("workerType", WORKER_TYPES),
    matches("glueVersion", /^\d+\.\d+$/, "a version such as 4.0"),
    integerBetween("timeout", 1, 10_080, "minutes"),
    integerBetween("executionProperty.maxConcurrentRuns", 1, 1000),
    (resource, report) => {
      const command = stringAt(resource.props, "command.name");
      const worker = stringAt(resource.props, "workerType");
      const workers = numberAt(resource.props, "numberOfWorkers");
      const capacity = numberAt(resource.props, "maxCapacity");
      const version = stringAt(resource.props, "glueVersion");
      if (typeof command === "symbol" || typeof worker === "symbol" || typeof workers === "symbol" || typeof capacity === "symbol" || typeof version === "symbol") return;
      const glue = typeof version === "string" ? versionOf(version) : undefined;
      if (command === "pythonshell") {
        if (worker !== undefined) report("workerType", "Python shell jobs take maxCapacity, not worker types.");
        if (typeof capacity === "number" && capacity !== 0.0625 && capacity !== 1) report("maxCapacity", `${capacity}; a Python shell job takes 0.0625 or 1 DPU.`);
        return;
      }
      // An unknown command is reported by the enum check; its worker rules would only repeat it.
      if (command !== undefined && !COMMANDS.includes(command)) return;
      if ((worker !== undefined) !== (workers !== undefined)) report(worker === undefined ? "workerType" : "numberOfWorkers", "workerType and numberOfWorkers are set together.");
      if (capacity !== undefined && (worker !== undefined || workers !== undefined)) report("maxCapacity", "cannot be set with workerType and numberOfWorkers.");
      if (typeof workers === "number" && (command === "glueetl" || command === "gluestreaming") && workers < 2) report("numberOfWorkers", `${workers}; a Spark job needs at least 2 workers (a driver and an executor).`);
      if (worker === "G.025X") {
        if (command !== "gluestreaming") report("workerType", "G.025X is for streaming jobs (command gluestreaming) only.");
        if (glue !== undefined && glue < 3) report("workerType", `G.025X needs Glue 3.0 or later; glueVersion is ${version}.`);
      }
      if ((worker === "G.4X" || worker === "G.8X") && glue !== undefined && glue < 3) report("workerType", `${worker} needs Glue 3.0 or later; glueVersion is ${version}.`);
      if (worker === "Z.2X" && command !== "glueray") report("workerType", "Z.2X is for Ray jobs (command glueray) only.");
      if (command === "glueray" && worker !== undefined && worker !== "Z.2X") report("workerType", `${worker}; Ray jobs run on Z.2X workers.`);
      if (command === "gluestreaming" && glue !== undefined && glue < 2) report("glueVersion", `${version}; streaming ETL needs Glue 2.0 or later.`);
    },
  ],
});

/** A Glue schedule: cron(...) with six fields (minutes, hours, day of month, month, day of week, year). */
function cronSchedule(path: string): ResourceCheck {
  return (resource, report) => {
    const schedule = stringAt(resource.props, path);
    if (typeof schedule !== "string") return;
    const fields = /^cron\((.*)\)$/.exec(schedule.trim())?.[1]?.trim().split(/\s+/);
    if (!fields || fields.length !== 6) report(path, `${JSON.stringify(schedule)}; Glue takes cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>).`);
  };
}

/**
 * CreateTrigger's rules: trigger types, a cron(...) schedule with six fields for SCHEDULED
 * triggers, and no start on creation for ON_DEMAND triggers.
 */
export const glueTriggerLimits = resourceRule({
  name: "glue-trigger-limits",
  description: "Glue triggers must use a type and schedule CreateTrigger accepts: SCHEDULED triggers need a six-field cron() schedule; ON_DEMAND triggers cannot start on creation.",
  document: "https://docs.aws.amazon.com/glue/latest/dg/monitor-data-warehouse-schedule.html",
  remediation: "Give SCHEDULED triggers a schedule like cron(15 * * * ? *) and leave startOnCreation off for ON_DEMAND triggers.",
  types: ["aws:glue/trigger:Trigger"],
  checks: [
    physicalName({ path: "name", min: 1, max: 255, autonamed: true }),
    oneOf("type", ["SCHEDULED", "CONDITIONAL", "ON_DEMAND", "EVENT"]),
    cronSchedule("schedule"),
    (resource, report) => {
      const type = stringAt(resource.props, "type");
      const schedule = stringAt(resource.props, "schedule");
      if (typeof type === "symbol" || typeof schedule === "symbol") return;
      if (type === "SCHEDULED" && schedule === undefined) report("schedule", "unset; a SCHEDULED trigger needs a cron() schedule.");
      if (type === "ON_DEMAND" && valueAt(resource.props, "startOnCreation") === true) report("startOnCreation", "ON_DEMAND triggers cannot start on creation.");
    },
  ],
});

/** CreateCrawler's rules: names of 1–255 characters and a six-field cron() schedule. */
export const glueCrawlerLimits = resourceRule({
  name: "glue-crawler-limits",
  description: "Glue crawlers must have a name of 1-255 characters and a six-field cron() schedule.",
  document: "https://docs.aws.amazon.com/glue/latest/webapi/API_CreateCrawler.html",
  remediation: "Give the crawler a schedule like cron(10 * * * ? *).",
  types: ["aws:glue/crawler:Crawler"],
  checks: [physicalName({ path: "name", min: 1, max: 255, autonamed: true }), cronSchedule("schedule"), lengthBetween("description", 0, 2048)],
});

/** Catalog database and table names: 1–255 characters. */
export const glueCatalogNames = resourceRule({
  name: "glue-catalog-names",
  description: "Glue Data Catalog database and table names must have 1-255 characters.",
  document: "https://docs.aws.amazon.com/glue/latest/webapi/API_CreateTable.html",
  remediation: "Shorten the database or table name.",
  types: ["aws:glue/catalogDatabase:CatalogDatabase", "aws:glue/catalogTable:CatalogTable"],
  checks: [lengthBetween("name", 1, 255), lengthBetween("databaseName", 1, 255)],
});
