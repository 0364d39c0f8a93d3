// The way in to the answer core, kept under its old name: the stages are in pipeline.ts and stages/.
export { answerQuestion, streamAnswer } from './pipeline.js';
export type { AnswerDeps } from './deps.js';
