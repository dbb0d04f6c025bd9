// The text `kemits --help` prints, and usage errors end with.
export const USAGE = `kemits: compile native Kamailio configuration to KEMI TypeScript, and run it

Usage:
  kemits parse FILE [-D NAME[=VALUE]]... [--ast]   check a cfg's syntax; --ast prints its AST as JSON
  kemits fmt FILE [-D ...]                         print the cfg in canonical layout
  kemits run FILE.cfg|FILE.ts [-D ...] [-l proto:addr:port]... [--watch]   serve SIP with the routing (SIGHUP or --watch reloads it)
  kemits compile FILE [-D ...] [-o OUT.ts]         translate the cfg to a KEMI TypeScript module
  kemits compile FILE [-D ...] --target kamailio -o DIR [--script-path P]
                                                   write DIR/kamailio.cfg + DIR/kamailio.js for Kamailio's app_jsdt
  kemits check FILE [-D ...] [--target ts|kamailio] [--format text|json|github|sarif] [--strict]
                                                   parse, analyse and translate without writing (for CI);
                                                   exit 0 clean, 1 errors, 2 warnings under --strict
  kemits --version | --help

Options:
  -D, -A NAME[=VALUE]   define NAME (as kamailio -A does), with an optional value
  --debug               show internal stack traces (for bug reports)

Exit codes: 0 ok, 1 errors in the input, 2 usage error, 3 internal failure.
`;
