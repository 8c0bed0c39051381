// The part of sql.js (SQLite compiled to WebAssembly, MIT) that the SQLite reader uses. Its
// browser build has no Node-only code and runs in every host once it is handed the wasm bytes;
// @types/sql.js would pull Node's typings into the core.
declare module 'sql.js/dist/sql-wasm-browser.js' {
  type SqlValue = number | string | Uint8Array | null;
  interface Statement {
    bind(values?: SqlValue[]): boolean;
    step(): boolean;
    get(): SqlValue[];
    free(): boolean;
  }
  interface Database {
    prepare(sql: string, params?: SqlValue[]): Statement;
    run(sql: string, params?: SqlValue[]): Database;
    close(): void;
  }
  interface SqlJsStatic {
    Database: new (data?: Uint8Array) => Database;
  }
  interface InitOptions {
    wasmBinary?: ArrayBuffer | Uint8Array;
  }
  function initSqlJs(options?: InitOptions): Promise<SqlJsStatic>;
  export default initSqlJs;
  export type { Database, Statement, SqlJsStatic, SqlValue };
}
