// Welcome, help and about: what the bot knows, said from service.stats() so it never claims more than is loaded.
import type { KnowledgeStats } from '../answer/service.js';
import { fill, type BotTexts } from './texts.js';

export interface Welcome {
  text: string;
  suggestions: string[];
  reportYears: number[];
  regulations: string[];
}

export interface GuideReply {
  text: string;
  suggestions: string[];
}

function placeholders(stats: KnowledgeStats): Record<string, string | number> {
  const years = [...stats.reportYears].sort((a, b) => a - b);
  // Before any report is loaded the examples still need a year; last year is the likeliest report.
  const latestYear = years.at(-1) ?? new Date().getFullYear() - 1;
  const regulations = stats.regulations.map((r) => `《${r}》`);
  const builtAt = new Date(stats.indexBuiltAt);
  return {
    reportYears: years.length > 0 ? years.join('、') : '暂无',
    reportList: years.length > 0 ? years.map((y) => `${y}年度法治政府建设情况报告`).join('、') : '暂无',
    latestYear,
    nextYear: latestYear + 1,
    regulationCount: stats.regulations.length,
    regulationExamples: regulations.length > 0 ? regulations.slice(0, 3).join('、') : '暂无',
    regulationList: regulations.length > 0 ? regulations.join('、') : '暂无',
    indexBuiltAt: Number.isNaN(builtAt.getTime()) ? stats.indexBuiltAt : builtAt.toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  };
}

export class Guide {
  constructor(
    private readonly texts: BotTexts,
    private readonly stats: () => KnowledgeStats,
  ) {}

  welcome(): Welcome {
    const stats = this.stats();
    const values = placeholders(stats);
    return {
      text: fill(this.texts.welcome, values),
      suggestions: this.texts.welcomeQuestions.map((q) => fill(q, values)),
      reportYears: [...stats.reportYears].sort((a, b) => a - b),
      regulations: [...stats.regulations],
    };
  }

  help(): GuideReply {
    const values = placeholders(this.stats());
    return { text: fill(this.texts.help, values), suggestions: this.texts.welcomeQuestions.slice(0, 4).map((q) => fill(q, values)) };
  }

  about(): GuideReply {
    return { text: fill(this.texts.about, placeholders(this.stats())), suggestions: [] };
  }
}
