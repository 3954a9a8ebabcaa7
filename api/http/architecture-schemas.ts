import { z } from "@hono/zod-openapi";

/** The plan's architecture as the console draws it (blueprints/diagram/architecture-graph.ts). */
export const ArchitectureGraphSchema = z
  .object({
    groups: z.array(z.object({ id: z.string(), label: z.string(), parent: z.string().optional() })).openapi({ description: "The blueprint's components; `parent` nests one in another" }),
    nodes: z
      .array(
        z.object({
          id: z.string().openapi({ description: "The resource's URN" }),
          label: z.string(),
          type: z.string(),
          service: z.string().openapi({ description: "AWS service, e.g. kinesis, lambda, firehose" }),
          group: z.string().nullable().openapi({ description: "URN of the component that owns the resource" }),
          plumbing: z.boolean().openapi({ description: "IAM, KMS, logs, bucket settings: drawn lighter and without edges" }),
        }),
      )
      .openapi({ description: "Every cloud resource of the plan, once" }),
    edges: z.array(z.object({ from: z.string(), to: z.string(), label: z.string().optional() })).openapi({ description: "Data flow between nodes, read from the plan's references" }),
  })
  .openapi("ArchitectureGraph");

/** The plan's monthly cost at on-demand list prices (blueprints/pricing/estimate-monthly-cost.ts). */
export const CostEstimateSchema = z
  .object({
    currency: z.literal("USD"),
    region: z.string(),
    priceDate: z.string().openapi({ description: "The date the offline price table was read" }),
    monthlyTotal: z.number().openapi({ description: "Sum of `lines`; what is under `notPriced` is not in it" }),
    lines: z.array(
      z.object({
        urn: z.string(),
        type: z.string(),
        name: z.string(),
        item: z.string(),
        quantity: z.number(),
        unit: z.string(),
        unitPrice: z.number(),
        monthly: z.number(),
        assumption: z.string().openapi({ description: "The usage the quantity assumes" }),
        source: z.string().openapi({ description: "The AWS pricing page of the unit price and when it was read" }),
      }),
    ),
    notPriced: z.array(z.object({ urn: z.string(), type: z.string(), reason: z.string() })).openapi({ description: "Billable items left out of the total, and why" }),
  })
  .openapi("CostEstimate");
