/**
 * Why a message was rejected, and what Kamailio 5.6.3 does with such a message. Errors are values:
 * nothing in this module throws on input bytes.
 */

export type SipErrorCode =
  /** Datagram shorter than Kamailio's MIN_UDP_PACKET (32): dropped without a log line. */
  | "TooShort"
  /** Larger than the receive buffer (BUF_SIZE 65535). */
  | "TooLarge"
  /** Request-line / status-line does not parse (includes a version other than SIP/2.0). */
  | "BadFirstLine"
  /** A header line has no `:` or an empty / non-token name. */
  | "BadHeaderLine"
  /** A Via header value does not parse. */
  | "BadVia"
  /** The To header value does not parse. */
  | "BadTo"
  /** CSeq is not `number method`. */
  | "BadCSeq"
  /** Content-Length is not a decimal number. */
  | "BadContentLength"
  /** No Via (requests) or no Via / From / To / Call-ID / CSeq. */
  | "MissingHeader";

/**
 * `drop`: Kamailio 5.6.3 discards the message without answering. Every code above is a drop in the
 * core: `receive_msg` drops what `parse_msg` rejects and what lacks Via/From/To/Call-ID/CSeq. 400
 * replies come only from route logic (the sanity module, `sl_send_reply`).
 */
export type SipErrorAction = "drop";

export class SipParseError {
  readonly code: SipErrorCode;
  readonly reason: string;
  /** Byte offset in the message where the problem was found. */
  readonly offset: number;
  readonly action: SipErrorAction;

  constructor(code: SipErrorCode, reason: string, offset: number) {
    this.code = code;
    this.reason = reason;
    this.offset = offset;
    this.action = "drop";
  }
}
