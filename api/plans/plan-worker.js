// Entry of a plan worker thread. Worker threads start without the parent's TypeScript
// loader, so this registers tsx and hands Piscina the task function.
require("tsx/cjs");
module.exports = require("./plan-task.ts").runPlanTask;
