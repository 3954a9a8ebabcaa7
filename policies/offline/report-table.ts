import type { CheckReport } from "./evaluate";

const describe = (resource: { type: string; name: string } | null) => (resource ? `${resource.name} (${resource.type})` : "(stack)");

// The longest category name, "deployability".
const CATEGORY_WIDTH = 13;

/**
 * A check report for people: violations (level, category, policy, resource; then the field and
 * message with the controls or the AWS document), then what did not apply, then the verdict.
 */
export function formatReportTable(report: CheckReport): string {
  const lines: string[] = [];
  if (report.violations.length > 0) {
    const width = Math.max(...report.violations.map((v) => v.policy.length));
    const indent = `  ${" ".repeat(9)}  ${" ".repeat(CATEGORY_WIDTH)}  ${" ".repeat(width)}  `;
    lines.push("VIOLATIONS");
    for (const v of report.violations) {
      lines.push(`  ${v.enforcementLevel.toUpperCase().padEnd(9)}  ${v.category.padEnd(CATEGORY_WIDTH)}  ${v.policy.padEnd(width)}  ${describe(v.resource)}`);
      const source = v.controls.length > 0 ? `  [${v.controls.join(", ")}]` : "";
      lines.push(`${indent}${v.field !== undefined ? `${v.field}: ` : ""}${v.message}${source}`);
      if (v.document !== undefined) lines.push(`${indent}see ${v.document}`);
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
