import { describe, expect, it } from "vitest";
import { PosixRegexError, compilePosix } from "../../src/regex/posix.js";
import { glibcMatches } from "../support/glibc-regex.js";

// Patterns as configs write them; subjects chosen to separate right from wrong conversions.
const PATTERNS = [
  "^(\\+|00)[1-9][0-9]{3,20}$",
  "friendly|scanner|sipcli|sipvicious|VaxSIPUserAgent|pplsip",
  "^[[:digit:]]+$",
  "[[:alpha:]][[:alnum:]_]*",
  "[[:space:]]",
  "[]a]",
  "[^]a]",
  "[a\\]",
  "\\d",
  "\\D",
  "\\.",
  "\\w+@\\w+",
  "\\bfoo\\b",
  "\\<bar",
  "a{2}",
  "a{,3}b",
  "a{,}b",
  "a{}",
  "^sip:.*@example\\.com$",
  "3[0-9][0-9]",
  "401|407",
  "a.b",
  "(ab)+\\1",
  "x{",
];
const SUBJECTS = ["+49301234", "0049301234", "alice", "12345", "D", "d", "dd", "a.b", "a\nb", "foo bar", "xbar", "aa", "aab", "b",
  "sip:bob@example.com", "SIP:BOB@EXAMPLE.COM", "404", "407", "ababab", "]", "\\", "x{", "friendly-scanner", "a b"];

describe("POSIX ERE conversion agrees with glibc", () => {
  for (const icase of [false, true]) {
    it(`every pattern on every subject, ${icase ? "REG_ICASE (=~)" : "case-sensitive (switch)"}`, () => {
      const cases = PATTERNS.flatMap((re) => SUBJECTS.map((subject) => ({ re, subject, icase })));
      const expected = glibcMatches(cases);
      const ours = cases.map(({ re, subject }) => {
        try {
          return compilePosix(re, icase).test(subject);
        } catch (e) {
          if (e instanceof PosixRegexError) return "error";
          throw e;
        }
      });
      const diffs = cases
        .map((c, i) => ({ ...c, glibc: expected[i], ours: ours[i] }))
        .filter((d) => d.glibc !== d.ours);
      expect(diffs).toEqual([]);
    });
  }
});
