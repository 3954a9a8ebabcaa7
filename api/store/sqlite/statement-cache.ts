import type Database from "better-sqlite3";

/**
 * Reuses prepared statements: `db.prepare(sql)` answers the statement it prepared for the
 * same text before. Preparing parses and plans the SQL every time; on the hot paths (every
 * request reads a token, every acknowledgement writes an operation) that was a third of the
 * store's time. Statements are used to completion within one synchronous call (no
 * `iterate()`, no mode switches like `pluck()`), so one instance serves every caller. The SQL
 * texts are the code's own — a few per filter combination — and the cache is bounded anyway.
 */
export function cachePreparedStatements(db: Database.Database, capacity = 512): void {
  const prepare = db.prepare.bind(db);
  const statements = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = prepare(sql);
      statements.set(sql, statement);
      if (statements.size > capacity) statements.delete(statements.keys().next().value!);
    }
    return statement;
  }) as typeof db.prepare;
}
