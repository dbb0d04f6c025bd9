// The platform's floor for the stateless benchmark: a bare Node UDP server that answers each
// request by turning its first line into `SIP/2.0 200 OK` and sending the rest back unchanged.
import { createSocket } from "node:dgram";

const [host, port] = process.argv.slice(2);
// A large receive buffer, as Kamailio sizes its own: sipp sends in bursts.
const socket = createSocket({ type: "udp4", recvBufferSize: 4 * 1024 * 1024 });
const STATUS = Buffer.from("SIP/2.0 200 OK");
socket.on("message", (msg, rinfo) => {
  const eol = msg.indexOf(13);
  socket.send(Buffer.concat([STATUS, msg.subarray(eol)]), rinfo.port, rinfo.address);
});
socket.bind(Number(port), host);
process.on("SIGTERM", () => socket.close(() => process.exit(0)));
