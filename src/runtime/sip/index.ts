/**
 * kemits SIP message layer: parse RFC 3261 messages held in a `Buffer`, read headers through lazy
 * typed accessors, edit with send-time edits (Kamailio's lumps), build stateless replies and frame
 * stream transports. A leaf module: it imports nothing else from the project. Never throws on input.
 * Design and Kamailio behaviour: docs/sip-messages.md.
 */

/** Parsing: `parseMessage(buf, options)` returns `{ ok: true, msg }` or `{ ok: false, error }`. */
export { MAX_MESSAGE_SIZE, MIN_UDP_PACKET, type ParseOptions, type ParseResult, parseMessage, receiveCheck } from "./parse.js";
/** The parsed message and its accessors (`via()`, `from()`, `to()`, `cseq()`, `ruri()`, `header(name)`, …). */
export { type ContactList, SipMessage } from "./message.js";
/** One header line: offsets into the buffer, `raw` (latin1), `value` (unfolded UTF-8), `name`, `kind`. */
export { HeaderField } from "./header-field.js";
/** Header kinds and name normalisation (compact forms map to full names). */
export { canonicalHeaderName, HeaderKind, headerKindOf, headerNameOfKind, lookupHeaderName } from "./header-names.js";
/** Error values: code, reason, byte offset, and what Kamailio does (`drop`). */
export { type SipErrorAction, type SipErrorCode, SipParseError } from "./errors.js";
/** URIs: `parseUri(text)` for sip:, sips:, tel:, tels:. */
export { type HostKind, parseUri, SipUri, type UriResult, type UriScheme } from "./uri.js";
/** name-addr / addr-spec values and lists (From, To, Contact incl. `*`, Route, Record-Route). */
export { NameAddr, type NameAddrListResult, type NameAddrResult, parseNameAddr, parseNameAddrList } from "./name-addr.js";
/** Via values (protocol, transport, sent-by, branch, received, rport). */
export { parseViaList, type ViaResult, ViaValue } from "./via.js";
/** CSeq values. */
export { CSeq, parseCSeq } from "./cseq.js";
/** Parameters and comma lists. */
export { findParam, SipParam, splitCommaList } from "./params.js";
/** Send-time edits and serialization. */
export { formatVia, type HeaderPosition, MessageEdits, type ViaSpec } from "./edits.js";
/** Stateless replies like Kamailio's `sl_send_reply`. */
export { buildReply, DEFAULT_SERVER_HEADER, KAMAILIO_SERVER_SIGNATURE, type ReplyOptions } from "./reply.js";
/** To-tags exactly like Kamailio's sl module. */
export { slTagPrefix, slToTag } from "./sl-tag.js";
/** Stream (TCP/TLS) framing with CRLF keep-alives. */
export { type FrameResult, frame } from "./frame.js";
