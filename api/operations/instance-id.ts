import { randomBytes } from "node:crypto";
import * as os from "node:os";

/**
 * This process's id as the owner of operation leases: host and pid say where to look, the
 * random part keeps a restarted process (same host, reused pid) from owning its
 * predecessor's leases.
 */
export const PROCESS_INSTANCE_ID = `${os.hostname()}/${process.pid}/${randomBytes(4).toString("hex")}`;
