import { describe, expect, it } from 'vitest';
import { saysWord } from '../../src/search/tokenizer.js';

describe('saysWord', () => {
  it('finds a short cue only as a whole word, a longer one anywhere', () => {
    expect(saysWord(/拟/u, '开发区拟出台新规定')).toBe(true);
    expect(saysWord(/拟/u, '虚拟货币被骗了')).toBe(false);
    expect(saysWord(/拟|打算/u, '我打算起诉')).toBe(true);
    expect(saysWord(/法治政府建设/u, '看看法治政府建设情况')).toBe(true);
    expect(saysWord(/过/u, '合同通过审查')).toBe(false);
  });
});
