// Entry of a plan worker thread. Worker threads start without the parent's TypeScript
// loader, so this registers tsx and hands Piscina the task function.
//
// Pulumi's SDK captures a stack trace for every resource and output it creates, and under
// tsx each capture is mapped through source maps: about half of a plan's time went there.
// Plans need neither (their errors are validation results, not stack traces), so the thread
// captures none and maps none. SLIPSTREAM_PLAN_STACKS=1 brings both back to debug a plan.
if (process.env.SLIPSTREAM_PLAN_STACKS !== "1") Error.stackTraceLimit = 0;
// Each thread loads Pulumi's SDK anew, and with it the TypeScript compiler, which a plan never
// uses: deferred until read (~0.4 s and ~40 MiB a thread).
require("../startup/defer-typescript.js").deferTypeScript();
require("tsx/cjs");
if (process.env.SLIPSTREAM_PLAN_STACKS !== "1") process.setSourceMapsEnabled(false);
module.exports = require("./plan-task.ts").runPlanTask;
