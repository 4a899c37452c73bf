import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';

/**
 * A real UDP port for the RTP address in our SDP. Until the media engine exists (issue 4)
 * what arrives is counted and dropped; the port is real so the answer we give is honest and
 * a peer's RTP does not hit a closed port (ICMP errors make some phones hang up).
 */
export class RtpPort {
  readonly port: number;
  readonly #socket: Socket;
  #received = 0;

  private constructor(socket: Socket, port: number) {
    this.#socket = socket;
    this.port = port;
    socket.on('message', () => this.#received++);
    socket.on('error', () => socket.close());
  }

  static open(host: string): Promise<RtpPort> {
    return new Promise((resolve, reject) => {
      const socket = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
      socket.once('error', reject);
      socket.bind(0, host, () => {
        socket.off('error', reject);
        resolve(new RtpPort(socket, socket.address().port));
      });
    });
  }

  /** Packets received so far. */
  get received(): number {
    return this.#received;
  }

  close(): void {
    try {
      this.#socket.close();
    } catch {
      // already closed
    }
  }
}
