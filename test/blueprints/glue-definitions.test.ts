import { describe, expect, it } from "vitest";
import { glueColumnType, glueColumnTypeProblem } from "../../blueprints/glue-column-type";
import { glueCronSchedule, shortestGapMinutes } from "../../blueprints/glue-schedule";

describe("Glue cron schedules", () => {
  it("takes the expressions Glue's schedule guide shows", () => {
    for (const schedule of ["cron(15 12 * * ? *)", "cron(0 18 ? * MON-FRI *)", "cron(0 8 1 * ? *)", "cron(0/15 * * * ? *)", "cron(0/10 * ? * MON-FRI *)", "cron(0 0 L * ? *)", "cron(0 0 3W * ? 2030)", "cron(0 0 ? * 6L *)"]) {
      expect(glueCronSchedule.safeParse(schedule).success, schedule).toBe(true);
    }
  });

  it("refuses what Glue refuses: other syntax, both day fields set, no rate(), values out of range", () => {
    for (const schedule of ["cron(#[m~TA)", "cron(l=)", "cron(0 10 * * * *)", "cron(0 10 ? * ? *)", "cron(0 10 * * ?)", "rate(5 minutes)", "cron(60 * * * ? *)", "cron(0 24 * * ? *)", "cron(0 0 32 * ? *)", "cron(0 0 ? * 8 *)", "cron(0 0 * * ? 2200)"]) {
      expect(glueCronSchedule.safeParse(schedule).success, schedule).toBe(false);
    }
  });

  it("refuses schedules that run more often than every 5 minutes, across the hour too", () => {
    expect(shortestGapMinutes("cron(0/5 * * * ? *)")).toBe(5);
    expect(shortestGapMinutes("cron(58,1 * * * ? *)")).toBe(3);
    expect(shortestGapMinutes("cron(58,1 9 * * ? *)")).toBe(57);
    const issue = glueCronSchedule.safeParse("cron(* * * * ? *)").error?.issues[0]?.message;
    expect(issue).toMatch(/1 minute apart; Glue schedules run at most every 5 minutes/);
  });
});

describe("Glue column types", () => {
  it("takes primitives and nested array, map and struct types", () => {
    for (const type of ["string", "decimal(38,10)", "array<string>", "map<string,array<struct<a:int,b:decimal(5,2)>>>", "struct<x:map<int,string>,y:date>"]) {
      expect(glueColumnTypeProblem(type), type).toBeUndefined();
      expect(glueColumnType.safeParse(type).success, type).toBe(true);
    }
  });

  it("refuses what no reader of the table takes, saying why", () => {
    expect(glueColumnTypeProblem("decimal(2951175,4116708697)")).toMatch(/precision 2951175/);
    expect(glueColumnTypeProblem("decimal(5,7)")).toMatch(/scale 7 is above its precision 5/);
    expect(glueColumnTypeProblem("array<>")).toMatch(/unknown type/);
    expect(glueColumnTypeProblem("map<array<int>,string>")).toMatch(/map key is a primitive/);
    expect(glueColumnTypeProblem("struct<a:int,a:string>")).toMatch(/repeats/);
    expect(glueColumnTypeProblem("array<int>>")).toMatch(/unexpected/);
    expect(glueColumnType.safeParse("array<\u0001>").success).toBe(false);
  });
});
