import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SqliteStore } from "../../api/store/sqlite/sqlite-store";
import { storeContract } from "./contract";

storeContract("SQLite", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-contract-"));
  const store = new SqliteStore(path.join(dir, "s.db"));
  return {
    store,
    async dispose() {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
