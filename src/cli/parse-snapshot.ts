/**
 * Entry of the V8 startup snapshot `kemits parse` starts from (bin/kemits; made by
 * scripts/build.mjs with `node --build-snapshot`). While the snapshot is made, one parse of
 * $KEMITS_SNAPSHOT_SAMPLE runs, so the heap it saves holds Chevrotain's analysed grammar, the
 * lookahead functions that parse built and the code it compiled; a run then only deserializes
 * them and parses. The parser is reused across parses anyway (`cfgParser()`), so nothing of the
 * sample's parse leaks into a run but warmed-up code.
 */
import { startupSnapshot } from "node:v8";
import { parseCommand } from "./commands/parse.js";
import { execute } from "./execute.js";

const sample = process.env.KEMITS_SNAPSHOT_SAMPLE;
// parseCommand does all its work before its first await: the sample is parsed right here.
if (sample) void parseCommand([sample]);

startupSnapshot.setDeserializeMainFunction(() => {
  // Started as `node --snapshot-blob BLOB -- ARGS...`: the arguments follow node's path.
  void execute(parseCommand, process.argv.slice(1)).then((code) => {
    process.exitCode = code;
  });
});
