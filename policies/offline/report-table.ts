import type { CheckReport } from "./evaluate";

const describe = (resource: { type: string; name: string } | null) => (resource ? `${resource.name} (${resource.type})` : "(stack)");

/** A check report for people: violations, then what did not apply, then the verdict. */
export function formatReportTable(report: CheckReport): string {
  const lines: string[] = [];
  if (report.violations.length > 0) {
    const width = Math.max(...report.violations.map((v) => v.policy.length));
    lines.push("VIOLATIONS");
    for (const v of report.violations) {
      lines.push(`  ${v.enforcementLevel.toUpperCase().padEnd(9)}  ${v.policy.padEnd(width)}  ${describe(v.resource)}`);
      lines.push(`  ${" ".repeat(9)}  ${" ".repeat(width)}  ${v.message}  [${v.controls.join(", ")}]`);
    }
    lines.push("");
  }
  if (report.notApplicable.length > 0) {
    lines.push("NOT APPLICABLE");
    for (const n of report.notApplicable) lines.push(`  ${n.policy}  ${describe(n.resource)}: ${n.reason}`);
    lines.push("");
  }
  const mandatory = report.violations.filter((v) => v.enforcementLevel === "mandatory").length;
  const advisory = report.violations.length - mandatory;
  lines.push(
    `${report.passed ? "PASSED" : "FAILED"}: ${mandatory} mandatory and ${advisory} advisory violation${advisory === 1 ? "" : "s"}; ` +
      `${report.evaluated.policies} policies on ${report.evaluated.resources} resources`,
  );
  return lines.join("\n");
}
