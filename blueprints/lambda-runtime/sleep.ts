/** A real timer; handlers take `sleep` as a dependency so tests run without waiting. */
export const sleep = (milliseconds: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, milliseconds));
