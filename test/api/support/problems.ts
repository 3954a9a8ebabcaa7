import { expect } from "vitest";

export interface ProblemBody {
  status: number;
  title: string;
  detail?: string;
  errors?: { field: string; message: string }[];
}

/** Asserts a response is a problem document with this status; its body, and its raw text. */
export async function expectProblem(res: Response, status: number): Promise<ProblemBody & { text: string }> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const text = await res.text();
  const body = JSON.parse(text) as ProblemBody;
  expect(body.status).toBe(status);
  return { ...body, text };
}

/** The fields a problem names. */
export const fieldsOf = (problem: ProblemBody): string[] => (problem.errors ?? []).map((e) => e.field);
