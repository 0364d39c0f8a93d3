// One Answer, rendered for the channel it goes to: an Adaptive Card with sources and 👍/👎 where the
// channel draws cards, numbered plain-text sources everywhere else. The Answer itself always rides
// along in channelData so programmatic clients (widget, WeChat) never have to parse text.
import { CardFactory, type Activity, type Attachment, type CardAction } from 'botbuilder';
import type { Answer, Citation } from '../domain.js';
import type { Rating } from '../store/feedbackStore.js';

/** Channels whose clients draw Adaptive Cards and send Action.Submit values back. */
const CARD_CHANNELS = new Set(['msteams', 'webchat', 'emulator', 'directline']);

export function rendersCards(channelId: string): boolean {
  return CARD_CHANNELS.has(channelId);
}

export interface AnswerChannelData {
  answer: Answer;
  answerId: string;
}

/** What a 👍/👎 button sends back, on every channel. */
export interface FeedbackValue {
  feedback: Rating;
  answerId: string;
}

export function isFeedbackValue(value: unknown): value is FeedbackValue {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (v.feedback === 'up' || v.feedback === 'down') && typeof v.answerId === 'string' && v.answerId.length > 0;
}

/** "《中华人民共和国行政处罚法》第七条", "启东经济开发区2023年度…报告 · 一、（二）…". */
export function citationLabel(c: Citation): string {
  if (c.kind === 'regulation') return `《${c.title}》${c.article ?? ''}`;
  return c.section ? `${c.title} · ${c.section}` : c.title;
}

const EXCERPT_CHARS = 120;

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS)}…` : flat;
}

function sourcesCard(answer: Answer, answerId: string, withFeedback: boolean): Attachment {
  const body: unknown[] = [];
  if (answer.citations.length > 0) {
    body.push({ type: 'TextBlock', text: '出处', weight: 'Bolder', size: 'Small' });
    answer.citations.forEach((c, i) => {
      body.push({
        type: 'Container',
        spacing: 'Small',
        items: [
          { type: 'TextBlock', text: `[${i + 1}] ${citationLabel(c)}`, wrap: true, size: 'Small' },
          { type: 'TextBlock', text: excerpt(c.text), wrap: true, size: 'Small', isSubtle: true, maxLines: 3 },
        ],
      });
    });
  }
  if (answer.table) body.push(...tableBlocks(answer.table));
  const actions = withFeedback
    ? (['up', 'down'] as const).map((feedback) => ({
        type: 'Action.Submit',
        title: feedback === 'up' ? '👍 有用' : '👎 没用',
        data: { feedback, answerId } satisfies FeedbackValue,
      }))
    : [];
  // 1.3: the newest version Teams mobile and Web Chat both draw.
  return CardFactory.adaptiveCard({ type: 'AdaptiveCard', version: '1.3', body, actions });
}

function tableBlocks(table: NonNullable<Answer['table']>): unknown[] {
  return [
    { type: 'TextBlock', text: table.columns.join(' ｜ '), weight: 'Bolder', size: 'Small', wrap: true, spacing: 'Medium' },
    ...table.rows.map((row) => ({ type: 'TextBlock', text: row.join(' ｜ '), size: 'Small', wrap: true, spacing: 'None' })),
  ];
}

function plainSources(answer: Answer): string {
  const parts: string[] = [];
  if (answer.table) parts.push([answer.table.columns, ...answer.table.rows].map((r) => r.join(' ｜ ')).join('\n'));
  if (answer.citations.length > 0) {
    parts.push(['出处：', ...answer.citations.map((c, i) => `[${i + 1}] ${citationLabel(c)}`)].join('\n'));
  }
  return parts.join('\n\n');
}

function suggestedActions(suggestions: string[]): Partial<Activity>['suggestedActions'] {
  if (suggestions.length === 0) return undefined;
  const actions: CardAction[] = suggestions.map((s) => ({ type: 'imBack', title: s, value: s }));
  return { actions, to: [] };
}

export interface RenderOptions {
  answerId: string;
  /** Offer 👍/👎 (answers from the knowledge base; not help texts). */
  feedback: boolean;
}

/** The ONE message activity that answers a question on the given channel. */
export function renderAnswer(answer: Answer, channelId: string, options: RenderOptions): Partial<Activity> {
  const channelData: AnswerChannelData = { answer, answerId: options.answerId };
  const activity: Partial<Activity> = { type: 'message', channelData, suggestedActions: suggestedActions(answer.suggestions) };
  const hasExtras = answer.citations.length > 0 || answer.table !== undefined;
  if (rendersCards(channelId)) {
    activity.text = answer.answer;
    if (hasExtras || options.feedback) activity.attachments = [sourcesCard(answer, options.answerId, options.feedback)];
  } else {
    activity.text = hasExtras ? `${answer.answer}\n\n${plainSources(answer)}` : answer.answer;
  }
  if (activity.suggestedActions === undefined) delete activity.suggestedActions;
  return activity;
}

/** A fixed text (welcome, help, about) as an Answer, so every client reads one shape. */
export function guideAnswer(text: string, suggestions: string[]): Answer {
  return { answered: true, answer: text, citations: [], suggestions };
}
