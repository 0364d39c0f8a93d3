/*
 * 启东经济开发区 法治问答 — the website chat widget.
 *
 * Embed with one tag:
 *   <script src="https://HOST/widget.js" async
 *           data-title="法治问答" data-position="right" data-color="#1d5fbf" data-open="false"></script>
 * Optional: data-api="https://HOST" (defaults to the script's own origin), data-stream="true" (SSE answers).
 *
 * Plain ES2020, no build step, no dependencies. Everything lives in a Shadow DOM so the host page's
 * styles cannot reach in and ours cannot leak out. Server text is only ever set with textContent /
 * text nodes: the [n] markers become buttons built here, never HTML from the server.
 */
(function () {
  'use strict';

  if (window.QidongLegalWidget) return; // embedded twice: keep the first

  var script =
    document.currentScript || document.querySelector('script[src*="widget.js"]') || document.createElement('script');
  var data = script.dataset || {};

  var TITLE = (data.title || '法治问答').slice(0, 40);
  var POSITION = /left/i.test(data.position || '') ? 'left' : 'right';
  var COLOR = data.color && window.CSS && CSS.supports('color', data.color) ? data.color : '#1d5fbf';
  var OPEN_ON_LOAD = flag(data.open);
  var STREAM = flag(data.stream);
  var API_BASE = apiBase();
  var STORAGE_KEY = 'qdw:conversation:' + API_BASE;
  var TRANSCRIPT_KEY = 'qdw:transcript:' + API_BASE;
  var OPEN_KEY = 'qdw:open:' + API_BASE;
  var TRANSCRIPT_ENTRIES = 20;
  var REQUEST_TIMEOUT_MS = 30000;
  var MAX_QUESTION_CHARS = 500;

  var TEXT = {
    open: '打开' + TITLE,
    close: '关闭对话',
    widen: '放大窗口',
    subtitle: '启东经济开发区 · 依据公开报告与法律法规作答',
    welcome: '您好！我是启东经济开发区法治问答助手，可以查询开发区法治政府建设情况报告和相关法律法规。请问有什么可以帮您？',
    inputLabel: '输入您的问题',
    placeholder: '请输入您的问题，按回车发送',
    send: '发送',
    typing: '正在查找答案…',
    you: '您的问题：',
    bot: '助手回答：',
    sources: '来源',
    suggestions: '您可能还想问',
    up: '有帮助',
    down: '没有帮助',
    thanks: '谢谢您的反馈！',
    feedbackFailed: '反馈未能提交，请稍后再试。',
    retry: '重试',
    unreachable: '暂时无法连接法治问答服务，请检查网络后重试。如需法律帮助，可拨打公共法律服务热线 12348。',
    serverError: '服务暂时出现问题，请稍后再试。',
    tooMany: '提问过于频繁，请稍等片刻再试。',
    badRequest: '这个问题暂时无法处理，请换个说法再试。',
    tooLong: '问题太长了，请精简到 ' + MAX_QUESTION_CHARS + ' 字以内。',
    footer: '回答仅供参考，具体以有关部门正式文件为准。',
    tableLabel: '数据表',
    kind: { report: '报告', regulation: '法规', faq: '常见问题' },
  };

  function flag(v) {
    return v === '' || v === 'true' || v === '1' || v === 'open';
  }

  function apiBase() {
    var base = data.api || '';
    if (!base) {
      try {
        base = new URL(script.src, location.href).origin;
      } catch (_) {
        base = location.origin;
      }
    }
    return base.replace(/\/+$/, '');
  }

  /* ---------- tiny DOM helper: attributes by setAttribute, children as text nodes ---------- */

  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === false || v === null || v === undefined) return;
        if (k === 'class') el.className = v;
        else if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), v);
        else el.setAttribute(k, v === true ? '' : String(v));
      });
    }
    append(el, children);
    return el;
  }

  function append(el, children) {
    if (children === undefined || children === null) return el;
    (Array.isArray(children) ? children : [children]).forEach(function (c) {
      if (c === null || c === undefined || c === false) return;
      el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return el;
  }

  // Our own constant markup only (never server text).
  function icon(svgPath) {
    var span = document.createElement('span');
    span.className = 'icon';
    span.setAttribute('aria-hidden', 'true');
    span.innerHTML =
      '<svg viewBox="0 0 24 24" width="22" height="22" fill="none" stroke="currentColor" stroke-width="2" ' +
      'stroke-linecap="round" stroke-linejoin="round">' + svgPath + '</svg>';
    return span;
  }
  var ICON_CHAT = '<path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z"/><path d="M8.5 11h7M8.5 14h4"/>';
  var ICON_WIDEN = '<path d="M15 3h6v6M9 21H3v-6M21 3l-7 7M3 21l7-7"/>';
  var ICON_CLOSE = '<path d="M6 6l12 12M18 6L6 18"/>';
  var ICON_SEND = '<path d="M4 12l16-8-6 16-2.5-6.5z"/><path d="M11.5 13.5L20 4"/>';

  /* ---------- styles (inside the shadow root) ---------- */

  var CSS_TEXT = [
    ':host{all:initial;--p:' + COLOR + ';--fg:#1f2329;--muted:#5c6470;--line:#e3e6eb;--bg:#fff;--soft:#f4f6f9;',
    'font:15px/1.6 system-ui,-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","Noto Sans SC",sans-serif;color:var(--fg)}',
    '*{box-sizing:border-box}',
    '[hidden]{display:none!important}',
    '.sr{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}',
    'button{font:inherit;color:inherit;cursor:pointer}',
    'button:focus-visible,textarea:focus-visible,.log:focus-visible,.twrap:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}',
    '.launcher{position:fixed;bottom:24px;z-index:2147483000;display:flex;align-items:center;gap:8px;height:52px;padding:0 20px 0 16px;',
    'border:0;border-radius:26px;background:var(--p);color:#fff;font-size:16px;font-weight:600;box-shadow:0 6px 20px rgba(0,0,0,.25)}',
    '.launcher:hover{filter:brightness(1.08)}',
    '.left .launcher,.left .panel{left:24px}.right .launcher,.right .panel{right:24px}',
    '.icon{display:inline-flex}',
    '.panel{position:fixed;bottom:92px;z-index:2147483001;display:flex;flex-direction:column;width:380px;height:min(620px,calc(100vh - 116px));',
    'background:var(--bg);border-radius:14px;box-shadow:0 12px 40px rgba(0,0,0,.28);overflow:hidden;animation:up .18s ease-out}',
    '@keyframes up{from{opacity:0;transform:translateY(12px)}to{opacity:1;transform:none}}',
    'header{display:flex;align-items:center;gap:10px;padding:12px 12px 12px 16px;background:var(--p);color:#fff}',
    'header .t{flex:1;min-width:0}',
    'h2{margin:0;font-size:17px;line-height:1.3}',
    'header p{margin:2px 0 0;font-size:12px;opacity:.9}',
    '.x{display:inline-flex;border:0;background:transparent;color:#fff;padding:6px;border-radius:8px}',
    '.x:hover{background:rgba(255,255,255,.18)}',
    '.x[aria-pressed="true"]{background:rgba(255,255,255,.25)}',
    '.wide .panel{width:min(920px,calc(100vw - 48px));height:calc(100vh - 116px)}',
    '.log{flex:1;overflow-y:auto;padding:14px 14px 6px;background:var(--soft);overscroll-behavior:contain}',
    '.msg{display:flex;flex-direction:column;margin:0 0 12px}',
    '.user{align-items:flex-end}',
    '.bubble{max-width:92%;padding:9px 12px;border-radius:12px;background:#fff;border:1px solid var(--line);word-break:break-word}',
    '.user .bubble{background:var(--p);color:#fff;border-color:transparent;border-bottom-right-radius:4px}',
    '.bot .bubble{border-bottom-left-radius:4px}',
    '.bubble p,.bubble ul,.bubble ol{margin:0 0 6px}.bubble>:last-child{margin-bottom:0}',
    '.bubble ul,.bubble ol{padding-left:1.4em}.bubble li{margin:0 0 2px}',
    '.bubble ol.items li{margin:0 0 6px}',
    '.bubble .disc{margin:8px 0 0;font-size:12px;color:var(--muted)}',
    '.cite{display:inline;padding:0 3px;margin:0 1px;border:0;border-radius:4px;background:#e6eefb;color:var(--p);',
    'font-size:12px;font-weight:700;vertical-align:super;line-height:1}',
    '.cite[aria-expanded="true"]{background:var(--p);color:#fff}',
    '.src{margin:8px 0 0;padding:8px 10px;border-left:3px solid var(--p);background:var(--soft);border-radius:0 8px 8px 0;font-size:13px}',
    '.src .hd{margin:0;font-weight:600}',
    '.src .loc{margin:2px 0 4px;color:var(--muted)}',
    '.src blockquote{margin:0;white-space:pre-wrap}',
    '.srcs{margin:8px 0 0;padding:6px 0 0;border-top:1px dashed var(--line);font-size:12px;color:var(--muted)}',
    '.srcs button{display:block;width:100%;text-align:left;border:0;background:none;padding:2px 0;color:var(--muted);',
    'white-space:nowrap;overflow:hidden;text-overflow:ellipsis}',
    '.srcs button:hover{color:var(--p);text-decoration:underline}',
    '.twrap{margin:8px 0 0;overflow-x:auto}',
    'table{border-collapse:collapse;font-size:13px;min-width:100%}',
    // Every column at least four characters wide; a long label wraps in a column of its own width
    // instead of pushing the numbers out of a 375 px panel.
    'th,td{border:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top;min-width:4.5em}',
    'td.long{min-width:9em}',
    'th{background:var(--soft);font-weight:600;white-space:nowrap}',
    'td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}',
    '.chips{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0 0;max-width:100%}',
    '.chip{border:1px solid var(--p);background:#fff;color:var(--p);border-radius:16px;padding:4px 12px;font-size:13px;text-align:left}',
    '.chip:hover{background:var(--p);color:#fff}',
    '.rate{display:flex;align-items:center;gap:4px;margin:4px 0 0;font-size:12px;color:var(--muted)}',
    '.rate button{border:1px solid transparent;background:none;border-radius:6px;padding:0 6px;font-size:15px;line-height:26px}',
    '.rate button:hover{border-color:var(--line);background:#fff}',
    '.rate button[aria-pressed="true"]{border-color:var(--p);background:#fff}',
    '.rate button:disabled{cursor:default}',
    '.err .bubble{border-color:#f1b0b0;background:#fff5f5;color:#8a1f1f}',
    '.err button{margin:6px 0 0;border:1px solid currentColor;background:#fff;border-radius:6px;padding:2px 12px;color:#8a1f1f}',
    '.typing .bubble{display:inline-flex;gap:5px;padding:13px 14px}',
    '.dot{width:7px;height:7px;border-radius:50%;background:#9aa3ae;animation:b 1.2s infinite ease-in-out}',
    '.dot:nth-child(2){animation-delay:.15s}.dot:nth-child(3){animation-delay:.3s}',
    '@keyframes b{0%,80%,100%{opacity:.3;transform:translateY(0)}40%{opacity:1;transform:translateY(-4px)}}',
    'form{display:flex;align-items:flex-end;gap:8px;padding:10px 12px;border-top:1px solid var(--line);background:#fff}',
    'textarea{flex:1;resize:none;min-height:40px;max-height:120px;padding:8px 10px;border:1px solid #c9ced6;border-radius:10px;',
    'font:inherit;color:inherit;background:#fff}',
    'textarea:focus{border-color:var(--p)}',
    '.send{display:inline-flex;align-items:center;justify-content:center;width:40px;height:40px;border:0;border-radius:10px;background:var(--p);color:#fff}',
    '.send:disabled{opacity:.5;cursor:default}',
    '.foot{margin:0;padding:0 12px 8px;background:#fff;font-size:11px;color:var(--muted);text-align:center}',
    '@media (max-width:600px){',
    '.panel{inset:0!important;width:100%;height:100%;border-radius:0;animation:none}',
    '.launcher{bottom:16px}.left .launcher{left:16px}.right .launcher{right:16px}',
    '.open .launcher{display:none}',
    '.widen{display:none!important}',
    'textarea{font-size:16px}', // 16px keeps iOS Safari from zooming in on focus
    '}',
    '@media (prefers-reduced-motion:reduce){.panel,.dot{animation:none}}',
    '@media print{.launcher,.panel{display:none}}',
  ].join('');

  /* ---------- state ---------- */

  // The conversation lives for the browser tab's session, so it carries on across the site's pages.
  var conversationId = load(STORAGE_KEY) || undefined;
  var transcript = readTranscript();
  var pending = false;
  var welcomed = false;
  var lastQuestion = '';
  var messageSeq = 0;

  function load(key) {
    try {
      return sessionStorage.getItem(key);
    } catch (_) {
      return null; // storage blocked (privacy mode, sandboxed frame): keep state in memory only
    }
  }

  function store(key, value) {
    try {
      if (value === null) sessionStorage.removeItem(key);
      else sessionStorage.setItem(key, value);
    } catch (_) {
      /* memory only; a full quota just means a shorter memory */
    }
  }

  function readTranscript() {
    try {
      var t = JSON.parse(load(TRANSCRIPT_KEY) || '[]');
      return Array.isArray(t) ? t : [];
    } catch (_) {
      return [];
    }
  }

  /** Remembers a question ({q}) or an answer ({a}) so the next page of the site shows the same conversation. */
  function remember(entry) {
    transcript = transcript.concat([entry]).slice(-TRANSCRIPT_ENTRIES);
    store(TRANSCRIPT_KEY, JSON.stringify(transcript));
  }

  function saveConversationId(id) {
    if (typeof id !== 'string' || !id) return;
    conversationId = id;
    store(STORAGE_KEY, id);
  }

  /* ---------- build ---------- */

  var host = h('div', { 'data-qidong-legal-widget': '' });
  var shadow = host.attachShadow({ mode: 'open' });
  var root = h('div', { class: 'root ' + POSITION });

  var launcher = h(
    'button',
    { class: 'launcher', type: 'button', 'aria-expanded': 'false', 'aria-controls': 'qdw-panel', 'aria-label': TEXT.open },
    [icon(ICON_CHAT), h('span', null, TITLE)]
  );

  var log = h('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': '对话记录', tabindex: '0' });
  var input = h('textarea', {
    id: 'qdw-input',
    rows: '1',
    maxlength: String(MAX_QUESTION_CHARS),
    placeholder: TEXT.placeholder,
    autocomplete: 'off',
    enterkeyhint: 'send',
  });
  var sendButton = h('button', { class: 'send', type: 'submit', 'aria-label': TEXT.send }, icon(ICON_SEND));
  var form = h('form', { 'aria-label': TEXT.inputLabel }, [
    h('label', { class: 'sr', for: 'qdw-input' }, TEXT.inputLabel),
    input,
    sendButton,
  ]);
  var closeButton = h('button', { class: 'x', type: 'button', 'aria-label': TEXT.close }, icon(ICON_CLOSE));
  // Staff reading a wide figures table want more room than a chat bubble; phones are full-screen anyway.
  var widenButton = h('button', { class: 'x widen', type: 'button', 'aria-label': TEXT.widen, title: TEXT.widen, 'aria-pressed': 'false' }, icon(ICON_WIDEN));
  widenButton.addEventListener('click', function () {
    var wide = root.classList.toggle('wide');
    widenButton.setAttribute('aria-pressed', wide ? 'true' : 'false');
  });
  var panel = h('section', { class: 'panel', id: 'qdw-panel', role: 'dialog', 'aria-labelledby': 'qdw-title', hidden: true }, [
    h('header', null, [
      h('div', { class: 't' }, [h('h2', { id: 'qdw-title' }, TITLE), h('p', null, TEXT.subtitle)]),
      widenButton,
      closeButton,
    ]),
    log,
    form,
    h('p', { class: 'foot' }, TEXT.footer),
  ]);

  shadow.appendChild(h('style', null, CSS_TEXT));
  append(root, [launcher, panel]);
  shadow.appendChild(root);

  /* ---------- open / close ---------- */

  function isOpen() {
    return !panel.hidden;
  }

  /** Opens the panel; focus moves into it only when the person asked for it (not on page load). */
  function open(options) {
    if (isOpen()) return;
    panel.hidden = false;
    root.classList.add('open');
    launcher.setAttribute('aria-expanded', 'true');
    store(OPEN_KEY, '1');
    if (!welcomed) {
      welcomed = true;
      loadWelcome();
      replayTranscript();
    }
    if (!options || options.focus !== false) input.focus();
  }

  function close() {
    if (!isOpen()) return;
    panel.hidden = true;
    root.classList.remove('open');
    launcher.setAttribute('aria-expanded', 'false');
    store(OPEN_KEY, null);
    launcher.focus();
  }

  function replayTranscript() {
    transcript.forEach(function (entry) {
      if (entry && typeof entry.q === 'string') userMessage(entry.q);
      else if (entry && entry.a && typeof entry.a.answer === 'string') addMessage(botMessage(entry.a));
    });
  }

  launcher.addEventListener('click', function () {
    if (isOpen()) close();
    else open();
  });
  closeButton.addEventListener('click', close);
  panel.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && !e.isComposing) {
      e.preventDefault();
      close();
    }
  });

  /* ---------- composer ---------- */

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    ask(input.value);
  });
  input.addEventListener('keydown', function (e) {
    // Enter sends; Shift+Enter is a new line; Enter that confirms a Chinese IME composition must not send.
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      ask(input.value);
    }
  });
  input.addEventListener('input', autosize);

  function autosize() {
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight + 2, 120) + 'px';
  }

  function setPending(v) {
    pending = v;
    sendButton.disabled = v;
    log.setAttribute('aria-busy', v ? 'true' : 'false');
  }

  /* ---------- messages ---------- */

  function addMessage(el) {
    log.appendChild(el);
    log.scrollTop = log.scrollHeight;
    return el;
  }

  function scrollIntoView(el) {
    // Show the start of a long answer rather than its end.
    log.scrollTop = Math.max(0, el.offsetTop - log.offsetTop - 8);
  }

  function userMessage(text) {
    return addMessage(h('div', { class: 'msg user' }, h('p', { class: 'bubble' }, [h('span', { class: 'sr' }, TEXT.you), text])));
  }

  function typingMessage() {
    return addMessage(
      h('div', { class: 'msg bot typing', role: 'status' }, [
        h('div', { class: 'bubble', 'aria-hidden': 'true' }, [h('span', { class: 'dot' }), h('span', { class: 'dot' }), h('span', { class: 'dot' })]),
        h('span', { class: 'sr' }, TEXT.typing),
      ])
    );
  }

  function errorMessage(text, retry) {
    var el = h('div', { class: 'msg bot err', role: 'alert' }, h('div', { class: 'bubble' }, [h('p', null, text)]));
    if (retry) {
      el.firstChild.appendChild(
        h('button', {
          type: 'button',
          onclick: function () {
            el.remove();
            retry();
          },
        }, TEXT.retry)
      );
    }
    return addMessage(el);
  }

  function chips(list, label) {
    if (!Array.isArray(list) || !list.length) return null;
    return h(
      'div',
      { class: 'chips', role: 'group', 'aria-label': label },
      list.slice(0, 6).map(function (s) {
        return h('button', { class: 'chip', type: 'button', onclick: function () { ask(String(s)); } }, String(s));
      })
    );
  }

  var DISCLAIMER = /仅供参考|不构成.{0,4}法律意见|以.{0,12}(原文|正式文件|官方发布).{0,4}为准/;

  var BULLET = /^\s*[-*•·・]\s+/;
  // "1. 完善突发事件应对制度：…[1]": the measures of a topic answer, one line each.
  var NUMBERED = /^\s*(\d{1,2})[.．]\s+/;
  var HEADLINE = /^[^：:\[]{2,30}[：:]/;

  /**
   * Server text → blocks: a paragraph per line, runs of "- " lines as a list, runs of "1. " lines as a
   * numbered list. A [n] that points at a citation becomes a button that opens the source; everything
   * else stays text.
   */
  function textBlocks(text, citations, msgId, toggle) {
    var lines = String(text || '').split(/\n+/).filter(function (l) { return l.trim(); });
    var blocks = [];
    var list = null;
    lines.forEach(function (line, i) {
      var isDisclaimer = i === lines.length - 1 && lines.length > 1 && DISCLAIMER.test(line);
      var kind = isDisclaimer ? '' : BULLET.test(line) ? 'ul' : NUMBERED.test(line) ? 'ol' : '';
      if (kind) {
        if (!list || list.tagName.toLowerCase() !== kind) {
          blocks.push((list = h(kind, kind === 'ol' ? { class: 'items', start: line.match(NUMBERED)[1] } : null)));
        }
        var item = line.replace(kind === 'ul' ? BULLET : NUMBERED, '');
        // "严守安全生产底线：以…": the measure's name stands out from its facts.
        var head = kind === 'ol' ? item.match(HEADLINE) : null;
        var li = head ? h('li', null, h('strong', null, head[0])) : h('li');
        list.appendChild(withMarkers(li, head ? item.slice(head[0].length) : item, citations, msgId, toggle));
        return;
      }
      list = null;
      blocks.push(withMarkers(h('p', { class: isDisclaimer ? 'disc' : null }), line, citations, msgId, toggle));
    });
    return blocks;
  }

  function withMarkers(el, line, citations, msgId, toggle) {
    var re = /\[(\d{1,2})\]/g;
    var last = 0;
    var m;
    while ((m = re.exec(line))) {
      var n = Number(m[1]);
      var c = citations && citations[n - 1];
      if (!c) continue;
      append(el, line.slice(last, m.index));
      el.appendChild(citeButton(n, c, msgId, toggle));
      last = m.index + m[0].length;
    }
    return append(el, line.slice(last));
  }

  function citeButton(n, c, msgId, toggle) {
    return h('button', {
      class: 'cite',
      type: 'button',
      'aria-expanded': 'false',
      'aria-controls': msgId + '-src-' + n,
      'aria-label': '[' + n + '] 查看来源：' + c.title,
      'data-n': String(n),
      onclick: function () { toggle(n); },
    }, '[' + n + ']');
  }

  function whereInSource(c) {
    // "2023年度 · 一、（二）…" for a report, "第一章 总则 · 第七条" for a regulation.
    var parts = [];
    if (c.kind === 'report' && c.year) parts.push(c.year + '年度');
    if (c.chapter) parts.push(c.chapter);
    if (c.section) parts.push(c.section);
    if (c.article) parts.push(c.article);
    return parts.join(' · ');
  }

  function sourcePanel(n, c, msgId) {
    var loc = whereInSource(c);
    return h('div', { class: 'src', id: msgId + '-src-' + n, hidden: true, role: 'region', 'aria-label': '来源 ' + n }, [
      h('p', { class: 'hd' }, '[' + n + '] ' + (TEXT.kind[c.kind] ? TEXT.kind[c.kind] + '：' : '') + c.title),
      loc ? h('p', { class: 'loc' }, loc) : null,
      h('blockquote', null, String(c.text || '')),
    ]);
  }

  function tableBlock(table) {
    if (!table || !Array.isArray(table.columns) || !Array.isArray(table.rows)) return null;
    var numeric = /^[-+]?[\d,.]+\s*(%|余|多)?$/;
    return h('div', { class: 'twrap', role: 'region', 'aria-label': TEXT.tableLabel, tabindex: '0' },
      h('table', null, [
        h('thead', null, h('tr', null, table.columns.map(function (col) { return h('th', { scope: 'col' }, String(col)); }))),
        h('tbody', null, table.rows.map(function (row) {
          return h('tr', null, (Array.isArray(row) ? row : []).map(function (cell) {
            var s = String(cell);
            // Long cells get a readable width; the table then scrolls sideways instead of a letter per line.
            return h('td', { class: numeric.test(s) ? 'num' : s.length > 24 ? 'long' : null }, s);
          }));
        })),
      ])
    );
  }

  function rating(answerId) {
    var status = h('span', { role: 'status' });
    var buttons = [['up', '👍', TEXT.up], ['down', '👎', TEXT.down]].map(function (r) {
      return h('button', {
        type: 'button',
        'aria-label': r[2],
        title: r[2],
        'aria-pressed': 'false',
        onclick: function (e) { rate(r[0], e.currentTarget); },
      }, r[1]);
    });
    function rate(value, button) {
      buttons.forEach(function (b) { b.disabled = true; });
      button.setAttribute('aria-pressed', 'true');
      postJson('/api/feedback', { conversationId: conversationId, answerId: answerId, rating: value })
        .then(function (res) {
          if (!res.ok) throw new Error('feedback ' + res.status);
          status.textContent = TEXT.thanks;
        })
        .catch(function () {
          status.textContent = TEXT.feedbackFailed;
          button.setAttribute('aria-pressed', 'false');
          buttons.forEach(function (b) { b.disabled = false; });
        });
    }
    return h('div', { class: 'rate' }, buttons.concat([status]));
  }

  function botMessage(a) {
    var msgId = 'm' + ++messageSeq;
    var citations = Array.isArray(a.citations) ? a.citations : [];
    var panels = {};
    var bubble = h('div', { class: 'bubble' }, h('span', { class: 'sr' }, TEXT.bot));

    function toggle(n) {
      var src = panels[n];
      if (!src) return;
      src.hidden = !src.hidden;
      bubble.querySelectorAll('[aria-controls="' + msgId + '-src-' + n + '"]').forEach(function (b) {
        b.setAttribute('aria-expanded', src.hidden ? 'false' : 'true');
      });
    }

    var paragraphs = textBlocks(a.answer, citations, msgId, toggle);
    // The disclaimer goes last, under the table and the sources, small.
    var disclaimer = paragraphs.length > 1 && paragraphs[paragraphs.length - 1].className === 'disc' ? paragraphs.pop() : null;
    append(bubble, paragraphs);
    append(bubble, tableBlock(a.table));
    citations.forEach(function (c, i) {
      panels[i + 1] = bubble.appendChild(sourcePanel(i + 1, c, msgId));
    });
    if (citations.length) {
      bubble.appendChild(
        h('div', { class: 'srcs', role: 'group', 'aria-label': TEXT.sources }, [TEXT.sources + '：'].concat(
          citations.map(function (c, i) {
            var n = i + 1;
            var loc = c.article || c.section || '';
            return h('button', {
              type: 'button',
              title: c.title + (loc ? ' · ' + loc : ''),
              'aria-expanded': 'false',
              'aria-controls': msgId + '-src-' + n,
              onclick: function () { toggle(n); },
            }, '[' + n + '] ' + c.title + (loc ? ' · ' + loc : ''));
          })
        ))
      );
    }
    append(bubble, disclaimer);
    var el = h('div', { class: 'msg bot', id: msgId }, [bubble]);
    if (a.answerId) el.appendChild(rating(a.answerId));
    append(el, chips(a.suggestions, TEXT.suggestions));
    return el;
  }

  /* ---------- network ---------- */

  function postJson(path, body, accept) {
    var ctrl = typeof AbortController === 'function' ? new AbortController() : null;
    var timer = ctrl && setTimeout(function () { ctrl.abort(); }, REQUEST_TIMEOUT_MS);
    return fetch(API_BASE + path, {
      method: 'POST',
      mode: 'cors',
      credentials: 'omit',
      headers: { 'Content-Type': 'application/json', Accept: accept || 'application/json' },
      body: JSON.stringify(body),
      signal: ctrl ? ctrl.signal : undefined,
    }).finally(function () { if (timer) clearTimeout(timer); });
  }

  /** A failed request, classified so the person reads a clear reason rather than a technical one. */
  function failure(status) {
    var e = new Error('http ' + status);
    e.status = status;
    return e;
  }

  function messageFor(err) {
    if (err && err.userMessage) return err.userMessage;
    var s = err && err.status;
    if (!s) return TEXT.unreachable; // fetch rejected: offline, DNS, CORS, timeout
    if (s === 429) return TEXT.tooMany;
    if (s === 413) return TEXT.tooLong;
    if (s >= 400 && s < 500) return TEXT.badRequest;
    return TEXT.serverError;
  }

  function loadWelcome() {
    var typing = typingMessage();
    fetch(API_BASE + '/api/welcome', { mode: 'cors', credentials: 'omit', headers: { Accept: 'application/json' } })
      .then(function (res) {
        if (!res.ok) throw failure(res.status);
        return res.json();
      })
      .then(function (w) {
        // In place of the indicator, so a question asked meanwhile stays below the welcome.
        typing.replaceWith(
          h('div', { class: 'msg bot welcome' }, [
            h('div', { class: 'bubble' }, textBlocks(w.text || TEXT.welcome)),
            chips(w.suggestions, TEXT.suggestions),
          ])
        );
      })
      .catch(function (err) {
        typing.replaceWith(h('div', { class: 'msg bot welcome' }, h('div', { class: 'bubble' }, h('p', null, TEXT.welcome))));
        errorMessage(messageFor(err), function () { loadWelcomeAgain(); });
      });
  }

  function loadWelcomeAgain() {
    var old = log.querySelector('.welcome');
    if (old) old.remove();
    loadWelcome();
  }

  function ask(raw) {
    var text = String(raw || '').trim();
    if (!text || pending) return;
    if (!isOpen()) open();
    if (text.length > MAX_QUESTION_CHARS) {
      errorMessage(TEXT.tooLong);
      return;
    }
    input.value = '';
    autosize();
    lastQuestion = text;
    userMessage(text);
    remember({ q: text });
    send(text);
  }

  function send(text) {
    setPending(true);
    var typing = typingMessage();
    var body = { text: text };
    if (conversationId) body.conversationId = conversationId;
    postJson('/api/chat', body, STREAM ? 'text/event-stream' : 'application/json')
      .then(function (res) {
        if (!res.ok) throw failure(res.status);
        var type = res.headers.get('content-type') || '';
        if (STREAM && type.indexOf('text/event-stream') === 0 && res.body) return readStream(res.body, typing);
        return res.json();
      })
      .then(function (a) {
        typing.remove();
        if (!a || typeof a.answer !== 'string') throw failure(502);
        saveConversationId(a.conversationId);
        scrollIntoView(addMessage(botMessage(a)));
        // Without its answerId: a replayed answer shows no 👍/👎, so nobody rates it twice.
        remember({ a: { answered: a.answered, answer: a.answer, citations: a.citations, suggestions: a.suggestions, table: a.table } });
      })
      .catch(function (err) {
        typing.remove();
        var partial = log.querySelector('.streaming');
        if (partial) partial.remove();
        errorMessage(messageFor(err), function () { send(lastQuestion); });
      })
      .finally(function () {
        setPending(false);
      });
  }

  /** Reads `event: token` chunks into a live bubble, resolves with the final `event: answer` payload. */
  function readStream(stream, typing) {
    var reader = stream.getReader();
    var decoder = new TextDecoder();
    var buffer = '';
    var live = null;
    var final = null;

    function handle(block) {
      var event = 'message';
      var lines = [];
      block.split(/\r?\n/).forEach(function (line) {
        if (line.indexOf('event:') === 0) event = line.slice(6).trim();
        else if (line.indexOf('data:') === 0) lines.push(line.slice(5).replace(/^ /, ''));
      });
      if (!lines.length) return;
      var payload = JSON.parse(lines.join('\n'));
      if (event === 'token') {
        if (!live) {
          typing.remove();
          live = addMessage(h('div', { class: 'msg bot streaming', 'aria-hidden': 'true' }, h('div', { class: 'bubble' }, h('p'))));
        }
        live.querySelector('p').textContent += String(payload.text || '');
        log.scrollTop = log.scrollHeight;
      } else if (event === 'answer') {
        final = payload;
      } else if (event === 'error') {
        // The server's fixed, polite apology (never internals); shown as text like everything else.
        var err = failure(502);
        if (typeof payload.message === 'string' && payload.message) err.userMessage = payload.message.slice(0, 200);
        throw err;
      }
    }

    function pump() {
      return reader.read().then(function (r) {
        if (r.value) buffer += decoder.decode(r.value, { stream: true });
        var parts = buffer.split(/\r?\n\r?\n/);
        buffer = parts.pop();
        parts.forEach(handle);
        if (!r.done) return pump();
        if (buffer.trim()) handle(buffer);
        if (live) live.remove();
        if (!final) throw failure(502);
        return final;
      });
    }
    return pump();
  }

  /* ---------- host page hooks ---------- */

  // Links on the host page can open the widget or ask a question without any script of their own:
  // <a href="#" data-qdw-open>在线咨询</a>  <a href="#" data-qdw-ask="2023年开展了多少场法治宣传活动？">…</a>
  document.addEventListener('click', function (e) {
    var t = e.target && e.target.closest ? e.target.closest('[data-qdw-open],[data-qdw-ask]') : null;
    if (!t) return;
    e.preventDefault();
    var q = t.getAttribute('data-qdw-ask');
    if (q) ask(q);
    else open();
  });

  window.QidongLegalWidget = {
    open: function () { open(); },
    close: close,
    ask: ask,
    version: '1.0.0',
  };

  function mount() {
    document.body.appendChild(host);
    // A mark after the frame that shows the launcher: the demo's first-paint figure.
    requestAnimationFrame(function () {
      setTimeout(function () {
        if (performance.mark) performance.mark('qdw:first-paint');
      }, 0);
    });
    // Open as asked by data-open, or as the person left it on the previous page (not on phones,
    // where the open panel would cover the whole page they just navigated to).
    var wasOpen = load(OPEN_KEY) === '1' && !matchMedia('(max-width: 600px)').matches;
    if (OPEN_ON_LOAD || wasOpen) open({ focus: false });
  }

  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
