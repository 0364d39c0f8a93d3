// The model side of answering, for the lead's answerQuestion: pick a chat model, rewrite follow-ups,
// compose (or stream) a grounded answer that falls back to the extractive one.
export { createChatModel, chatModelLabel, type ChatModelConfig } from './provider.js';
export { ModelComposer, type AnswerStreamEvent, type ComposerConfig } from './composer.js';
export { guardAnswer, type GuardResult } from './guard.js';
export { rewriteFollowUp, type FollowUpOptions } from './follow-up.js';
export { CircuitBreaker } from './resilience.js';
