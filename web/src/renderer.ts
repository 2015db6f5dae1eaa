/**
 * A render worker and its replies by request. Kept apart from the controls (no zod, no product
 * records): the page's first script (boot.ts) starts the preview's worker with it before the page's
 * main script is fetched.
 */
import type { RenderReply, RenderRequest } from './protocol.js';

/** A request's final answer. */
export type DoneReply = Extract<RenderReply, { kind: 'done' }>;

/** A render worker, and replies by request. */
export class Renderer {
  private started?: Worker;
  private next = 1;
  private waiting = new Map<number, { done(reply: DoneReply): void; progress?(done: number, total: number): void }>();

  /** The worker, started on the first request: a batch's worker costs nothing until a list is made. */
  private get worker(): Worker {
    if (!this.started) {
      this.started = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
      this.started.onmessage = (event: MessageEvent<RenderReply>) => {
        const reply = event.data;
        const waiting = this.waiting.get(reply.id);
        if (reply.kind === 'progress') return waiting?.progress?.(reply.done, reply.total);
        waiting?.done(reply);
        this.waiting.delete(reply.id);
      };
    }
    return this.started;
  }

  /** Sends a request (without its id) and resolves with its result. */
  request(request: DistributiveOmit<RenderRequest, 'id' | 'base'>, progress?: (done: number, total: number) => void): Promise<DoneReply> {
    const id = this.next++;
    const full = { ...request, id, base: document.baseURI } as RenderRequest;
    return new Promise((resolve) => {
      this.waiting.set(id, { done: resolve, progress });
      this.worker.postMessage(full, full.kind === 'certificates' ? [full.list.bytes.buffer as ArrayBuffer] : []);
    });
  }
}

/** Omit over each member of a union. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
