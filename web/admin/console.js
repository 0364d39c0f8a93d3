// The staff console: plain JavaScript, no build step, no libraries; charts are SVG drawn here.
// Talks only to /admin/api/ on its own origin. Every text from the server goes in through textContent.
(function () {
  'use strict';

  var SVG_NS = 'http://www.w3.org/2000/svg';
  var COLORS = { answered: '#1d5fbf', declined: '#e08a00', down: '#c62828', topic: '#2e7d6b' };
  var state = { csrf: '', staff: null, tab: 'overview', selected: null, groups: [], busy: false };

  // ---------- small helpers ----------
  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function svg(tag, attrs, children) {
    var node = document.createElementNS(SVG_NS, tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function setAttrs(node, attrs) {
    if (!attrs) return;
    Object.keys(attrs).forEach(function (k) {
      var v = attrs[k];
      if (v === undefined || v === null || v === false) return;
      if (k === 'text') node.textContent = String(v);
      else if (k === 'onclick') node.addEventListener('click', v);
      else node.setAttribute(k, v === true ? '' : String(v));
    });
  }

  function append(node, children) {
    if (children === undefined || children === null) return;
    (Array.isArray(children) ? children : [children]).forEach(function (c) {
      if (c === undefined || c === null || c === false) return;
      node.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    });
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function pct(n, of) { return of ? Math.round((n / of) * 1000) / 10 : 0; }

  function fmtTime(iso) {
    if (!iso) return '';
    var d = new Date(iso);
    if (isNaN(d.getTime())) return iso;
    var p = function (n) { return (n < 10 ? '0' : '') + n; };
    return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + ' ' + p(d.getHours()) + ':' + p(d.getMinutes());
  }

  function staffLabel(id, mine) { return mine ? '我' : '员工 ' + String(id || '').slice(0, 8); }

  /** YYYY-MM-DD in China (UTC+8), the day the server counts in. */
  function chinaDay(offsetDays) {
    return new Date(Date.now() + 8 * 3600000 + (offsetDays || 0) * 86400000).toISOString().slice(0, 10);
  }

  function ApiError(status, message) { this.status = status; this.message = message; }

  function api(method, url, body) {
    var headers = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET') headers['x-csrf-token'] = state.csrf;
    return fetch(url, { method: method, headers: headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (res) {
        if (res.status === 204) return null;
        return res.json().catch(function () { return {}; }).then(function (data) {
          if (res.status === 401 && url !== '/admin/api/session') showSignIn('登录已过期，请重新登录。');
          if (!res.ok) throw new ApiError(res.status, (data && data.message) || '请求失败（' + res.status + '）。');
          return data;
        });
      });
  }

  function report(node, error) {
    node.textContent = error instanceof ApiError ? error.message : '网络错误，请稍后再试。';
    node.classList.add('error');
  }

  // ---------- sign-in ----------
  function showSignIn(message) {
    state.csrf = '';
    $('app').hidden = true;
    $('tabs').hidden = true;
    $('who').hidden = true;
    $('signin').hidden = false;
    $('signin-error').textContent = message || '';
    $('token').focus();
  }

  function signedIn(session) {
    state.csrf = session.csrf;
    state.staff = session.staff;
    $('signin').hidden = true;
    $('app').hidden = false;
    $('tabs').hidden = false;
    $('who').hidden = false;
    $('who-name').textContent = session.staff.name ? '您好，' + session.staff.name : '已登录（未署名）';
    showTab(state.tab);
  }

  $('signin-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var button = e.target.querySelector('button');
    button.disabled = true;
    api('POST', '/admin/api/session', { token: $('token').value, name: $('staff-name').value || undefined })
      .then(function (session) {
        $('token').value = '';
        signedIn(session);
      })
      .catch(function (err) { report($('signin-error'), err); })
      .then(function () { button.disabled = false; });
  });

  $('sign-out').addEventListener('click', function () {
    api('DELETE', '/admin/api/session').catch(function () { return null; }).then(function () { showSignIn('已退出。'); });
  });

  // ---------- tabs and range ----------
  function showTab(name) {
    state.tab = name;
    ['overview', 'failures', 'audit'].forEach(function (t) {
      $('tab-' + t).hidden = t !== name;
      var b = document.querySelector('[data-tab="' + t + '"]');
      if (t === name) b.setAttribute('aria-current', 'page'); else b.removeAttribute('aria-current');
    });
    refresh();
  }

  Array.prototype.forEach.call(document.querySelectorAll('[data-tab]'), function (b) {
    b.addEventListener('click', function () { showTab(b.getAttribute('data-tab')); });
  });

  function rangeQuery() { return 'from=' + encodeURIComponent($('from').value) + '&to=' + encodeURIComponent($('to').value); }

  function setDays(n) {
    $('to').value = chinaDay(0);
    $('from').value = chinaDay(-(n - 1));
  }

  $('range-form').addEventListener('submit', function (e) { e.preventDefault(); refresh(); });
  Array.prototype.forEach.call(document.querySelectorAll('[data-days]'), function (b) {
    b.addEventListener('click', function () { setDays(Number(b.getAttribute('data-days'))); refresh(); });
  });

  function refresh() {
    $('csv').href = '/admin/api/overview.csv?' + rangeQuery();
    $('range-status').textContent = '';
    $('range-status').classList.remove('error');
    if (state.tab === 'overview') loadOverview();
    else if (state.tab === 'failures') loadFailures();
    else loadAudit();
  }

  // ---------- overview ----------
  function loadOverview() {
    var started = performance.now();
    document.body.removeAttribute('data-overview-ready');
    api('GET', '/admin/api/overview?' + rangeQuery())
      .then(function (o) {
        drawCards(o.totals);
        drawDays(o.days);
        drawShares(o.days);
        drawTopics(o.topics);
        var ms = Math.round(performance.now() - started);
        $('range-status').textContent = o.range.from + ' 至 ' + o.range.to + '，共 ' + o.totals.questions + ' 次提问（' + ms + ' ms）';
        // Milliseconds since the page began to load: what a person waits for the first overview.
        document.body.setAttribute('data-overview-ready', String(Math.round(performance.now())));
      })
      .catch(function (err) { report($('range-status'), err); });
  }

  function drawCards(t) {
    var cards = [
      ['提问', t.questions, ''],
      ['已回答', pct(t.answered, t.questions) + '%', t.answered + ' 次'],
      ['未能回答', pct(t.declined, t.questions) + '%', t.declined + ' 次'],
      ['点踩', pct(t.down, t.questions) + '%', t.down + ' 次'],
    ];
    var box = $('cards');
    clear(box);
    cards.forEach(function (c) {
      box.appendChild(el('div', { class: 'card' }, [el('span', { class: 'label', text: c[0] }), el('strong', { text: c[1] }), el('span', { class: 'sub', text: c[2] })]));
    });
  }

  var W = 800, H = 240, PAD = { l: 44, r: 12, t: 12, b: 34 };

  function niceMax(v) {
    if (v <= 5) return 5;
    var p = Math.pow(10, Math.floor(Math.log10(v)));
    var steps = [1, 2, 2.5, 5, 10];
    for (var i = 0; i < steps.length; i++) if (steps[i] * p >= v) return steps[i] * p;
    return 10 * p;
  }

  function axes(root, max, days, unit) {
    var plotH = H - PAD.t - PAD.b;
    for (var i = 0; i <= 4; i++) {
      var y = PAD.t + plotH - (plotH * i) / 4;
      root.appendChild(svg('line', { x1: PAD.l, x2: W - PAD.r, y1: y, y2: y, class: 'grid' }));
      root.appendChild(svg('text', { x: PAD.l - 6, y: y + 4, 'text-anchor': 'end', class: 'tick', text: Math.round((max * i) / 4) + (unit || '') }));
    }
    var every = Math.max(1, Math.ceil(days.length / 10));
    var step = (W - PAD.l - PAD.r) / Math.max(1, days.length);
    days.forEach(function (d, i) {
      if (i % every !== 0 && i !== days.length - 1) return;
      root.appendChild(svg('text', { x: PAD.l + step * (i + 0.5), y: H - PAD.b + 16, 'text-anchor': 'middle', class: 'tick', text: d.day.slice(5) }));
    });
  }

  function legend(root, items) {
    var x = PAD.l;
    items.forEach(function (it) {
      root.appendChild(svg('rect', { x: x, y: H - 12, width: 10, height: 10, fill: it[1] }));
      root.appendChild(svg('text', { x: x + 14, y: H - 3, class: 'tick', text: it[0] }));
      x += 24 + it[0].length * 13;
    });
  }

  function chartRoot(label) {
    return svg('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': label, class: 'plot' });
  }

  function drawDays(days) {
    var max = niceMax(days.reduce(function (m, d) { return Math.max(m, d.questions); }, 0));
    var root = chartRoot('每日提问数，共 ' + days.length + ' 天');
    axes(root, max, days);
    var plotH = H - PAD.t - PAD.b;
    var step = (W - PAD.l - PAD.r) / Math.max(1, days.length);
    var bw = Math.max(1, step * 0.7);
    days.forEach(function (d, i) {
      var x = PAD.l + step * i + (step - bw) / 2;
      var hA = (plotH * d.answered) / max;
      var hD = (plotH * d.declined) / max;
      var g = svg('g', { class: 'day', 'data-day': d.day, 'data-questions': d.questions, 'data-answered': d.answered, 'data-declined': d.declined, 'data-down': d.down });
      g.appendChild(svg('title', { text: d.day + '：提问 ' + d.questions + '，已回答 ' + d.answered + '，未能回答 ' + d.declined + '，点踩 ' + d.down }));
      g.appendChild(svg('rect', { x: x, y: PAD.t + plotH - hA, width: bw, height: hA, fill: COLORS.answered }));
      g.appendChild(svg('rect', { x: x, y: PAD.t + plotH - hA - hD, width: bw, height: hD, fill: COLORS.declined }));
      // A transparent column over the whole height, so small days still show their tooltip.
      g.appendChild(svg('rect', { x: PAD.l + step * i, y: PAD.t, width: step, height: plotH, fill: 'transparent' }));
      root.appendChild(g);
    });
    legend(root, [['已回答', COLORS.answered], ['未能回答', COLORS.declined]]);
    var box = $('chart-days');
    clear(box);
    box.appendChild(root);
  }

  function drawShares(days) {
    var root = chartRoot('每日回答率、未答率和点踩率');
    axes(root, 100, days, '%');
    var plotH = H - PAD.t - PAD.b;
    var step = (W - PAD.l - PAD.r) / Math.max(1, days.length);
    [['answered', '回答率'], ['declined', '未答率'], ['down', '点踩率']].forEach(function (s) {
      var points = [];
      days.forEach(function (d, i) {
        if (!d.questions) return;
        var v = pct(d[s[0]], d.questions);
        var x = PAD.l + step * (i + 0.5);
        var y = PAD.t + plotH - (plotH * Math.min(100, v)) / 100;
        points.push(x.toFixed(1) + ',' + y.toFixed(1));
        root.appendChild(svg('circle', { cx: x, cy: y, r: 2.5, fill: COLORS[s[0]] }, svg('title', { text: d.day + ' ' + s[1] + ' ' + v + '%' })));
      });
      if (points.length > 1) root.appendChild(svg('polyline', { points: points.join(' '), fill: 'none', stroke: COLORS[s[0]], 'stroke-width': 2, class: 'series-' + s[0] }));
    });
    legend(root, [['回答率', COLORS.answered], ['未答率', COLORS.declined], ['点踩率', COLORS.down]]);
    var box = $('chart-shares');
    clear(box);
    box.appendChild(root);
  }

  function drawTopics(topics) {
    var box = $('chart-topics');
    clear(box);
    if (!topics.length) {
      box.appendChild(el('p', { class: 'hint', text: '这段时间还没有回答过的问题。' }));
      return;
    }
    var rowH = 26, labelW = 260, width = 800, height = topics.length * rowH + 8;
    var max = topics[0].count;
    var root = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-label': '问得最多的主题', class: 'plot topics' });
    topics.forEach(function (t, i) {
      var y = 4 + i * rowH;
      var w = ((width - labelW - 60) * t.count) / max;
      var g = svg('g', { class: 'topic', 'data-topic': t.topic, 'data-count': t.count });
      g.appendChild(svg('title', { text: t.topic + '：' + t.count + ' 次' }));
      g.appendChild(svg('text', { x: labelW - 8, y: y + 17, 'text-anchor': 'end', class: 'label', text: t.topic.length > 18 ? t.topic.slice(0, 18) + '…' : t.topic }));
      g.appendChild(svg('rect', { x: labelW, y: y + 4, width: Math.max(2, w), height: rowH - 8, fill: COLORS.topic }));
      g.appendChild(svg('text', { x: labelW + Math.max(2, w) + 6, y: y + 17, class: 'tick', text: t.count }));
      root.appendChild(g);
    });
    box.appendChild(root);
  }

  // ---------- failures ----------
  var filterTimer;
  $('status').addEventListener('change', loadFailures);
  $('sort').addEventListener('change', loadFailures);
  $('filter').addEventListener('input', function () {
    clearTimeout(filterTimer);
    filterTimer = setTimeout(loadFailures, 250);
  });

  function loadFailures() {
    var q = '&status=' + $('status').value + '&sort=' + $('sort').value + '&q=' + encodeURIComponent($('filter').value.trim());
    api('GET', '/admin/api/failures?' + rangeQuery() + q)
      .then(function (r) {
        state.groups = r.groups;
        $('failures-summary').textContent = '待处理 ' + r.counts.open + ' 组 · 已关联 ' + r.counts.linked + ' 组 · 已标记拒答 ' + r.counts.marked + ' 组' + (r.total > r.groups.length ? '（显示前 ' + r.groups.length + ' 组）' : '');
        var list = $('groups');
        clear(list);
        if (!r.groups.length) list.appendChild(el('li', { class: 'hint', text: '没有符合条件的问题。' }));
        r.groups.forEach(function (g) {
          var counts = [];
          if (g.declined) counts.push('未答 ×' + g.declined);
          if (g.down) counts.push('点踩 ×' + g.down);
          var button = el('button', { type: 'button', class: 'group' + (state.selected && state.selected.key === g.key ? ' selected' : ''), 'data-key': g.key }, [
            el('span', { class: 'q', text: g.question }),
            el('span', { class: 'meta' }, [
              el('span', { class: 'count', text: counts.join(' · ') }),
              g.variants.length > 1 ? el('span', { text: g.variants.length + ' 种问法' }) : null,
              el('span', { text: fmtTime(g.lastAt) }),
              el('span', { class: 'badge ' + g.status, text: { open: '待处理', linked: '已关联', marked: '已标记拒答' }[g.status] }),
            ]),
          ]);
          button.addEventListener('click', function () { select(g); });
          list.appendChild(el('li', null, button));
        });
        if (state.selected) refreshSelected(r.groups);
      })
      .catch(function (err) { report($('failures-summary'), err); });
  }

  /** The selected group as the server sees it now (it may have left the filtered list after a link or a mark). */
  function refreshSelected(groups) {
    var key = state.selected.key;
    var found = groups.filter(function (g) { return g.key === key; })[0];
    if (found) { state.selected = found; renderLinksAndMarks(found); return; }
    api('GET', '/admin/api/failures?' + rangeQuery() + '&status=all&q=' + encodeURIComponent(state.selected.question))
      .then(function (r) {
        var again = r.groups.filter(function (g) { return g.key === key; })[0];
        if (again && state.selected && state.selected.key === key) { state.selected = again; renderLinksAndMarks(again); }
      })
      .catch(function () { return null; });
  }

  function select(g) {
    state.selected = g;
    Array.prototype.forEach.call(document.querySelectorAll('.group'), function (b) {
      b.classList.toggle('selected', b.getAttribute('data-key') === g.key);
    });
    var pane = $('fix');
    clear(pane);
    var question = el('textarea', { id: 'fix-question', rows: 2, maxlength: 500, 'aria-label': '要关联的问题' });
    question.value = g.question;
    pane.appendChild(el('h2', { text: '处理这个问题' }));
    pane.appendChild(el('label', { class: 'block' }, ['问题（关联时按这个写法保存，可修改）', question]));
    if (g.variants.length > 1) {
      pane.appendChild(el('details', null, [el('summary', { text: '相近的问法（' + g.variants.length + '）' }),
        el('ul', { class: 'variants' }, g.variants.map(function (v) { return el('li', { text: v.question + '  ×' + v.count + (v.kind === 'down' ? '（点踩）' : '') }); }))]));
    }
    pane.appendChild(el('h3', { text: '当时的回答' }));
    pane.appendChild(el('ul', { class: 'answers' }, g.answers.map(function (a) {
      return el('li', { class: a.kind }, [
        el('span', { class: 'badge ' + (a.kind === 'down' ? 'down' : 'open'), text: a.kind === 'down' ? '被点踩' : '未能回答' }),
        el('span', { text: a.text || '（对话记录已过期，无法显示回答）' }),
        a.cited ? el('span', { class: 'cited', text: '引用：' + a.cited }) : null,
      ]);
    })));
    pane.appendChild(el('div', { id: 'fix-existing' }));
    pane.appendChild(el('p', { class: 'status', id: 'fix-status', role: 'status' }));

    var searchInput = el('input', { type: 'search', id: 'search-q', maxlength: 200, 'aria-label': '搜索知识库' });
    searchInput.value = g.question;
    var searchForm = el('form', { class: 'search', id: 'search-form' }, [searchInput, el('button', { type: 'submit', class: 'primary', text: '搜索知识库' })]);
    searchForm.addEventListener('submit', function (e) { e.preventDefault(); search(searchInput.value); });
    pane.appendChild(el('h3', { text: '关联到能回答它的段落' }));
    pane.appendChild(el('p', { class: 'hint', text: '与机器人回答时相同的检索。换个说法或写出法规名和条号（如“行政处罚法 第三十六条”）也能找到。' }));
    pane.appendChild(searchForm);
    pane.appendChild(el('ol', { class: 'passages', id: 'passages' }));

    var note = el('textarea', { id: 'mark-note', rows: 2, maxlength: 500, placeholder: '说明（必填），例如：属于户籍业务，知识库没有，请拨打 12345', 'aria-label': '标记说明' });
    var markButton = el('button', { type: 'button', id: 'mark', text: '标记为“拒答正确（知识库中没有）”' });
    markButton.addEventListener('click', function () { mark(note.value); });
    pane.appendChild(el('h3', { text: '或者：确认不在知识库中' }));
    pane.appendChild(el('div', { class: 'mark' }, [note, markButton]));
    renderLinksAndMarks(g);
  }

  function renderLinksAndMarks(g) {
    var box = $('fix-existing');
    if (!box) return;
    clear(box);
    if (!g.links.length && !g.marks.length) return;
    box.appendChild(el('h3', { text: '已有的处理' }));
    var list = el('ul', { class: 'existing' });
    g.links.forEach(function (l) {
      list.appendChild(el('li', null, [
        '已关联到 ' + l.targets.join('、') + '（' + staffLabel(l.by, l.mine) + '，' + fmtTime(l.at) + '）',
        el('button', { type: 'button', class: 'link undo', 'data-link': l.id, text: '撤销', onclick: function () { unlink(l.id, g.question); } }),
      ]));
    });
    g.marks.forEach(function (m) {
      list.appendChild(el('li', null, [
        '已标记拒答正确：' + m.note + '（' + fmtTime(m.at) + '）',
        el('button', { type: 'button', class: 'link undo', text: '撤销', onclick: function () { unmark(m.id); } }),
      ]));
    });
    box.appendChild(list);
  }

  function passageHeading(p) {
    if (p.kind === 'regulation') return (p.law || p.title) + ' ' + (p.article || '');
    if (p.kind === 'report') return p.year + '年报告 ' + (p.section || '');
    return p.title;
  }

  function search(q) {
    var list = $('passages');
    clear(list);
    list.appendChild(el('li', { class: 'hint', text: '搜索中…' }));
    api('GET', '/admin/api/search?k=10&q=' + encodeURIComponent(q))
      .then(function (r) {
        clear(list);
        if (!r.passages.length) list.appendChild(el('li', { class: 'hint', text: '没有找到。' }));
        r.passages.forEach(function (p) {
          var button = el('button', { type: 'button', class: 'primary', text: '关联到这一段' });
          button.addEventListener('click', function () { link(p, button); });
          list.appendChild(el('li', { class: 'passage', 'data-passage': p.id }, [
            el('div', { class: 'head' }, [el('strong', { text: passageHeading(p) }), p.chapter ? el('span', { class: 'sub', text: p.chapter }) : null, el('span', { class: 'sub', text: '相关度 ' + p.score })]),
            el('p', { class: 'text', text: p.text }),
            button,
          ]));
        });
      })
      .catch(function (err) { clear(list); list.appendChild(el('li', { class: 'error', text: err.message || '搜索失败。' })); });
  }

  function status(text, kind, node) {
    var s = node || (state.tab === 'audit' ? $('audit-status') : $('fix-status'));
    if (!s) return;
    s.textContent = text;
    s.className = 'status' + (kind ? ' ' + kind : '');
  }

  function link(p, button) {
    var question = $('fix-question').value.trim();
    if (!question) return status('请填写问题。', 'error');
    button.disabled = true;
    api('POST', '/admin/api/links', { question: question, passageId: p.id })
      .then(function (r) {
        status('已关联到 ' + r.link.targets.join('、') + '。正在后台重建索引…', 'busy');
        return afterRebuild(r.rebuild.generation, question, $('fix-status'));
      })
      .then(function () { loadFailures(); })
      .catch(function (err) { status(err.message || '关联失败。', 'error'); })
      .then(function () { button.disabled = false; });
  }

  function unlink(id, question, statusNode) {
    return api('DELETE', '/admin/api/links/' + encodeURIComponent(id))
      .then(function (r) {
        var node = statusNode || $('fix-status');
        node.textContent = '已撤销关联。正在后台重建索引…';
        node.className = 'status busy';
        return afterRebuild(r.rebuild.generation, question || r.removed.question, node);
      })
      .then(function () { refresh(); })
      .catch(function (err) { status(err.message || '撤销失败。', 'error', statusNode); });
  }

  function mark(note) {
    var question = $('fix-question').value.trim();
    if (!note.trim()) return status('请写一句说明。', 'error');
    api('POST', '/admin/api/marks', { question: question, note: note.trim() })
      .then(function () { status('已标记为拒答正确。', 'ok'); loadFailures(); })
      .catch(function (err) { status(err.message || '标记失败。', 'error'); });
  }

  function unmark(id, statusNode) {
    return api('DELETE', '/admin/api/marks/' + id)
      .then(function () {
        var node = statusNode || $('fix-status');
        node.textContent = '已撤销标记。';
        node.className = 'status ok';
        refresh();
      })
      .catch(function (err) { status(err.message || '撤销失败。', 'error', statusNode); });
  }

  /** Waits for the rebuild that covers `generation`, then shows how the bot answers the question now. */
  function afterRebuild(generation, question, node) {
    return new Promise(function (resolve, reject) {
      var started = Date.now();
      (function poll() {
        api('GET', '/admin/api/index').then(function (s) {
          if (s.failed >= generation && s.completed < generation) return reject(new ApiError(500, '重建索引失败，原索引仍在使用，详见服务日志。'));
          if (s.completed >= generation) return resolve(s);
          if (Date.now() - started > 300000) return reject(new ApiError(504, '重建索引超时，请稍后在“关联与操作记录”中查看。'));
          setTimeout(poll, 500);
        }, reject);
      })();
    }).then(function (s) {
      return api('GET', '/admin/api/answer?q=' + encodeURIComponent(question)).then(function (a) {
        var cited = a.citations.slice(0, 3).map(function (c) { return c.kind === 'regulation' ? c.title.replace(/^中华人民共和国/, '') + ' ' + (c.article || '') : (c.year || '') + '年报告 ' + (c.section || ''); });
        node.textContent = '';
        node.className = 'status ok rebuilt';
        node.setAttribute('data-answered', String(a.answered));
        append(node, [
          el('strong', { text: '索引已重建（' + fmtTime(s.indexBuiltAt) + '）。' }),
          ' 现在再问“' + question + '”：',
          el('span', { class: 'verdict', text: a.answered ? '已回答，引用 ' + cited.join('；') : '仍未能回答（拒答）' }),
        ]);
      });
    });
  }

  // ---------- links and audit ----------
  var ACTIONS = { link: '关联', unlink: '撤销关联', mark: '标记拒答正确', unmark: '撤销标记' };

  function loadAudit() {
    Promise.all([api('GET', '/admin/api/links'), api('GET', '/admin/api/audit?limit=200')])
      .then(function (r) {
        var links = $('links');
        clear(links);
        if (!r[0].links.length) links.appendChild(el('li', { class: 'hint', text: '还没有关联。' }));
        r[0].links.forEach(function (l) {
          links.appendChild(el('li', { 'data-link': l.id }, [
            el('span', { class: 'q', text: l.question }),
            ' → ' + l.targets.join('、') + '（' + staffLabel(l.by, l.mine) + '，' + fmtTime(l.at) + '）',
            el('button', { type: 'button', class: 'link undo', text: '撤销', onclick: function () { unlink(l.id, l.question, $('audit-status')); } }),
          ]));
        });
        var body = $('audit');
        clear(body);
        r[1].entries.forEach(function (e) {
          var undo = null;
          if (e.undoable && e.action === 'link') undo = el('button', { type: 'button', class: 'link undo', text: '撤销', onclick: function () { unlink(e.ref, e.question, $('audit-status')); } });
          if (e.undoable && e.action === 'mark') undo = el('button', { type: 'button', class: 'link undo', text: '撤销', onclick: function () { unmark(e.ref, $('audit-status')); } });
          body.appendChild(el('tr', null, [
            el('td', { text: fmtTime(e.at) }),
            el('td', { text: staffLabel(e.staff, e.mine) }),
            el('td', { text: ACTIONS[e.action] || e.action }),
            el('td', { text: e.question }),
            el('td', { text: e.target || e.note || '' }),
            el('td', null, undo),
          ]));
        });
      })
      .catch(function (err) { report($('audit-status'), err); });
  }

  // ---------- start ----------
  setDays(30);
  api('GET', '/admin/api/session').then(signedIn, function () { showSignIn(); });
})();
