// Native value rules as Kamailio 5.6.3 applies them. Each expectation is a fact checked on the real
// server: in cfg-language.md §6.3 ([verified] there) or in fixtures/sip/stateless/comparisons.
import { describe, expect, it } from "vitest";
import { ipMatches } from "../../src/semantics/match.js";
import { printed } from "../../src/semantics/pv.js";
import { add, div, eq, ExpressionError, mod, strempty, toInt, truthy } from "../../src/semantics/values.js";

describe("str to int", () => {
  it("reads signed decimals without octal, hex with 0x, and anything else as 0", () => {
    expect(toInt("010")).toBe(10);
    expect(toInt("-7")).toBe(-7);
    expect(toInt("0x1f")).toBe(31);
    expect(toInt("")).toBe(0);
    expect(toInt(" 12")).toBe(0);
    expect(toInt("12abc")).toBe(0);
    expect(toInt(null)).toBe(0);
  });
});

describe("+ and == take the left operand's type", () => {
  it("adds or concatenates", () => {
    expect(add("a", 1)).toBe("a1");
    expect(add("1", 2)).toBe("12");
    expect(add(1, "5")).toBe(6);
    expect(add(5070, ":")).toBe(5070);
    expect(add(null, 1)).toBe("1");
  });

  it("compares as int or as bytes", () => {
    expect(eq("10", 10)).toBe(true);
    expect(eq(10, "010")).toBe(true);
    expect(eq("010", 10)).toBe(false);
    expect(eq("", 0)).toBe(false);
    expect(eq(null, "")).toBe(true);
    expect(eq(null, 0)).toBe(true);
  });
});

describe("conditions and helpers", () => {
  it("is true only above zero; strings become ints first", () => {
    expect(truthy("alice")).toBe(false);
    expect(truthy("10")).toBe(true);
    expect(truthy(-1)).toBe(false);
    expect(truthy(null)).toBe(false);
  });

  it("divides toward zero and fails on zero", () => {
    expect(div(-7, 2)).toBe(-3);
    expect(mod(-7, 3)).toBe(-1);
    expect(() => div(1, 0)).toThrow(ExpressionError);
  });

  it("treats an unset $var (0) as not empty, like Kamailio", () => {
    expect(strempty(0)).toBe(false);
    expect(strempty(null)).toBe(true);
  });

  it("prints undefined values as <null> in formats", () => {
    expect(printed(null)).toBe("<null>");
    expect(printed(5)).toBe("5");
  });
});

describe("src_ip networks", () => {
  it("matches bits, dotted masks, plain addresses and IPv6", () => {
    expect(ipMatches("127.0.21.2", "127.0.0.0/8")).toBe(true);
    expect(ipMatches("127.0.21.2", "127.0.21.0/255.255.255.0")).toBe(true);
    expect(ipMatches("10.1.2.3", "127.0.0.0/8")).toBe(false);
    expect(ipMatches("192.168.1.1", "192.168.1.1")).toBe(true);
    expect(ipMatches("2001:db8::1", "2001:db8::/32")).toBe(true);
    expect(ipMatches("::1", "[::1]")).toBe(true);
  });
});
