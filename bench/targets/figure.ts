import * as os from "node:os";

/** One row of the target table, as measured in this run. */
export interface Figure {
  figure: string;
  measured: string;
  target: string;
  met: boolean | undefined;
  /** The 1-minute load average when the figure was taken: the machine is shared. */
  load: number;
  detail?: string;
}

export const load = () => os.loadavg()[0]!;

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export const ratio = (value: number) => `${value.toFixed(2)}×`;
