import { spawnSync } from "node:child_process";

/**
 * Asks glibc's own regcomp/regexec (through python3's ctypes) whether each POSIX ERE matches:
 * the oracle for our ERE → JavaScript conversion, since Kamailio compiles its regexes with glibc.
 * Returns true (match), false (no match) or "error" (regcomp refused the pattern).
 */
export function glibcMatches(cases: readonly { re: string; subject: string; icase: boolean }[]): (boolean | "error")[] {
  const script = `
import ctypes, json, sys
libc = ctypes.CDLL("libc.so.6")
buf = ctypes.create_string_buffer(1024)
out = []
for c in json.load(sys.stdin):
    if libc.regcomp(buf, c["re"].encode(), 1 | (2 if c["icase"] else 0) | 8):
        out.append("error")
        continue
    out.append(libc.regexec(buf, c["subject"].encode(), 0, None, 0) == 0)
    libc.regfree(buf)
print(json.dumps(out))
`;
  const r = spawnSync("python3", ["-c", script], { input: JSON.stringify(cases), encoding: "utf8" });
  if (r.status !== 0) throw new Error(`python3 with ctypes is needed for the glibc regex oracle: ${r.stderr}`);
  return JSON.parse(r.stdout) as (boolean | "error")[];
}
