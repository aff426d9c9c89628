// The live werkblad: the page of `werkblad serve`. Plain JavaScript, no build step.
// The server sends the werkblad's structure (from its layout and field registry) and the state;
// every edit goes back over one WebSocket as a small JSON message.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') node.textContent = v;
      else if (k === 'class') node.className = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children) if (c) node.append(c);
    return node;
  };
  const SVG = 'http://www.w3.org/2000/svg';
  const svg = (tag, attrs) => {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    return node;
  };

  const app = {
    token: null, role: null, me: null, page: null, socket: null,
    fields: {},          // form name -> {value, rev, by}
    players: 3, options: 2, participants: [], closed: false,
    exercises: { values: [], tensions: [], postIts: [] },
    people: [],
    inputs: {},          // form name -> input or textarea
    pending: new Map(),  // form name -> value typed while not (yet) sent
    timers: new Map(),
    retry: 0,
    joinName: null,
  };

  const label = (key, values) => {
    let text = (app.page && app.page.labels[key]) || key;
    for (const [k, v] of Object.entries(values || {})) text = text.split('{' + k + '}').join(v);
    return text;
  };

  function notice(text, kind) {
    const box = $('notice');
    box.textContent = text;
    box.className = 'notice ' + (kind || 'error');
    box.hidden = !text;
  }

  // MARK: Logging in

  async function start() {
    const match = /(?:^#|&)t=([0-9a-f]{32})/.exec(location.hash);
    if (!match) { notice('Deze pagina opent alleen via de link die werkblad serve gaf (die eindigt op #t=…).'); return; }
    app.token = match[1];
    let info;
    try {
      const response = await fetch('/api/aanmelden', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, credentials: 'same-origin',
        body: JSON.stringify({ token: app.token }),
      });
      if (!response.ok) { notice((await response.text()).trim()); setConnection('niet aangemeld'); return; }
      info = await response.json();
    } catch (e) {
      notice('De server is niet bereikbaar.'); return;
    }
    app.role = info.role;
    document.documentElement.lang = info.language || 'nl';
    if (info.invite) {
      const link = location.origin + '/#t=' + info.invite;
      $('invite').value = link;
    }
    const stored = sessionStorage.getItem('werkblad-naam');
    if (app.role === 'gespreksleider') { app.joinName = info.leader || ''; connect(); return; }
    if (stored) { app.joinName = stored; connect(); return; }
    const list = $('join-names');
    for (const name of info.participants || []) list.append(el('option', { value: name }));
    $('join').hidden = false;
    setConnection('');
    $('join-name').focus();
    $('join-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const name = $('join-name').value.trim();
      if (!name) return;
      app.joinName = name;
      $('join').hidden = true;
      connect();
    });
  }

  // MARK: The connection

  function connect() {
    setConnection(label('reconnecting'));
    const socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
    app.socket = socket;
    socket.addEventListener('open', () => send({ type: 'hello', name: app.joinName }));
    socket.addEventListener('message', (event) => {
      let message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      receive(message);
    });
    socket.addEventListener('close', () => {
      if (app.socket !== socket) return;
      app.socket = null;
      if (app.closed) return;
      setConnection(app.page ? label('reconnecting') : 'geen verbinding');
      app.retry = Math.min(app.retry + 1, 5);
      setTimeout(reconnect, 400 * app.retry);
    });
  }

  /// A restarted server keeps the links but not the log-ins: log in again, then connect.
  async function reconnect() {
    try {
      const response = await fetch('/api/aanmelden', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, credentials: 'same-origin',
        body: JSON.stringify({ token: app.token }),
      });
      if (response.status === 403) { notice((await response.text()).trim()); setConnection('niet aangemeld'); return; }
    } catch (e) {
      // Not reachable yet: try again.
    }
    connect();
  }

  function send(message) {
    if (app.socket && app.socket.readyState === WebSocket.OPEN) { app.socket.send(JSON.stringify(message)); return true; }
    return false;
  }

  function setConnection(text) { $('connection').textContent = text; }

  function receive(m) {
    switch (m.type) {
      case 'welcome':
        app.retry = 0;
        app.me = m.you;
        if (m.you.role === 'deelnemer') sessionStorage.setItem('werkblad-naam', m.you.name);
        if (!app.page) build(m.page);
        applyState(m.state);
        app.exercises = m.exercises;
        renderExercises();
        // What was typed while the connection was down goes out now.
        for (const [name, value] of app.pending) sendField(name, value);
        if (m.preview >= 0) showPreview(m.preview);
        setConnection(label('connected') + ' · ' + m.you.name);
        notice('');
        break;
      case 'state': applyState(m.state); break;
      case 'field': applyField(m.field, m.value); break;
      case 'exercises': app.exercises = m.exercises; renderExercises(); break;
      case 'presence': app.people = m.people; renderPresence(); break;
      case 'preview': showPreview(m.revision); break;
      case 'saved': setConnection(label('connected') + ' · ' + app.me.name + ' · ' + label('saved')); break;
      case 'overwritten': overwritten(m); break;
      case 'closed':
        app.closed = true;
        notice(label('closed'), 'info');
        for (const input of document.querySelectorAll('input, textarea, button')) if (!input.closest('#downloads')) input.disabled = true;
        break;
      case 'refused':
        if (m.hello) {
          sessionStorage.removeItem('werkblad-naam');
          notice(m.message);
          $('join').hidden = false;
          app.socket && app.socket.close();
          app.socket = null;
          return;
        }
        notice(m.message);
        if (m.field && m.current) { app.pending.delete(m.field); applyField(m.field, m.current, true); }
        break;
    }
  }

  // MARK: Building the page from the werkblad's structure

  function build(page) {
    app.page = page;
    document.title = page.title;
    $('title').textContent = page.title;
    $('subtitle').textContent = page.subtitle;
    $('footnote').textContent = page.footnote;
    const root = document.documentElement;
    for (const [k, v] of Object.entries(page.colors)) root.style.setProperty('--' + k, v);

    // Tabs.
    const tabs = $('tabs');
    const views = [['werkblad', 'tab-werkblad'], ['cg', 'tab-cg'], ['bb', 'tab-bb'], ['preview', 'tab-preview']];
    for (const [id, key] of views) {
      const tab = el('button', { type: 'button', role: 'tab', id: 'tab-' + id, 'aria-controls': 'view-' + id,
        'aria-selected': id === 'werkblad' ? 'true' : 'false', text: label(key), onclick: () => select(id) });
      tabs.append(tab);
    }
    tabs.hidden = false;
    $('views').hidden = false;

    // Header facts.
    const facts = $('facts');
    for (const f of page.header) facts.append(fieldControl(f, 'fact'));

    // The steps: in step order for reading, placed in the werkblad's columns.
    const sheet = $('sheet');
    const placed = [];
    page.columns.forEach((column, c) => column.forEach((section, r) => placed.push({ section, c, r, n: column.length })));
    placed.sort((a, b) => a.section.number - b.section.number);
    const rows = Math.max(...page.columns.map((col) => col.length));
    for (const p of placed) {
      const s = p.section;
      const node = el('section', { class: 'step', 'aria-labelledby': 'step-' + s.number },
        el('h2', { id: 'step-' + s.number }, el('span', { class: 'badge', text: String(s.number) }), ' ' + s.title));
      node.style.setProperty('grid-column', String(p.c + 1));
      node.style.setProperty('grid-row', p.r === p.n - 1 ? (p.r + 1) + ' / ' + (rows + 1) : String(p.r + 1));
      for (const item of s.items) {
        if (item.box) node.append(box(item.box));
        if (item.row) node.append(el('div', { class: 'row' }, ...item.row.map(box)));
        if (item.table) node.append(el('div', { class: 'table-wrap', 'data-table': item.table.columns }));
      }
      sheet.append(node);
    }
    app.tables = [];
    for (const p of placed) for (const item of p.section.items) if (item.table) app.tables.push(item.table);

    // 3a and 3b.
    for (const id of ['cg-title', 'cg-subtitle', 'cg-scale', 'bb-title', 'bb-subtitle', 'bb-instruction']) $(id).textContent = label(id);
    $('cg-label-a').textContent = label('cg-value-a');
    $('cg-label-b').textContent = label('cg-value-b');
    $('cg-tension-label').textContent = label('my-tension');
    $('bb-new-label').textContent = label('new-postit');
    $('bb-add-button').textContent = label('add-postit');
    $('bb-low-label').textContent = label('bar-low');
    $('bb-high-label').textContent = label('bar-high');
    const cgTexts = $('cg-texts');
    cgTexts.append(fieldControl({ name: 'afwegen_common-ground_versterking', label: label('cg-strengthen'), kind: 'text' }, 'single'));
    cgTexts.append(fieldControl({ name: 'afwegen_common-ground_common-ground', label: label('cg-common'), kind: 'text' }, 'single'));
    wireExercises();

    // Downloads and the gespreksleider's tools.
    const downloads = $('downloads');
    for (const [file, key] of [['archief.pdf', 'download-archive'], ['diagrammen.pdf', 'download-diagrams'],
      ['invulbaar.pdf', 'download-form'], ['sessie.yaml', 'download-session']]) {
      downloads.append(el('a', { class: 'button', href: '/api/download/' + file, download: file, text: label(key) }));
    }
    if (app.role === 'gespreksleider') {
      $('leader-tools').hidden = false;
      $('invite-label').textContent = label('invite');
      $('close-session').textContent = label('close-session');
      $('invite-copy').addEventListener('click', () => { $('invite').select(); navigator.clipboard && navigator.clipboard.writeText($('invite').value); });
      $('close-session').addEventListener('click', () => { if (confirm(label('close-session') + '?')) send({ type: 'close' }); });
      $('bb-bars').hidden = false;
      // The gespreksleider guides; the tensions are the participants'.
      for (const node of document.querySelectorAll('.cg-mine')) node.hidden = true;
    }
  }

  function select(id) {
    for (const tab of $('tabs').children) {
      const on = tab.id === 'tab-' + id;
      tab.setAttribute('aria-selected', on ? 'true' : 'false');
      $(tab.getAttribute('aria-controls')).hidden = !on;
    }
    if (id === 'bb') renderBoard();
    growAll();
  }

  function box(b) {
    const node = el('div', { class: 'box' });
    if (b.fields.length === 1) {
      node.append(fieldControl({ ...b.fields[0], label: b.label }, 'single'));
    } else {
      node.append(el('h3', { class: 'box-label', text: b.label }));
      for (const f of b.fields) node.append(fieldControl(f, 'sub'));
    }
    return node;
  }

  /// A labelled input for one field; its accessible name is the printed label.
  function fieldControl(f, style) {
    const id = 'f-' + f.name;
    let input;
    if (f.kind === 'text') input = el('textarea', { id, rows: style === 'cell' ? 4 : 3, spellcheck: 'true' });
    else if (style === 'cell') {
      // A name in a column header: one line in the file, shown on as many lines as it needs.
      input = el('textarea', { id, rows: 2, maxlength: 400, class: 'name' });
      input.addEventListener('keydown', (e) => { if (e.key === 'Enter') e.preventDefault(); });
    }
    else input = el('input', { id, type: f.kind === 'date' ? 'date' : f.kind === 'time' ? 'time' : 'text', maxlength: 400 });
    input.dataset.field = f.name;
    wireField(input);
    app.inputs[f.name] = input;
    const presence = el('span', { class: 'presence', 'data-presence': f.name, 'aria-live': 'polite' });
    if (style === 'cell') {
      input.setAttribute('aria-label', f.label);
      return el('div', { class: 'cell' }, input, presence);
    }
    return el('div', { class: 'field ' + style }, el('label', { for: id, text: f.label }), input, presence);
  }

  function wireField(input) {
    const name = input.dataset.field;
    input.addEventListener('input', () => {
      app.pending.set(name, input.value);
      clearTimeout(app.timers.get(name));
      app.timers.set(name, setTimeout(() => sendField(name, input.value), 150));
      if (input.tagName === 'TEXTAREA') grow(input);
    });
    input.addEventListener('change', () => sendField(name, input.value));
    input.addEventListener('focus', () => send({ type: 'focus', field: name }));
    input.addEventListener('blur', () => send({ type: 'focus' }));
  }

  function sendField(name, value) {
    clearTimeout(app.timers.get(name));
    const known = app.fields[name] ? app.fields[name].rev : 0;
    if (send({ type: 'set', field: name, value, base: known })) app.pending.delete(name);
  }

  /// Every box as tall as its text, once the page is laid out (and again when the width changes).
  function growAll() {
    requestAnimationFrame(() => { for (const t of document.querySelectorAll('textarea')) grow(t); });
  }

  function grow(t) {
    t.style.setProperty('height', 'auto');
    t.style.setProperty('height', Math.max(t.scrollHeight + 2, 40) + 'px');
  }

  // MARK: State

  function applyState(s) {
    app.players = s.players;
    app.options = s.options;
    app.participants = s.participants;
    app.closed = s.closed;
    app.fields = {};
    buildTables();
    for (const [name, input] of Object.entries(app.inputs)) {
      const value = s.fields[name] || { value: '', rev: 0 };
      applyField(name, value, true);
      if (!s.fields[name] && !app.pending.has(name)) input.value = '';
    }
    for (const [name, value] of Object.entries(s.fields)) if (!app.inputs[name]) app.fields[name] = value;
    renderBoardQuestion();
    growAll();
  }

  function applyField(name, value, force) {
    app.fields[name] = value;
    const input = app.inputs[name];
    if (!input) { if (name === 'verkennen_gedeelde-vraag') renderBoardQuestion(); return; }
    if (app.pending.has(name) && !force) return;       // my own newer text is on its way
    if (input.value !== value.value) {
      if (document.activeElement === input && input.setSelectionRange && input.type !== 'date' && input.type !== 'time') {
        const start = input.selectionStart, end = input.selectionEnd;
        input.value = value.value;
        input.setSelectionRange(Math.min(start, input.value.length), Math.min(end, input.value.length));
      } else {
        input.value = value.value;
      }
      if (input.tagName === 'TEXTAREA') grow(input);
    }
    if (name === 'verkennen_gedeelde-vraag') renderBoardQuestion();
  }

  function overwritten(m) {
    const text = label('overwritten', { by: m.by });
    notice(text + '\n' + m.lost, 'warning');
  }

  /// The two tables, as many columns as the state has players and options.
  function buildTables() {
    for (const t of app.tables) {
      const wrap = document.querySelector('[data-table="' + t.columns + '"]');
      const count = t.columns === 'spelers' ? app.players : app.options;
      for (const name of [...t.headerNames, ...t.rows.flatMap((r) => r.names)]) {
        const input = app.inputs[name];
        if (input && document.activeElement === input) input.blur();
        delete app.inputs[name];
      }
      wrap.replaceChildren();
      const table = el('table', { class: 'grid' });
      const head = el('tr', {}, el('th', { scope: 'col', class: 'corner', text: t.corner }));
      for (let i = 0; i < count; i++) {
        const th = el('th', { scope: 'col' }, el('span', { class: 'column-label', text: t.headers[i] }));
        th.append(fieldControl({ name: t.headerNames[i], label: t.headerLabels[i], kind: 'line' }, 'cell'));
        if (app.role === 'gespreksleider' && count > 1) {
          th.append(el('button', { type: 'button', class: 'remove', title: label('remove-column') + ': ' + t.headers[i],
            'aria-label': label('remove-column') + ': ' + t.headers[i], text: '×',
            onclick: () => send({ type: t.columns === 'spelers' ? 'remove-player' : 'remove-option', index: i }) }));
        }
        head.append(th);
      }
      table.append(el('thead', {}, head));
      const body = el('tbody');
      for (const row of t.rows) {
        const tr = el('tr', {}, el('th', { scope: 'row', text: row.label }));
        for (let i = 0; i < count; i++) {
          tr.append(el('td', {}, fieldControl({ name: row.names[i], label: t.headers[i] + ' – ' + row.label, kind: 'text' }, 'cell')));
        }
        body.append(tr);
      }
      table.append(body);
      wrap.append(table);
      if (count < t.maximum) {
        const key = t.columns === 'spelers' ? 'add-player' : 'add-option';
        wrap.append(el('button', { type: 'button', class: 'add', text: '+ ' + label(key),
          onclick: () => send({ type: t.columns === 'spelers' ? 'add-player' : 'add-option' }) }));
      }
    }
    // The middle and right columns grow with their tables, as on the A3 sheet.
    $('sheet').style.setProperty('--players', String(app.players));
    $('sheet').style.setProperty('--options', String(app.options));
    $('sheet').style.setProperty('grid-template-columns',
      '0.8fr ' + (0.42 + 0.28 * app.players).toFixed(2) + 'fr ' + (0.42 + 0.33 * app.options).toFixed(2) + 'fr');
  }

  function renderPresence() {
    const list = $('people');
    list.replaceChildren(...app.people.map((p) => el('li', { class: p.role, text: p.name })));
    for (const span of document.querySelectorAll('[data-presence]')) {
      const typing = app.people.filter((p) => p.focus === span.dataset.presence && (!app.me || p.name !== app.me.name));
      span.textContent = typing.length ? typing.map((p) => p.name).join(', ') + ' ' + label('typing') : '';
    }
  }

  function showPreview(revision) {
    $('preview').src = '/api/voorbeeld.png?r=' + revision;
  }

  // MARK: 3a common ground

  function wireExercises() {
    const tension = $('cg-tension');
    let timer = null;
    const update = () => {
      $('cg-tension-output').textContent = label('tension-of', { n: tension.value });
      drawPair($('cg-my-pair'), Number(tension.value), 260);
    };
    tension.addEventListener('input', () => {
      update();
      clearTimeout(timer);
      timer = setTimeout(() => send({ type: 'tension', number: Number(tension.value) }), 120);
    });
    tension.addEventListener('change', () => { clearTimeout(timer); send({ type: 'tension', number: Number(tension.value) }); });
    update();
    for (const [id, index] of [['cg-value-a', 0], ['cg-value-b', 1]]) {
      const input = $(id);
      let t = null;
      input.addEventListener('input', () => { clearTimeout(t); t = setTimeout(() => send({ type: 'value', index, text: input.value }), 200); });
      input.addEventListener('change', () => { clearTimeout(t); send({ type: 'value', index, text: input.value }); });
    }
    $('bb-add').addEventListener('submit', (event) => {
      event.preventDefault();
      const text = $('bb-new').value.trim();
      if (!text) return;
      if (send({ type: 'add-postit', text, position: 5 })) $('bb-new').value = '';
    });
    for (const id of ['bb-low', 'bb-high']) {
      $(id).addEventListener('change', () => send({ type: 'bars', low: Number($('bb-low').value), high: Number($('bb-high').value) }));
    }
    window.addEventListener('resize', () => { renderBoard(); growAll(); });
  }

  /// Two folded post-it triangles slid into each other: 0 fully, 10 far apart (as in the PDF).
  function drawPair(container, tension, width) {
    const h = width * 0.42, w = h;
    const offset = (tension / 10) * w;
    const total = w + offset;
    const x0 = (width - total) / 2, x1 = x0 + offset;
    const image = svg('svg', { viewBox: '0 0 ' + width + ' ' + (h + 4), width: '100%', role: 'img' });
    const id = 'hatch-' + Math.random().toString(36).slice(2);
    const defs = svg('defs');
    const pattern = svg('pattern', { id, width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' });
    pattern.append(svg('rect', { width: 6, height: 6, class: 'hatch-bg' }));
    pattern.append(svg('line', { x1: 0, y1: 0, x2: 0, y2: 6, class: 'hatch-line' }));
    defs.append(pattern);
    image.append(defs);
    image.append(svg('polygon', { points: [x0, h + 2, x0 + w, h + 2, x0, 2].join(' '), class: 'tri-a' }));
    const b = svg('polygon', { points: [x1 + w, h + 2, x1, h + 2, x1 + w, 2].join(' '), class: 'tri-b' });
    b.setAttribute('fill', 'url(#' + id + ')');
    image.append(b);
    container.replaceChildren(image);
  }

  function renderExercises() {
    const ex = app.exercises;
    for (const [id, i] of [['cg-value-a', 0], ['cg-value-b', 1]]) {
      const input = $(id);
      if (document.activeElement !== input) input.value = (ex.values || [])[i] || '';
    }
    if (typeof ex.mine === 'number' && document.activeElement !== $('cg-tension')) {
      $('cg-tension').value = String(ex.mine);
      $('cg-tension-output').textContent = label('tension-of', { n: ex.mine });
      drawPair($('cg-my-pair'), ex.mine, 260);
    }
    const pairs = $('cg-pairs');
    pairs.replaceChildren();
    for (const t of ex.tensions) {
      const figure = el('div', { class: 'pair' });
      drawPair(figure, t.value, 150);
      pairs.append(el('li', { class: t.mine ? 'mine' : '' }, figure,
        el('span', { class: 'who', text: t.who }), el('span', { class: 'value', text: label('tension-of', { n: t.value }) })));
    }
    const values = ex.tensions.map((t) => t.value);
    $('cg-range').textContent = values.length
      ? label('range', { a: Math.min(...values), b: Math.max(...values) }) + ' · ' + values.length + ' / ' + app.participants.length
      : label('no-tensions');
    if (ex.bars) {
      for (const [id, v] of [['bb-low', ex.bars[0]], ['bb-high', ex.bars[1]]]) if (document.activeElement !== $(id)) $(id).value = String(v);
    }
    renderBoard();
  }

  // MARK: 3b handelingsbandbreedte

  function renderBoardQuestion() {
    const q = app.fields['verkennen_gedeelde-vraag'];
    $('bb-question').textContent = q && q.value ? label('bb-question') + ': ' + q.value : '';
  }

  function tooFar(position) {
    const bars = app.exercises.bars;
    return !!bars && (position < bars[0] || position > bars[1]);
  }

  function renderBoard() {
    const board = $('bb-board');
    const track = $('bb-track');
    if (!app.page) return;
    track.replaceChildren();
    for (let i = 0; i <= 10; i++) {
      const tick = el('span', { class: 'tick', text: String(i), 'aria-hidden': 'true' });
      tick.style.setProperty('left', (i * 10) + '%');
      track.append(tick);
    }
    track.append(el('span', { class: 'end small-end', text: label('bb-small') }), el('span', { class: 'end large-end', text: label('bb-large') }));
    for (const old of board.querySelectorAll('.postit, .bar')) old.remove();
    const bars = app.exercises.bars;
    if (bars) {
      bars.forEach((b, i) => {
        const bar = el('div', { class: 'bar', role: 'img', 'aria-label': label('bb-bar') + ' ' + b, title: label('bb-bar') + ' ' + b },
          el('span', { class: 'bar-label', text: label('bb-bar') + ' ' + b }));
        bar.style.setProperty('left', (b * 10) + '%');
        if (app.role === 'gespreksleider') dragBar(bar, i);
        board.append(bar);
      });
    }
    // Post-its stacked so that none covers another: each goes below those it would overlap.
    const width = board.clientWidth || 800;
    const noteWidth = 150;
    const placedNotes = [];
    const sorted = [...app.exercises.postIts].sort((a, b) => a.position - b.position);
    const list = $('bb-list');
    list.replaceChildren();
    let bottom = 0;
    for (const p of sorted) {
      const x = (p.position / 10) * width;
      const note = el('div', { class: 'postit' + (tooFar(p.position) ? ' too-far' : '') + (p.mine ? ' mine' : ''),
        'data-id': String(p.id), 'aria-hidden': 'true' },
        el('span', { class: 'text', text: p.text }),
        p.by ? el('span', { class: 'by', text: p.by }) : null,
        tooFar(p.position) ? el('span', { class: 'far', text: label('bb-too-far') }) : null);
      note.style.setProperty('left', (p.position * 10) + '%');
      board.append(note);
      const height = note.offsetHeight;
      let top = 56;
      for (const q of placedNotes) if (Math.abs(q.x - x) < noteWidth + 4 && q.bottom + 6 > top) top = q.bottom + 6;
      placedNotes.push({ x, bottom: top + height });
      bottom = Math.max(bottom, top + height);
      note.style.setProperty('top', top + 'px');
      dragNote(note, p);
      // The same post-it for the keyboard and screen readers: a slider for its place on the line.
      const slider = el('input', { type: 'range', min: 0, max: 10, step: 0.1, value: p.position,
        'aria-label': label('postit-position') + ': ' + p.text, 'data-postit': String(p.id) });
      slider.addEventListener('change', () => send({ type: 'move-postit', id: p.id, position: Number(slider.value) }));
      const item = el('li', { class: tooFar(p.position) ? 'too-far' : '' },
        el('span', { class: 'text', text: p.text + (p.by ? ' (' + p.by + ')' : '') }), slider,
        el('span', { class: 'pos', text: p.position.toFixed(1) + (tooFar(p.position) ? ' · ' + label('bb-too-far') : '') }));
      if (app.role === 'gespreksleider') {
        item.append(el('button', { type: 'button', class: 'remove', text: label('remove-postit'),
          'aria-label': label('remove-postit') + ': ' + p.text, onclick: () => send({ type: 'remove-postit', id: p.id }) }));
      }
      list.append(item);
    }
    board.style.setProperty('min-height', Math.max(bottom + 30, 170) + 'px');
  }

  /// Dragging along the line: the position follows the pointer; sent when let go.
  function draggable(node, onMove, onDrop) {
    node.addEventListener('pointerdown', (event) => {
      if (app.closed) return;
      event.preventDefault();
      node.setPointerCapture(event.pointerId);
      node.classList.add('dragging');
      const board = $('bb-board').getBoundingClientRect();
      const at = (e) => Math.max(0, Math.min(10, Math.round(((e.clientX - board.left) / board.width) * 100) / 10));
      const move = (e) => { const p = at(e); node.style.setProperty('left', (p * 10) + '%'); onMove && onMove(p); };
      const up = (e) => {
        node.removeEventListener('pointermove', move);
        node.removeEventListener('pointerup', up);
        node.classList.remove('dragging');
        onDrop(at(e));
      };
      node.addEventListener('pointermove', move);
      node.addEventListener('pointerup', up);
    });
  }

  function dragNote(note, p) {
    draggable(note, (pos) => note.classList.toggle('too-far', tooFar(pos)), (pos) => send({ type: 'move-postit', id: p.id, position: pos }));
  }

  function dragBar(bar, index) {
    draggable(bar, null, (pos) => {
      const bars = [...app.exercises.bars];
      bars[index] = Math.round(pos * 2) / 2;
      if (bars[0] < bars[1]) send({ type: 'bars', low: bars[0], high: bars[1] });
      else renderBoard();
    });
  }

  // Leaving the page closes the connection at once (others see who is here); coming back reconnects.
  window.addEventListener('pagehide', () => {
    const socket = app.socket;
    app.socket = null;
    if (socket) socket.close(1000, 'pagina verlaten');
  });
  window.addEventListener('pageshow', (event) => { if (event.persisted && app.joinName !== null && !app.closed) connect(); });

  document.addEventListener('DOMContentLoaded', start);
})();
