import js from "@eslint/js";
import tseslint from "typescript-eslint";

/**
 * The service's layers: routes talk to services, services to the store, the engine, the
 * operation worker and the planner, and nothing imports upward; the domain (rules and
 * records) imports none of them. An import of a folder of api/ from below api/, at any
 * depth of `../` (a folder's own files are never reached that way, so they never match).
 * Type-only imports count too: a route that may name the Store's type is a route that can
 * be handed one.
 */
function layers(forbidden, why) {
  return [
    "error",
    {
      patterns: [
        {
          regex: `^(\\.\\./)+(api/)?(${forbidden.join("|")})(/.*)?$`,
          caseSensitive: true,
          allowTypeImports: false,
          message: why,
        },
      ],
    },
  ];
}

export default tseslint.config(
  { ignores: ["node_modules/**", "**/node_modules/**", "**/*.d.ts", ".data/**", "dist/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-require-imports": "off",
      "prefer-const": "error",
      eqeqeq: ["error", "smart"],
    },
  },
  {
    files: ["api/http/routes/**"],
    rules: { "no-restricted-imports": layers(["store", "engine", "operations", "plans"], "Routes talk only to services (api/service): what a route needs from the store, the engine, the worker or the planner is a service's to offer.") },
  },
  {
    files: ["api/service/**"],
    rules: { "no-restricted-imports": layers(["http"], "Services are below HTTP: they take and return domain values, and the routes translate.") },
  },
  {
    files: ["api/store/**", "api/engine/**", "api/operations/**", "api/plans/**"],
    rules: { "no-restricted-imports": layers(["http", "service"], "The store, the engine, the worker and the planner are below the services: they import neither services nor HTTP.") },
  },
  {
    files: ["api/domain/**"],
    rules: {
      "no-restricted-imports": layers(["http", "service", "store", "engine", "operations", "plans", "jobs", "webhooks", "schedules"], "The domain is rules and records every layer shares: it imports none of them."),
    },
  },
  {
    files: ["**/*.js", "**/*.cjs", "**/*.mjs"],
    languageOptions: { globals: { require: "readonly", module: "writable", process: "readonly", console: "readonly", __dirname: "readonly" } },
  },
);
