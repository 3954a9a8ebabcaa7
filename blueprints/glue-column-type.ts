import { z } from "zod";
import { publish } from "./json-schema/published-rules";

// A Glue Data Catalog column type in Hive DDL (Glue developer guide, "Data types" of the Data
// Catalog API; Athena user guide, "Data types in Amazon Athena"): a primitive, or array<T>,
// map<K,V> with a primitive key, or struct<name:T,...>, nested to any depth. DECIMAL takes a
// precision of 1-38 and a scale of 0 to the precision. The primitives are those the pipeline's
// Glue job and Flink application read (flink/aggregates.py, GLUE_TO_FLINK).

const PRIMITIVES = ["string", "int", "bigint", "double", "float", "boolean", "timestamp", "date"];
const FIELD_NAME = /^[a-z_][a-z0-9_]{0,254}$/;

class TypeReader {
  private at = 0;
  constructor(private readonly text: string) {}

  /** Why the whole text is not one type, or undefined. */
  problem(): string | undefined {
    const problem = this.type();
    if (problem !== undefined) return problem;
    return this.at === this.text.length ? undefined : `unexpected ${JSON.stringify(this.text.slice(this.at))}`;
  }

  private type(primitiveOnly = false): string | undefined {
    const word = /^[a-z]+/.exec(this.text.slice(this.at))?.[0] ?? "";
    this.at += word.length;
    if (PRIMITIVES.includes(word)) return undefined;
    if (word === "decimal") return this.decimal();
    if (primitiveOnly) return `a map key is a primitive type, not ${JSON.stringify(word)}`;
    if (word === "array") return this.expect("<") ?? this.type() ?? this.expect(">");
    if (word === "map") return this.expect("<") ?? this.type(true) ?? this.expect(",") ?? this.type() ?? this.expect(">");
    if (word === "struct") return this.struct();
    return `unknown type ${JSON.stringify(word || this.text.slice(this.at))}`;
  }

  private decimal(): string | undefined {
    const match = /^\((\d+),(\d+)\)/.exec(this.text.slice(this.at));
    if (!match) return "decimal takes (precision,scale)";
    this.at += match[0].length;
    const [precision, scale] = [Number(match[1]), Number(match[2])];
    if (precision < 1 || precision > 38) return `decimal precision ${precision}; it is 1-38`;
    if (scale > precision) return `decimal scale ${scale} is above its precision ${precision}`;
    return undefined;
  }

  private struct(): string | undefined {
    const open = this.expect("<");
    if (open !== undefined) return open;
    const names = new Set<string>();
    for (;;) {
      const name = /^[^:<>,]*/.exec(this.text.slice(this.at))![0];
      if (!FIELD_NAME.test(name)) return `struct field ${JSON.stringify(name)} is not a lowercase name`;
      if (names.has(name)) return `struct field ${name} repeats`;
      names.add(name);
      this.at += name.length;
      const problem = this.expect(":") ?? this.type();
      if (problem !== undefined) return problem;
      if (this.text[this.at] === ">") {
        this.at++;
        return undefined;
      }
      const comma = this.expect(",");
      if (comma !== undefined) return comma;
    }
  }

  private expect(token: string): string | undefined {
    if (this.text[this.at] !== token) return `expected ${token} at ${JSON.stringify(this.text.slice(this.at)) || "the end"}`;
    this.at++;
    return undefined;
  }
}

/** Why Glue (and the readers of the table) would not take `type` as a column type, or undefined. */
export function glueColumnTypeProblem(type: string): string | undefined {
  return new TypeReader(type).problem();
}

export const glueColumnType = z
  .string()
  .regex(/^(?:string|int|bigint|double|float|boolean|timestamp|date|decimal\(\d{1,2},\d{1,2}\)|(?:array|map|struct)<[a-z0-9_<>,:()]+>)$/, "a Glue/Hive column type")
  .superRefine((type, ctx) => {
    const problem = glueColumnTypeProblem(type);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: `not a Glue column type: ${problem}` });
  })
  // Nesting is unbounded, which no regular expression follows.
  .apply(publish, { serverChecks: "that the type parses as a whole: balanced brackets, primitive map keys, decimal precision 1-38 and scale at most the precision, distinct lowercase struct field names" });
