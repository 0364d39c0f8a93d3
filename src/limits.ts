// The limits every layer shares, each said once, with its reason beside it. The ground floor: imports nothing.

/** CONTRACT.md: citations are best first, at most 5 — what a phone screen or one WeChat message can list. */
export const MAX_CITATIONS = 5;

/**
 * Answers are read on phones and in WeChat (2,000 bytes a message): the sentences that answer, not the
 * paragraph. Whitespace is not counted. A model's answer longer than this falls back to the extractive one; the
 * extractive answer adds the legal disclaimer only while it stays within it; the eval calls longer answers
 * not concise.
 */
export const MAX_ANSWER_CHARS = 350;

/** The core reads this much of a question (README); the rest is almost never the question. */
export const MAX_QUESTION_CHARS = 500;

/**
 * A channel refuses a message longer than this (400) instead of cutting it: twice what the core reads, so a
 * long paste is cut to MAX_QUESTION_CHARS and answered, and only what cannot be a question is refused.
 */
export const MAX_MESSAGE_CHARS = 2 * MAX_QUESTION_CHARS;

/** Turns of the conversation handed to the core: enough for follow-ups, few enough to keep each turn cheap. */
export const HISTORY_TURNS = 5;

/** The newest of those a chat model sees (follow-up rewrite, answer): the prompt stays short and on topic. */
export const MODEL_HISTORY_TURNS = 3;
