import { row, to } from "./define.js";

export default [
  row("handle_publish/1", to("presence.handle_publish_uri", 0)),
  row("handle_subscribe/1", to("presence.handle_subscribe_uri", 0)),
];
