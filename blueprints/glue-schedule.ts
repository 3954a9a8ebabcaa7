import { z } from "zod";
import { publish } from "./json-schema/published-rules";

// A Glue trigger's or crawler's schedule as AWS Glue takes it (Glue developer guide, "Time-based
// schedules for jobs and crawlers"): cron(Minutes Hours Day-of-month Month Day-of-week Year) in
// UTC, each field a value, a range, a list or an increment from its own values, and
//   - "You can't specify the Day-of-month and Day-of-week fields in the same cron expression.
//     If you specify a value in one of the fields, you must use a ? (question mark) in the other."
//   - "Cron expressions that lead to rates faster than 5 minutes are not supported."
// Glue takes no rate(...) expressions. The syntax is the published pattern; the 5-minute rule
// is a refinement.

const MONTHS = "JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC";
const DAYS = "SUN|MON|TUE|WED|THU|FRI|SAT";

/** One field's values; `extra` adds what only that field takes (? L W). */
function field(value: string, extra: string[] = []): string {
  const step = "/[1-9]\\d{0,3}";
  const item = `(?:\\*(?:${step})?|(?:${value})(?:-(?:${value}))?(?:${step})?)`;
  return `(?:${[...extra, `${item}(?:,${item})*`].join("|")})`;
}

const MINUTES = field("[1-5]?\\d");
const HOURS = field("1?\\d|2[0-3]");
const DAY_OF_MONTH = field("[1-9]|[12]\\d|3[01]", ["L", "LW", "(?:[1-9]|[12]\\d|3[01])W"]);
const MONTH = field(`1[0-2]|[1-9]|${MONTHS}`);
const DAY_OF_WEEK = field(`[1-7]|${DAYS}`, ["L", "[1-7]L"]);
const YEAR = field("19[7-9]\\d|2[01]\\d\\d");

// Exactly one of Day-of-month and Day-of-week is "?".
const CRON = new RegExp(`^cron\\(${MINUTES} ${HOURS} (?:${DAY_OF_MONTH} ${MONTH} \\?|\\? ${MONTH} ${DAY_OF_WEEK}) ${YEAR}\\)$`);

/** The values of a minutes or hours field that fire (0..max), or undefined for a form this check does not expand. */
function firing(spec: string, max: number): number[] | undefined {
  const values = new Set<number>();
  for (const item of spec.split(",")) {
    const [range, step] = item.split("/") as [string, string | undefined];
    const [from, to] = range === "*" ? [0, max] : (range.split("-").map(Number) as [number, number | undefined]);
    if (Number.isNaN(from) || (to !== undefined && Number.isNaN(to))) return undefined;
    // A single value with an increment runs from it to the field's end (1/10: 1, 11, 21, ...).
    const last = to ?? (step !== undefined ? max : from);
    for (let v = from; v <= last; v += Number(step ?? 1)) values.add(v);
  }
  return [...values].sort((a, b) => a - b);
}

/**
 * The shortest time between two runs of a schedule, in minutes, as far as its minutes and hours
 * fields decide it (runs in consecutive hours count; days and months only spread them out).
 */
export function shortestGapMinutes(schedule: string): number | undefined {
  const fields = /^cron\((.*)\)$/.exec(schedule)?.[1]?.split(" ");
  if (fields === undefined) return undefined;
  const minutes = firing(fields[0]!, 59);
  const hours = firing(fields[1]!, 23);
  if (minutes === undefined || hours === undefined || minutes.length === 0) return undefined;
  let gap = Infinity;
  for (let i = 1; i < minutes.length; i++) gap = Math.min(gap, minutes[i]! - minutes[i - 1]!);
  // The last run of an hour and the first of the next, when both hours run.
  const consecutiveHours = hours.some((h) => hours.includes((h + 1) % 24));
  if (consecutiveHours) gap = Math.min(gap, 60 - minutes.at(-1)! + minutes[0]!);
  return gap;
}

const GLUE_MIN_INTERVAL_MINUTES = 5;

/** A Glue cron(...) schedule: its syntax, one of the day fields "?", and runs at least 5 minutes apart. */
export const glueCronSchedule = z
  .string()
  .regex(CRON, "a Glue cron(Minutes Hours Day-of-month Month Day-of-week Year) expression, with ? in one of the day fields")
  .superRefine((schedule, ctx) => {
    if (!CRON.test(schedule)) return;
    const gap = shortestGapMinutes(schedule);
    if (gap !== undefined && gap < GLUE_MIN_INTERVAL_MINUTES) {
      ctx.addIssue({ code: "custom", message: `runs ${gap} minute${gap === 1 ? "" : "s"} apart; Glue schedules run at most every ${GLUE_MIN_INTERVAL_MINUTES} minutes` });
    }
  })
  .apply(publish, { serverChecks: `that runs are at least ${GLUE_MIN_INTERVAL_MINUTES} minutes apart (Glue's shortest interval)` });

/**
 * How many times a day a schedule runs, when it runs every day (Day-of-month and Day-of-week
 * "*" or "?", every month and year); undefined for a schedule this does not expand.
 */
export function runsPerDay(schedule: string): number | undefined {
  const fields = /^cron\((.*)\)$/.exec(schedule)?.[1]?.split(" ");
  if (fields?.length !== 6) return undefined;
  const [minuteSpec, hourSpec, dayOfMonth, month, dayOfWeek, year] = fields as [string, string, string, string, string, string];
  const everyDay = (d: string) => d === "*" || d === "?";
  if (!everyDay(dayOfMonth) || !everyDay(dayOfWeek) || month !== "*" || year !== "*") return undefined;
  const minutes = firing(minuteSpec, 59);
  const hours = firing(hourSpec, 23);
  return minutes === undefined || hours === undefined ? undefined : minutes.length * hours.length;
}
