/** The commands that run in the CLI's own process, without the service. */
export const OFFLINE_COMMANDS = ["plan", "check", "serve", "token"] as const;
export type OfflineCommandName = (typeof OFFLINE_COMMANDS)[number];
