// Types worth naming once: what flows from knowledge/ through search/ and answer/ to the channels.

export type ChunkKind = 'report' | 'regulation' | 'faq';

/** One indexed passage with the metadata a citation needs. */
export interface Chunk {
  /** Stable id, e.g. "report-2023-1-7-3" or "reg-行政处罚法-第七条" (款 split: "-2"). */
  id: string;
  kind: ChunkKind;
  /** Full title: the report's or the regulation's ("中华人民共和国行政处罚法"). */
  title: string;
  /** Passage text, verbatim from the source (page breaks repaired for reports). */
  text: string;
  /** Report year. */
  year?: number;
  /** Report section path as people read it: "一、（七）建立应急预案，依法应对重大突发事件情况". */
  section?: string;
  /** Regulation article number as written: "第七条". */
  article?: string;
  /** Regulation chapter heading: "第一章 总则" (with 编/节 joined by a space when present). */
  chapter?: string;
  /** Regulation version date (YYYY-MM-DD) when the source shows it. */
  version?: string;
  /** Short name of the regulation ("行政处罚法"), for matching names in questions. */
  shortTitle?: string;
  /** Source file, relative to its root folder. */
  source: string;
  /** Questions in people's own words that this passage answers (linked questions; never quoted, only searched). */
  questions?: string[];
  /** How many of `questions` people really asked (staff links, LINKED_QUESTIONS_FILE), not written for the passage. */
  asked?: number;
}

/** A file as read from disk, before parsing. */
export interface SourceDocument {
  /** Path relative to its root (KNOWLEDGE_DIR or LAWS_DIR). */
  name: string;
  absPath: string;
  /** sha256 of the raw bytes. */
  hash: string;
  text: string;
}

export interface RegulationArticle {
  title: string;
  shortTitle: string;
  version?: string;
  /** "第一编 总则 第二章 自然人 第一节 …" joined; undefined before the first heading. */
  chapter?: string;
  /** "第七条" */
  article: string;
  /** 7 */
  number: number;
  /** The article's 款 (paragraphs), the first starting after the article number. */
  paragraphs: string[];
  /** Whole article text including its number, as in the source. */
  text: string;
}

export interface Regulation {
  title: string;
  shortTitle: string;
  version?: string;
  source: string;
  articles: RegulationArticle[];
}

export interface ReportSection {
  /** ["一、本年度推进法治政府建设的主要举措和成效", "（七）建立应急预案，依法应对重大突发事件情况"] */
  path: string[];
  /** Ordinals for ids: [1, 7]. */
  ordinals: number[];
  heading: string;
  /** Paragraph texts (repaired), excluding the heading line itself. */
  paragraphs: string[];
}

export interface Measure {
  year: number;
  /** Joined section path, as in Chunk.section. */
  section: string;
  /** "一是" … or undefined for a whole paragraph. */
  marker?: string;
  text: string;
}

export interface Figure {
  year: number;
  section: string;
  /** The number as written: "30000", "149", "8". */
  value: string;
  /** Numeric value. */
  number: number;
  /** Unit as written: "份", "批", "人次", "条". */
  unit: string;
  /** "余" / "多" / "近" / "约" when approximate, else undefined. */
  approx?: string;
  /** What it counts, in the report's words: "发放各类法治宣传资料". */
  label: string;
  /** The whole sentence the figure comes from. */
  sentence: string;
}

export interface Plan {
  /** The year the plan is for (2024 in the 2023 report). */
  forYear: number;
  /** Year of the report that states it. */
  reportYear: number;
  section: string;
  text: string;
}

export interface Report {
  year: number;
  title: string;
  source: string;
  sections: ReportSection[];
  measures: Measure[];
  figures: Figure[];
  shortcomings: Measure[];
  plans: Plan[];
  warnings: string[];
}

export interface Citation {
  id: string;
  kind: ChunkKind;
  title: string;
  year?: number;
  section?: string;
  article?: string;
  text: string;
  score: number;
}

/** The Answer object of CONTRACT.md. */
export interface Answer {
  answered: boolean;
  answer: string;
  citations: Citation[];
  suggestions: string[];
  /** Extra, structured content for staff renderings (figures table, measures list). */
  table?: { columns: string[]; rows: string[][] };
  /** The standalone question a follow-up was resolved to (rules or a model); absent for a question that stands alone. */
  resolved?: string;
}

/** Streamed answering: model tokens (provisional), then the final Answer (always last, always once), which replaces them. */
export type AnswerStreamEvent = { type: 'token'; text: string } | { type: 'answer'; answer: Answer };

export interface Turn {
  question: string;
  /** The standalone question the turn was resolved to. */
  resolved?: string;
  answer?: Answer;
}

export interface AnswerContext {
  /** Earlier turns of this conversation, oldest first. */
  history?: Turn[];
  /** Channel limits, e.g. WeChat's byte budget. */
  maxChars?: number;
  /** Current date (tests set it) for 今年/去年. */
  now?: Date;
}
