// The annual report: repair, parse into a structured model, and cut into chunks for the index.
export { parseReport, sectionLabel, INTRO_SECTION, WHOLE_TEXT_SECTION } from './parse-report.js';
export { reportChunks, splitLongPassage, MAX_CHUNK_CHARS } from './report-chunks.js';
export { extractFigures, sentences } from './figures.js';
export { repairParagraphs, textLines, isHeading } from './repair.js';
export { splitMarkers } from './markers.js';
export { loadReports, REPORTS_FOLDER, type LoadedReports } from './load.js';
export {
  sectionTree,
  sectionLabels,
  reportYears,
  findReport,
  matchSections,
  measuresIn,
  figureText,
  quantityText,
  figureRows,
  figureAnswerRows,
  FIGURE_ANSWER_COLUMNS,
  measureRows,
  planRows,
  FIGURE_COLUMNS,
  MEASURE_COLUMNS,
  PLAN_COLUMNS,
  type SectionNode,
} from './lookup.js';
