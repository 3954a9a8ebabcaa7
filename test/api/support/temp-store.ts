import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SqliteStore } from "../../../api/store/sqlite-store";

/** A SQLite store in a fresh folder, and how to throw both away. */
export function tempStore(): { store: SqliteStore; file: string; close(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-store-"));
  const file = path.join(dir, "s.db");
  const store = new SqliteStore(file);
  return {
    store,
    file,
    close() {
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
