// The candidates' features that come from the nearest linked questions: on a few chunks whose answer is known.
import { describe, expect, it } from 'vitest';
import type { Chunk } from '../../src/domain.js';
import { candidates, FEATURES, questionWeights } from '../../src/search/features.js';
import { hanBigrams, LexicalIndex } from '../../src/search/lexical.js';
import { bridgeWords, type BridgeTable } from '../../src/search/bridge.js';

const article = (law: string, n: string, chapter: string, text: string, questions?: string[]): Chunk => ({
  id: `reg-${law}-${n}`,
  kind: 'regulation',
  title: `中华人民共和国${law}`,
  shortTitle: law,
  article: n,
  chapter,
  text: `${n} ${text}`,
  source: `${law}.md`,
  ...(questions ? { questions, asked: questions.length } : {}),
});

const chunks = [
  article('民法典', '第一千零七十九条', '第四章 离婚', '夫妻一方要求离婚的，可以由有关组织进行调解或者直接向人民法院提起离婚诉讼。', ['老公天天喝酒打人我想离婚怎么起诉', '分居两年了法院会判离吗']),
  article('民法典', '第一千零八十七条', '第四章 离婚', '离婚时，夫妻的共同财产由双方协议处理。'),
  article('民法典', '第一千零六十五条', '第三章 家庭关系', '男女双方可以约定婚姻关系存续期间所得的财产。'),
  article('劳动合同法', '第四十七条', '第四章 劳动合同的解除和终止', '经济补偿按劳动者在本单位工作的年限支付。', ['公司辞退我给多少补偿', '干了三年被辞退赔多少钱']),
];

function features(question: string) {
  const lex = new LexicalIndex(chunks);
  const found = candidates(lex, { weights: questionWeights(question), bridged: new Map(), bigrams: hanBigrams(question) });
  const at = (name: (typeof FEATURES)[number]) => FEATURES.indexOf(name);
  return new Map(found.map((c) => [chunks[c.doc]!.article!, { question: c.features[at('questionVote')]!, law: c.features[at('lawVote')]!, chapter: c.features[at('chapterVote')]! }]));
}

describe('votes of the nearest linked questions', () => {
  it('go to the article they answer, its law and its chapter, so an article without questions shares its chapter’s', () => {
    const f = features('老公打人想起诉离婚');
    expect(f.get('第一千零七十九条')).toEqual({ question: 1, law: 1, chapter: 1 });
    // No question of its own, but it sits in the chapter the nearest questions were about.
    expect(f.get('第一千零八十七条')).toMatchObject({ question: 0, law: 1, chapter: 1 });
    // Same law, another chapter.
    expect(f.get('第一千零六十五条')?.chapter ?? 0).toBe(0);
  });

  it('follow the question: a question about being let go votes for the labour law', () => {
    const f = features('被公司辞退了能拿多少补偿');
    expect(f.get('第四十七条')).toEqual({ question: 1, law: 1, chapter: 1 });
    expect(f.get('第一千零七十九条')?.law ?? 0).toBeLessThan(1);
  });
});

describe('the translated feature', () => {
  const rent = [
    article('民法典', '第七百二十二条', '第十四章 租赁合同', '承租人无正当理由未支付租金的，出租人可以请求承租人在合理期限内支付。'),
    article('民法典', '第五百零九条', '第四章 合同的履行', '当事人应当按照约定全面履行自己的义务，按期支付租金。'),
  ];
  const translatedOf = (question: string, bridge?: BridgeTable) => {
    const lex = new LexicalIndex(rent);
    const found = candidates(lex, { weights: questionWeights(question), bridged: new Map(), bigrams: hanBigrams(question), questionWords: bridgeWords(question), ...(bridge ? { bridge } : {}) });
    return new Map(found.map((c) => [rent[c.doc]!.article!, c.features[FEATURES.indexOf('translated')]!]));
  };
  const question = '房东催我交租金';

  it('credits the passage that holds what a question word means, by the bridge', () => {
    const f = translatedOf(question, { entries: { 房东: [['出租人', 0.6], ['承租人', 0.2]] } });
    expect(f.get('第七百二十二条')).toBe(0); // the best candidate
    expect(f.get('第五百零九条')!).toBeLessThan(-1);
  });

  it('without a bridge counts only the words themselves, so both passages are alike', () => {
    const f = translatedOf(question);
    expect(f.get('第七百二十二条')).toBe(f.get('第五百零九条'));
  });
});
