// Server-sent events for the widget: POST /api/chat with "Accept: text/event-stream" gets the model's
// tokens as they come, then the final Answer as the last event. Tokens are provisional — the guard
// may still replace the model's text by the extractive answer — so the widget shows the final
// Answer in their place. Knows HTTP, not answers: it writes whatever events it is given.
import type { ServerResponse } from 'node:http';
import type { AnswerStreamEvent } from '../domain.js';

/** What the reader sees when the stream breaks before an answer: fixed, polite, no internals. */
export const STREAM_APOLOGY = '抱歉，系统暂时无法回答，请稍后再试。法律问题也可拨打 12348 咨询。';

/** Whether a request asked for a stream ("Accept: text/event-stream"). */
export function wantsEventStream(accept: string | string[] | undefined): boolean {
  const value = Array.isArray(accept) ? accept.join(',') : (accept ?? '');
  return value.toLowerCase().includes('text/event-stream');
}

/** One SSE frame; JSON never holds a raw newline, so one data line suffices. */
export function sseFrame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export interface WriteStreamOptions {
  /** Fields added to the final answer event, e.g. { conversationId }. */
  extra?: Record<string, unknown>;
  /** Called with an error that broke the stream (for the log); the reader only gets STREAM_APOLOGY. */
  onError?: (err: unknown) => void;
}

/**
 * Writes `events` as SSE: "token" events ({text}), then one "answer" event (the Answer plus `extra`),
 * then ends the response. If the reader disconnects, the events are abandoned (which cancels the
 * model request). If the events throw, an "error" event with a fixed apology ends the stream.
 */
export async function writeAnswerStream(res: ServerResponse, events: AsyncIterable<AnswerStreamEvent>, opts: WriteStreamOptions = {}): Promise<void> {
  if (!res.headersSent) {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // Reverse proxies (nginx) must pass tokens through, not buffer them.
      'X-Accel-Buffering': 'no',
    });
  }
  res.flushHeaders?.();
  let gone = false;
  const onClose = () => {
    gone = true;
  };
  res.on('close', onClose);
  const iterator = events[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      if (gone) break;
      const e = next.value;
      if (e.type === 'token') res.write(sseFrame('token', { text: e.text }));
      else res.write(sseFrame('answer', { ...e.answer, ...opts.extra }));
    }
  } catch (err) {
    opts.onError?.(err);
    if (!gone) res.write(sseFrame('error', { message: STREAM_APOLOGY }));
  } finally {
    res.off('close', onClose);
    // Stops the generator (and its model request) when we left the loop early.
    await iterator.return?.();
    if (!res.writableEnded) res.end();
  }
}
