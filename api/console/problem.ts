/** An RFC 9457 problem document, as every error response of the API carries. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  requestId?: string;
  errors?: { field: string; message: string }[];
  report?: unknown;
}

/** A refused request: its status and the server's problem details. */
export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
  }

  get status(): number {
    return this.problem.status;
  }

  /** The field errors by field path (`params.stream.retentionHours`), in the server's order. */
  fieldErrors(): Map<string, string[]> {
    const byField = new Map<string, string[]>();
    for (const { field, message } of this.problem.errors ?? []) byField.set(field, [...(byField.get(field) ?? []), message]);
    return byField;
  }
}

/** What a failed call says to a person: the problem's title and detail, or the network error. */
export function describeError(error: unknown): string {
  if (error instanceof ApiProblem) return error.message;
  return error instanceof Error ? error.message : String(error);
}
