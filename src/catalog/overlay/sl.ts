import { row, to } from "./define.js";

// sl_forward_reply/0 and /1 have no verified KEMI equivalent yet (KEMI always takes code and reason).
export default [
  row("sl_reply/2", to("sl.sl_send_reply", 0, 1), { note: "alias of sl_send_reply (same C wrapper)" }),
];
