// The feedback tables keep what people asked, for staff to improve knowledge/; never the personal numbers
// they typed. Wraps any FeedbackStore so every write is masked, whichever channel or caller it comes from.
import type { FeedbackStore } from '../store/feedbackStore.js';
import { maskPersonalData } from '../mask.js';

const maskNullable = (text: string | null): string | null => (text === null ? null : maskPersonalData(text));

export function maskingFeedbackStore(store: FeedbackStore): FeedbackStore {
  return {
    ...store,
    recordQuestion: (entry) =>
      store.recordQuestion({ ...entry, question: maskPersonalData(entry.question), answerText: maskNullable(entry.answerText) }),
    recordUnanswered: (entry) => store.recordUnanswered({ ...entry, question: maskPersonalData(entry.question) }),
    recordFeedback: (entry) =>
      store.recordFeedback({ ...entry, question: maskNullable(entry.question), answerText: maskNullable(entry.answerText) }),
  };
}
