/**
 * MIME types as Kamailio's `decode_mime_type` (`core/parser/parse_content.c`) codes them: a few
 * known types and subtypes, everything else "unknown" — so two different unknown subtypes compare
 * equal, as they do in Kamailio's `has_body(type)`.
 */

const TYPES = new Set(["text", "message", "application", "multipart", "*"]);
const SUBTYPES = new Set([
  "plain",
  "cpim",
  "sdp",
  "cpl+xml",
  "pidf+xml",
  "rlmi+xml",
  "related",
  "lpidf+xml",
  "xpidf+xml",
  "watcherinfo+xml",
  "external-body",
  "xml+msrtc.pidf",
  "cpim-pidf+xml",
  "mixed",
  "isup",
  "*",
]);

/** The coded form of `type/subtype` (parameters after `;` ignored), null when it is not a MIME type. */
export function mimeCode(text: string): string | null {
  const semi = text.indexOf(";");
  const t = (semi >= 0 ? text.slice(0, semi) : text).trim().toLowerCase();
  const slash = t.indexOf("/");
  if (slash <= 0 || slash === t.length - 1) return null;
  const type = t.slice(0, slash).trim();
  const sub = t.slice(slash + 1).trim();
  if (/[\s,]/.test(type) || /[\s,]/.test(sub)) return null;
  return `${TYPES.has(type) ? type : "?"}/${SUBTYPES.has(sub) ? sub : "?"}`;
}
