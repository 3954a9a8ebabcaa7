// Defers loading the TypeScript compiler until something reads from it.
//
// @pulumi/pulumi requires TypeScript as it loads (runtime/closure/parseFunction.js), for one
// feature: serialising JavaScript closures into function code (aws.lambda.CallbackFunction
// and the like). Slipstream never serialises a closure — its Lambda code is bundled with
// esbuild — yet every process and plan thread that loaded the SDK paid for reading and
// compiling the whole compiler: ~0.4 s of start and ~40 MiB each, measured on this project's
// machine. Installed before the SDK is first loaded, this puts a stand-in module in
// TypeScript's place in the require cache; the first property read from it loads the real
// compiler, which every later `require("typescript")` then gets directly. Plain JavaScript:
// it runs before any TypeScript loader is registered.
"use strict";
const Module = require("node:module");

/** Keys that loaders and bundlers' interop helpers look up on a module's exports. */
const INTEROP_KEYS = new Set(["module.exports", "__esModule", "default", Symbol.toStringTag, "then"]);

function deferTypeScript(from = module) {
  let file;
  try {
    file = require.resolve("typescript", { paths: [from.path ?? __dirname] });
  } catch {
    return false; // not installed: nothing to defer
  }
  if (require.cache[file]) return false; // already loaded by someone: nothing to save
  let compiler;
  const load = () => {
    if (compiler === undefined) {
      delete require.cache[file];
      compiler = require(file);
    }
    return compiler;
  };
  // Module loaders probe every module's exports for these interop keys as they load it (tsx
  // asks for "module.exports"); TypeScript's exports have none of them, so the stand-in
  // answers for itself rather than load the compiler to say so.
  const absent = (key) => compiler === undefined && INTEROP_KEYS.has(key);
  const deferred = new Proxy(
    {},
    {
      get: (_target, key) => (absent(key) ? undefined : load()[key]),
      has: (_target, key) => !absent(key) && key in load(),
      ownKeys: () => Reflect.ownKeys(load()),
      getOwnPropertyDescriptor: (_target, key) => {
        if (absent(key)) return undefined;
        const descriptor = Object.getOwnPropertyDescriptor(load(), key);
        // A proxy may not report a property its (empty) target lacks as non-configurable.
        return descriptor && { ...descriptor, configurable: true };
      },
    },
  );
  const entry = new Module(file, from);
  entry.filename = file;
  entry.loaded = true;
  entry.exports = deferred;
  require.cache[file] = entry;
  return true;
}

module.exports = { deferTypeScript };
