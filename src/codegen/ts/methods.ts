/** Methods that have their own core KEMI test (`KSR.is_INVITE()` …). */
export const STANDARD_METHODS: ReadonlySet<string> = new Set([
  "INVITE", "ACK", "BYE", "CANCEL", "REGISTER", "OPTIONS", "SUBSCRIBE", "PUBLISH", "NOTIFY", "REFER", "INFO",
  "UPDATE", "PRACK", "MESSAGE", "KDMQ", "GET", "POST", "PUT", "DELETE",
]);
