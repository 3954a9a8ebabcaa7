// Thread entry for the warm-plan target: the same start as the service's plan threads
// (api/plans/plan-worker.js — no stack capture, no source maps), so a plan and its bare
// program run on equal terms in one thread, one after the other.
if (process.env.SLIPSTREAM_PLAN_STACKS !== "1") Error.stackTraceLimit = 0;
require("../../api/startup/defer-typescript.js").deferTypeScript();
require("tsx/cjs");
if (process.env.SLIPSTREAM_PLAN_STACKS !== "1") process.setSourceMapsEnabled(false);
const { performance } = require("node:perf_hooks");
const { runPlanTask } = require("../../api/plans/plan-task.ts");
const { registerBare } = require("./bare-program.ts");

module.exports = async function planOrBare({ mode, input, plan }) {
  const started = performance.now();
  if (mode === "bare") {
    const resources = await registerBare(plan);
    return { elapsedMs: performance.now() - started, resources };
  }
  const result = await runPlanTask(input);
  if (!result.ok) throw new Error(`${input.blueprint}: ${result.message}`);
  return { elapsedMs: performance.now() - started, resources: result.plan.resources.length, plan: result.plan };
};
