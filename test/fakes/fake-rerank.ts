// A fake reranking server on loopback with both /rerank shapes:
//   TEI:  POST /rerank     {query, texts}                      → [{index, score}]
//   Jina: POST /v1/rerank  {model, query, documents, top_n}    → {results: [{index, relevance_score}]}
// Both sorted best first, as the real servers answer. A passage's score is the share of the query's
// character pairs it contains (deterministic, so tests know the order). A script makes replies slow,
// failing or malformed. Every request is recorded.
import { sendJson, startServer, wait, type FakeServer, type RecordedRequest } from './http.js';

export interface RerankReply {
  delayMs?: number;
  status?: number;
  /** malformed: not the API's shape; not-json: a text body; short: one score fewer; other-shape: the other API's reply. */
  body?: 'malformed' | 'not-json' | 'short' | 'other-shape';
}

export type RerankScript = (request: RecordedRequest, n: number) => RerankReply;

export interface FakeRerank extends FakeServer {
  rerankRequests(): RecordedRequest[];
}

export function pairScore(query: string, passage: string): number {
  const pairs = [...query].slice(0, -1).map((c, i) => c + query[i + 1]);
  if (pairs.length === 0) return 0;
  return pairs.filter((p) => passage.includes(p)).length / pairs.length;
}

export async function startFakeRerank(script: RerankScript = () => ({})): Promise<FakeRerank> {
  let n = 0;
  const server = await startServer(async (request, res) => {
    const tei = request.path === '/rerank';
    if (!tei && request.path !== '/v1/rerank') {
      sendJson(res, 404, { error: `no route ${request.path}` });
      return;
    }
    const reply = script(request, n++);
    if (reply.delayMs) await wait(reply.delayMs);
    if (reply.status && reply.status >= 400) {
      sendJson(res, reply.status, { error: `scripted ${reply.status}` });
      return;
    }
    if (reply.body === 'not-json') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>502 Bad Gateway</html>');
      return;
    }
    if (reply.body === 'malformed') {
      sendJson(res, 200, { scores: [0.5] });
      return;
    }
    const query = String(request.body.query ?? '');
    const texts = (tei ? request.body.texts : request.body.documents) as string[];
    let ranked = texts.map((t, index) => ({ index, score: pairScore(query, t) })).sort((a, b) => b.score - a.score);
    if (reply.body === 'short') ranked = ranked.slice(1);
    const asTei = reply.body === 'other-shape' ? !tei : tei;
    sendJson(res, 200, asTei ? ranked : { id: 'fake', results: ranked.map((r) => ({ index: r.index, relevance_score: r.score })) });
  }, '');
  return { ...server, rerankRequests: () => server.requests.filter((r) => r.path.endsWith('/rerank')) };
}
