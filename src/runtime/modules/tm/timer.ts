/**
 * One timer structure for every tm timer (retransmissions, final-response, wait): a binary min-heap
 * of deadlines driven by a single Node timeout armed for the earliest one, like Kamailio's shared
 * timer process. Timers are small objects owned by transactions and branches; scheduling one that
 * is already pending moves it.
 */

export class Timer {
  /** Deadline in ms (`Date.now()` clock). */
  at: number;
  /** Position in the heap, -1 when not scheduled. */
  index: number;
  readonly fire: () => void;

  constructor(fire: () => void) {
    this.at = 0;
    this.index = -1;
    this.fire = fire;
  }

  get pending(): boolean {
    return this.index >= 0;
  }
}

export class TimerQueue {
  private readonly heap: Timer[];
  private handle: ReturnType<typeof setTimeout> | null;
  /** Deadline the Node timeout is armed for (Infinity when none). */
  private armedAt: number;
  private stopped: boolean;

  constructor() {
    this.heap = [];
    this.handle = null;
    this.armedAt = Number.POSITIVE_INFINITY;
    this.stopped = false;
  }

  get size(): number {
    return this.heap.length;
  }

  /** (Re)schedules `t` to fire `delayMs` from now. */
  schedule(t: Timer, delayMs: number): void {
    t.at = Date.now() + delayMs;
    if (t.index >= 0) {
      this.up(t.index);
      this.down(t.index);
    } else {
      t.index = this.heap.length;
      this.heap.push(t);
      this.up(t.index);
    }
    this.arm();
  }

  cancel(t: Timer): void {
    const i = t.index;
    if (i < 0) return;
    const last = this.heap.pop()!;
    t.index = -1;
    if (last !== t) {
      this.heap[i] = last;
      last.index = i;
      this.up(i);
      this.down(last.index);
    }
  }

  /** Cancels everything and stops the Node timeout (module destroy). */
  stop(): void {
    this.stopped = true;
    for (const t of this.heap) t.index = -1;
    this.heap.length = 0;
    if (this.handle !== null) clearTimeout(this.handle);
    this.handle = null;
  }

  private arm(): void {
    const head = this.heap[0];
    if (this.stopped || head === undefined || head.at >= this.armedAt) return;
    if (this.handle !== null) clearTimeout(this.handle);
    this.armedAt = head.at;
    this.handle = setTimeout(this.run, Math.max(0, head.at - Date.now()));
    // A pending retransmission must not keep a stopping process alive.
    this.handle.unref?.();
  }

  private readonly run = (): void => {
    this.handle = null;
    this.armedAt = Number.POSITIVE_INFINITY;
    const now = Date.now();
    let head = this.heap[0];
    while (head !== undefined && head.at <= now && !this.stopped) {
      this.cancel(head);
      head.fire();
      head = this.heap[0];
    }
    this.arm();
  };

  private up(i: number): void {
    const h = this.heap;
    const t = h[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p]!;
      if (parent.at <= t.at) break;
      h[i] = parent;
      parent.index = i;
      i = p;
    }
    h[i] = t;
    t.index = i;
  }

  private down(i: number): void {
    const h = this.heap;
    const n = h.length;
    const t = h[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && h[r]!.at < h[l]!.at ? r : l;
      const child = h[c]!;
      if (child.at >= t.at) break;
      h[i] = child;
      child.index = i;
      i = c;
    }
    h[i] = t;
    t.index = i;
  }
}
