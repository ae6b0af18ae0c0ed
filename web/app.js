// The web console: no framework, no build. Every text comes from i18next (`console.*` keys and
// the domain's names); every value from the API is put in the page as text, never as HTML.
const i18n = window.i18next;
const t = (key, opts) => i18n.t(key, opts);
const $ = (sel) => document.querySelector(sel);

let me = null;
let csrf = null;
let rerender = null; // the current view, re-run on live updates

// ── DOM ──────────────────────────────────────────────────────────────────────
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat())
    if (c !== undefined && c !== null && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}
const currentView = () => location.hash.split('/')[1] || 'board';
/**
 * Shows a view's page, unless the user has moved on meanwhile: a slow view (the dashboard's six
 * reports) must not replace the page of the view opened after it.
 */
function mount(view, ...nodes) {
  if (currentView() === view) $('#main').replaceChildren(...nodes);
}
function toast(text) {
  const el = $('#toast');
  el.textContent = text;
  el.classList.add('show');
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => el.classList.remove('show'), 3500);
}
const fmt = (d) => (d ? new Date(d).toLocaleString(i18n.language, { hour12: false }) : '');
const pct = (x) => (x === null || x === undefined ? '–' : `${Math.round(x * 1000) / 10}%`);

// ── API ──────────────────────────────────────────────────────────────────────
class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.error?.code;
  }
}
async function api(path, { method = 'GET', json, body, type } = {}) {
  const headers = { 'accept-language': i18n.language };
  if (csrf && method !== 'GET') headers['x-csrf-token'] = csrf;
  if (json !== undefined) headers['content-type'] = 'application/json';
  if (type) headers['content-type'] = type;
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: json !== undefined ? JSON.stringify(json) : body,
  });
  if (res.status === 204) return null;
  const data = res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    if (res.status === 401 && path !== '/auth/login') showLogin();
    throw new ApiError(res.status, data);
  }
  return data;
}
const qs = (o) =>
  new URLSearchParams(
    Object.entries(o).filter(([, v]) => v !== '' && v !== undefined && v !== null),
  ).toString();

// ── i18n ─────────────────────────────────────────────────────────────────────
async function loadLanguage(lng) {
  const res = await fetch(`/console/locales/${lng}.json`);
  const resources = await res.json();
  if (!i18n.isInitialized) {
    await i18n.init({
      lng,
      fallbackLng: 'zh-CN',
      resources: { [lng]: { translation: resources } },
      interpolation: { escapeValue: false },
    });
  } else {
    i18n.addResourceBundle(lng, 'translation', resources, true, true);
    await i18n.changeLanguage(lng);
  }
  document.documentElement.lang = lng;
  localStorage.setItem('lang', lng);
  $('#lang').value = lng;
}

// ── shell ────────────────────────────────────────────────────────────────────
const VIEWS = [
  ['board', 'console.nav.board'],
  ['tickets', 'console.nav.tickets'],
  ['directory', 'console.nav.directory'],
  ['ranking', 'console.nav.ranking'],
  ['dashboard', 'console.nav.dashboard'],
  ['simulator', 'console.nav.simulator'],
];
function renderShell() {
  document.title = t('console.title');
  $('#brand').textContent = t('console.title');
  $('#logout').textContent = t('console.logout');
  $('#who').textContent = me ? `${me.user.displayName} · ${t(`console.role.${me.role}`)}` : '';
  const current = currentView();
  $('#nav').replaceChildren(
    ...VIEWS.filter(([v]) => v !== 'simulator' || me?.demo).map(([v, key]) =>
      h('a', { href: `#/${v}`, class: current === v ? 'active' : undefined }, t(key)),
    ),
  );
  $('#top').hidden = !me;
}

function showLogin() {
  me = null;
  csrf = null;
  renderShell();
  const error = h('p', { class: 'muted', id: 'login-error' });
  const form = h(
    'form',
    {
      onsubmit: async (e) => {
        e.preventDefault();
        const data = Object.fromEntries(new FormData(form));
        try {
          const r = await api('/auth/login', { method: 'POST', json: data });
          csrf = r.csrfToken;
          await start();
        } catch (err) {
          error.textContent = err.message;
        }
      },
    },
    h(
      'label',
      {},
      t('console.login.username'),
      h('input', { name: 'username', autocomplete: 'username', required: true }),
    ),
    h(
      'label',
      {},
      t('console.login.password'),
      h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true }),
    ),
    h('button', { type: 'submit' }, t('console.login.submit')),
    error,
  );
  $('#main').replaceChildren(h('div', { class: 'card login' }, h('h1', {}, t('console.title')), form));
}

// ── live updates ─────────────────────────────────────────────────────────────
let events;
let pollTimer;
function listen() {
  events?.close();
  clearInterval(pollTimer);
  let pending;
  const refresh = () => {
    clearTimeout(pending);
    pending = setTimeout(() => rerender?.(), 300);
  };
  events = new EventSource('/api/v1/events');
  events.addEventListener('ticket', refresh);
  events.onerror = () => {
    // the browser reconnects by itself; poll meanwhile
    clearInterval(pollTimer);
    pollTimer = setInterval(() => rerender?.(), me?.pollEvery ?? 15000);
  };
  events.onopen = () => clearInterval(pollTimer);
}

// ── tickets ──────────────────────────────────────────────────────────────────
const BOARD = [
  ['new', ['received', 'classified']],
  [
    'working',
    ['dispatched', 'accepted', 'on_site', 'awaiting_quote', 'quoted', 'planned', 'handling', 'escalated'],
  ],
  ['followup', ['completed', 'rated', 'handled']],
  ['done', ['called_back', 'closed', 'cancelled', 'filed']],
];
function ticketCard(tk) {
  return h(
    'a',
    {
      class: `ticket${tk.overdue ? ' overdue' : ''}`,
      href: `#/ticket/${tk.number}`,
      dataset: { number: tk.number },
    },
    h(
      'div',
      {},
      h('span', { class: 'tag' }, t(`ticket.kind.${tk.kind}`)),
      h('span', { class: 'tag' }, t(`ticket.state.${tk.state}`)),
      tk.overdue ? h('span', { class: 'tag red' }, t('console.overdue')) : null,
    ),
    h('div', { class: 'desc' }, tk.description),
    h('div', { class: 'muted' }, `${tk.number} · ${tk.location ?? ''} · ${fmt(tk.createdAt)}`),
  );
}

async function viewBoard() {
  const since = new Date(Date.now() - 3 * 86400_000).toISOString();
  const columns = await Promise.all(
    BOARD.map(([, states], i) =>
      api(`/tickets?${qs({ state: states.join(','), pageSize: 50, from: i === 3 ? since : undefined })}`),
    ),
  );
  mount(
    'board',
    h('h1', {}, t('console.nav.board')),
    h(
      'div',
      { class: 'board' },
      BOARD.map(([key], i) =>
        h(
          'section',
          { class: 'column', dataset: { column: key } },
          h(
            'h2',
            {},
            h('span', {}, t(`console.board.${key}`)),
            h('span', { class: 'muted' }, String(columns[i].total)),
          ),
          columns[i].items.map(ticketCard),
        ),
      ),
    ),
  );
}

const options = (values, label, empty = true) => [
  empty ? h('option', { value: '' }, t('console.any')) : null,
  ...values.map((v) => h('option', { value: v }, label(v))),
];

const listState = { state: '', kind: '', department: '', overdue: '', q: '', page: 1 };
async function viewTickets() {
  const data = await api(`/tickets?${qs({ ...listState, pageSize: 20 })}`);
  const filter = (name, control) => {
    control.name = name;
    control.value = listState[name];
    control.addEventListener('change', () => {
      listState[name] = control.value;
      listState.page = 1;
      viewTickets();
    });
    return h('label', {}, t(`console.filter.${name}`), control);
  };
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  mount(
    'tickets',
    h('h1', {}, t('console.nav.tickets')),
    h(
      'div',
      { class: 'filters' },
      filter(
        'state',
        h(
          'select',
          {},
          options(me.vocabulary.states, (s) => t(`ticket.state.${s}`)),
        ),
      ),
      filter(
        'kind',
        h(
          'select',
          {},
          options(me.vocabulary.kinds, (k) => t(`ticket.kind.${k}`)),
        ),
      ),
      filter(
        'department',
        h(
          'select',
          {},
          options(me.vocabulary.departments, (d) => t(`department.${d}`)),
        ),
      ),
      filter(
        'overdue',
        h(
          'select',
          {},
          options(['true'], () => t('console.overdue')),
        ),
      ),
      filter('q', h('input', { type: 'search', placeholder: t('console.filter.q_hint') })),
    ),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        {},
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['number', 'kind', 'state', 'description', 'location', 'created'].map((c) =>
              h('th', {}, t(`console.col.${c}`)),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          data.items.map((tk) =>
            h(
              'tr',
              { dataset: { number: tk.number } },
              h('td', {}, h('a', { href: `#/ticket/${tk.number}` }, tk.number)),
              h('td', {}, t(`ticket.kind.${tk.kind}`)),
              h(
                'td',
                {},
                t(`ticket.state.${tk.state}`),
                tk.overdue ? h('span', { class: 'tag red' }, t('console.overdue')) : null,
              ),
              h('td', {}, tk.description),
              h('td', {}, tk.location ?? ''),
              h('td', {}, fmt(tk.createdAt)),
            ),
          ),
        ),
      ),
    ),
    h(
      'div',
      { class: 'pager' },
      h(
        'button',
        {
          class: 'secondary',
          disabled: listState.page <= 1,
          onclick: () => {
            listState.page--;
            viewTickets();
          },
        },
        t('console.prev'),
      ),
      h('span', {}, t('console.page', { page: listState.page, pages, total: data.total })),
      h(
        'button',
        {
          class: 'secondary',
          disabled: listState.page >= pages,
          onclick: () => {
            listState.page++;
            viewTickets();
          },
        },
        t('console.next'),
      ),
    ),
  );
}

/** Which form each state-machine event needs, and which route it posts to. */
const ACTION_FORMS = {
  dispatch: { route: 'dispatch', fields: ['assignee', 'note?'] },
  transfer: { route: 'transfer', fields: ['assignee', 'note?'] },
  accept: { route: 'accept', fields: [] },
  send_back: { route: 'send-back', fields: ['note'] },
  arrive: { route: 'arrive', fields: [] },
  request_quote: { route: 'request-quote', fields: ['note?'] },
  quote: { route: 'quote', fields: ['amount', 'note?'] },
  agree_quote: { route: 'quote-answer', fields: ['note?'], fixed: { agree: true } },
  decline_quote: { route: 'quote-answer', fields: ['note?'], fixed: { agree: false } },
  complete: { route: 'complete', fields: ['note?'] },
  answer: { route: 'answer', fields: ['note'] },
  callback: { route: 'callback', fields: ['method', 'note?'], fixed: { satisfied: true } },
  callback_unsatisfied: { route: 'callback', fields: ['method', 'note?'], fixed: { satisfied: false } },
  close: { route: 'close', fields: ['note?'] },
  classify: { route: 'classify', fields: ['department', 'severity'] },
  plan: { route: 'plan', fields: ['plan'] },
  start_handling: { route: 'start-handling', fields: ['note?'] },
  finish_handling: { route: 'finish-handling', fields: ['note?'] },
  escalate: { route: 'escalate', fields: ['note'] },
  cancel: { route: 'cancel', fields: ['note'] },
  reopen: { route: 'reopen', fields: ['note'] },
  note: { route: 'note', fields: ['note'] },
  follow_up: { route: 'follow-up', fields: ['note'] },
};

let staffCache;
async function staffOptions() {
  staffCache ??= (await api('/people?role=staff&pageSize=100')).items;
  return staffCache.map((p) =>
    h('option', { value: p._id }, `${p.name}${p.department ? ` · ${t(`department.${p.department}`)}` : ''}`),
  );
}

async function actionForm(number, event) {
  const spec = ACTION_FORMS[event];
  const controls = [];
  for (const f of spec.fields) {
    const name = f.replace('?', '');
    const required = !f.endsWith('?');
    let control;
    if (name === 'assignee') control = h('select', { name: 'assigneeId', required }, await staffOptions());
    else if (name === 'note' || name === 'plan') control = h('input', { name, required, maxlength: 2000 });
    else if (name === 'amount')
      control = h('input', { name, type: 'number', min: 0, step: '0.01', required });
    else if (name === 'method')
      control = h(
        'select',
        { name },
        options(['chat', 'phone', 'visit'], (m) => t(`console.method.${m}`), false),
      );
    else if (name === 'department')
      control = h(
        'select',
        { name },
        options(me.vocabulary.departments, (d) => t(`department.${d}`), false),
      );
    else if (name === 'severity')
      control = h(
        'select',
        { name },
        options(['normal', 'serious', 'malicious'], (s) => t(`console.severity.${s}`), false),
      );
    controls.push(h('label', {}, t(`console.field.${name}`), control));
  }
  const form = h(
    'form',
    {
      dataset: { action: event },
      onsubmit: async (e) => {
        e.preventDefault();
        const body = { ...(spec.fixed ?? {}) };
        for (const [k, v] of new FormData(form)) {
          if (v === '') continue;
          body[k] = k === 'amount' ? Number(v) : v;
        }
        try {
          await api(`/tickets/${number}/${spec.route}`, { method: 'POST', json: body });
          toast(t('console.done'));
          viewTicket(number);
        } catch (err) {
          toast(err.message);
        }
      },
    },
    ...controls,
    h('button', { type: 'submit' }, t(`console.action.${event}`)),
  );
  return form;
}

async function viewTicket(number) {
  const tk = await api(`/tickets/${encodeURIComponent(number)}`);
  const forms = [];
  for (const event of tk.actions.filter((a) => ACTION_FORMS[a]))
    forms.push(await actionForm(tk.number, event));
  const row = (key, value) =>
    value === undefined || value === null || value === ''
      ? null
      : h('tr', {}, h('th', {}, t(`console.col.${key}`)), h('td', {}, value));
  mount(
    'ticket',
    h('h1', {}, `${t(`ticket.kind.${tk.kind}`)} ${tk.number}`),
    h(
      'div',
      { class: 'grid2' },
      h(
        'div',
        {},
        h(
          'div',
          { class: 'card' },
          h(
            'table',
            {},
            h(
              'tbody',
              {},
              row('state', t(`ticket.state.${tk.state}`)),
              row('description', h('span', { id: 'ticket-description' }, tk.description)),
              row('location', tk.location),
              row('reporter', tk.reporterName),
              row('phone', tk.phone),
              row('department', tk.department ? t(`department.${tk.department}`) : ''),
              row('assignee', tk.assigneeName),
              row('created', fmt(tk.createdAt)),
              row('appointment', tk.appointment?.from ? fmt(tk.appointment.from) : ''),
            ),
          ),
        ),
        tk.photos?.length
          ? h(
              'div',
              { class: 'card photos' },
              h('h2', {}, t('console.photos')),
              tk.photos.map((p) =>
                h(
                  'a',
                  {
                    href: `/api/v1/tickets/${tk.number}/photos/${p.fileId}`,
                    target: '_blank',
                    rel: 'noopener',
                  },
                  h('img', {
                    src: `/api/v1/tickets/${tk.number}/photos/${p.fileId}`,
                    alt: t('console.photo'),
                  }),
                ),
              ),
            )
          : null,
        h(
          'div',
          { class: 'card actions' },
          h('h2', {}, t('console.actions')),
          forms.length ? forms : h('p', { class: 'muted' }, t('console.no_actions')),
        ),
      ),
      h(
        'div',
        { class: 'card' },
        h('h2', {}, t('console.timeline')),
        h(
          'ul',
          { class: 'timeline' },
          (tk.timeline ?? []).map((e) =>
            h(
              'li',
              {},
              h('strong', {}, t(`console.event.${e.event}`, { defaultValue: e.event })),
              ' ',
              h('span', { class: 'muted' }, `${fmt(e.at)} · ${e.actorName ?? e.actor?.name ?? ''}`),
              e.note ? h('div', {}, e.note) : null,
            ),
          ),
        ),
      ),
    ),
  );
}

// ── directory ────────────────────────────────────────────────────────────────
const DIR_TABS = {
  people: {
    columns: ['name', 'phone', 'roles', 'department'],
    cell: (p, c) =>
      c === 'roles'
        ? p.roles.map((r) => t(`console.person_role.${r}`, { defaultValue: r })).join('、')
        : c === 'department' && p.department
          ? t(`department.${p.department}`)
          : p[c],
  },
  units: {
    columns: ['building', 'entrance', 'room', 'state', 'owners'],
    cell: (u, c) =>
      c === 'owners'
        ? u.owners.map((o) => o.name).join('、')
        : c === 'state'
          ? t(`console.unit_state.${u.state}`)
          : u[c],
  },
  zones: {
    columns: ['code', 'name', 'buildings'],
    cell: (z, c) => (c === 'buildings' ? z.buildings.join('、') : z[c]),
  },
  rooms: {
    columns: ['topic', 'purpose'],
    cell: (r, c) => (c === 'purpose' ? t(`room.${r.purpose}`, { defaultValue: r.purpose }) : r[c]),
  },
};
const dirState = { tab: 'people', page: 1 };
async function viewDirectory() {
  const tab = dirState.tab;
  const spec = DIR_TABS[tab];
  const data = await api(`/${tab}?${qs({ page: dirState.page, pageSize: 50 })}`);
  const result = h('pre', { class: 'muted', id: 'import-result' });
  const file = h('input', { type: 'file', accept: '.csv,text/csv', id: 'import-file' });
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  mount(
    'directory',
    h('h1', {}, t('console.nav.directory')),
    h(
      'div',
      { class: 'filters' },
      Object.keys(DIR_TABS).map((k) =>
        h(
          'button',
          {
            class: k === tab ? undefined : 'secondary',
            onclick: () => {
              dirState.tab = k;
              dirState.page = 1;
              viewDirectory();
            },
          },
          t(`console.dir.${k}`),
        ),
      ),
    ),
    h(
      'div',
      { class: 'card filters' },
      h('label', {}, t('console.import_csv'), file),
      h(
        'button',
        {
          type: 'button',
          onclick: async () => {
            if (!file.files[0]) return toast(t('console.choose_file'));
            try {
              const r = await api(`/${tab}/import`, {
                method: 'POST',
                body: await file.files[0].text(),
                type: 'text/csv',
              });
              result.textContent =
                t('console.import_report', r) +
                r.errors.map((e) => `\n${t('console.row', { row: e.row })}: ${e.reason}`).join('');
              viewDirectory.keep = result.textContent;
            } catch (err) {
              result.textContent = err.message;
            }
          },
        },
        t('console.import'),
      ),
      h('a', { class: 'button', href: `/api/v1/${tab}/export?format=csv` }, t('console.export_csv')),
      h('a', { class: 'button', href: `/api/v1/${tab}/export?format=xlsx` }, t('console.export_xlsx')),
    ),
    result,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        {},
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            spec.columns.map((c) => h('th', {}, t(`console.col.${c}`))),
          ),
        ),
        h(
          'tbody',
          {},
          data.items.map((item) =>
            h(
              'tr',
              {},
              spec.columns.map((c) => h('td', {}, spec.cell(item, c) ?? '')),
            ),
          ),
        ),
      ),
    ),
    h(
      'div',
      { class: 'pager' },
      h(
        'button',
        {
          class: 'secondary',
          disabled: dirState.page <= 1,
          onclick: () => {
            dirState.page--;
            viewDirectory();
          },
        },
        t('console.prev'),
      ),
      h('span', {}, t('console.page', { page: dirState.page, pages, total: data.total })),
      h(
        'button',
        {
          class: 'secondary',
          disabled: dirState.page >= pages,
          onclick: () => {
            dirState.page++;
            viewDirectory();
          },
        },
        t('console.next'),
      ),
    ),
  );
}

// ── reports ──────────────────────────────────────────────────────────────────
const monthOf = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
let month = monthOf(new Date());
function monthPicker(onChange) {
  return h(
    'label',
    {},
    t('console.month'),
    h('input', {
      type: 'month',
      value: month,
      onchange: (e) => {
        month = e.target.value;
        onChange();
      },
    }),
  );
}

async function viewRanking() {
  const r = await api(`/reports/zone-ranking?${qs({ month })}`);
  const cols = me.vocabulary.rankingColumns;
  mount(
    'ranking',
    h('h1', {}, t('console.nav.ranking')),
    h(
      'div',
      { class: 'filters' },
      monthPicker(viewRanking),
      h(
        'a',
        { class: 'button', href: `/api/v1/reports/zone-ranking?${qs({ month, format: 'xlsx' })}` },
        t('console.export_xlsx'),
      ),
    ),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { id: 'ranking' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            cols.map((c) => h('th', {}, t(`report.columns.${c}`))),
          ),
        ),
        h(
          'tbody',
          {},
          r.zones.map((z) =>
            h(
              'tr',
              {},
              cols.map((c) => h('td', {}, z[c] ?? '–')),
            ),
          ),
        ),
      ),
    ),
  );
}

const charts = [];
function chart(el, option) {
  const c = window.echarts.init(el, null, { renderer: 'canvas' });
  c.setOption(option);
  charts.push(c);
  return c;
}
window.addEventListener('resize', () => charts.forEach((c) => c.resize()));

async function viewDashboard() {
  const months = [...Array(6)].map((_, i) => {
    const d = new Date();
    d.setDate(1);
    d.setMonth(d.getMonth() - 5 + i);
    return monthOf(d);
  });
  const [reports, open, current] = await Promise.all([
    Promise.all(months.map((m) => api(`/reports/kpis?${qs({ month: m, groupBy: 'zone' })}`))),
    api('/reports/open-by-zone'),
    api(`/reports/kpis?${qs({ month, groupBy: 'zone' })}`),
  ]);
  charts.splice(0).forEach((c) => c.dispose());
  const trend = h('div', { class: 'chart', id: 'chart-trend' });
  const byZone = h('div', { class: 'chart', id: 'chart-open' });
  const cols = [
    'key',
    'created',
    'completed',
    'satisfactionRate',
    'dispatchTimelyRate',
    'arrivalTimelyRate',
    'callbackOnTimeRate',
    'complaintHandlingRate',
    'reworks',
  ];
  const cell = (row, c) => (c.endsWith('Rate') ? pct(row[c]) : (row[c] ?? '–'));
  mount(
    'dashboard',
    h('h1', {}, t('console.nav.dashboard')),
    h(
      'div',
      { class: 'grid2' },
      h('div', { class: 'card' }, h('h2', {}, t('console.chart.trend')), trend),
      h('div', { class: 'card' }, h('h2', {}, t('console.chart.open')), byZone),
    ),
    h(
      'div',
      { class: 'filters' },
      monthPicker(viewDashboard),
      h(
        'a',
        { class: 'button', href: `/api/v1/reports/kpis?${qs({ month, groupBy: 'zone', format: 'xlsx' })}` },
        t('console.export_xlsx'),
      ),
    ),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { id: 'kpis' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            cols.map((c) => h('th', {}, t(`report.columns.${c}`))),
          ),
        ),
        h(
          'tbody',
          {},
          [...current.groups, { ...current.total, key: t('console.total') }].map((g) =>
            h(
              'tr',
              {},
              cols.map((c) => h('td', {}, cell(g, c))),
            ),
          ),
        ),
      ),
    ),
  );
  if (!window.echarts || currentView() !== 'dashboard') return;
  const rate = (r, k) => (r.total[k] === null ? null : Math.round(r.total[k] * 1000) / 10);
  chart(trend, {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: months },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      ['satisfactionRate', 'console.chart.satisfaction'],
      ['dispatchTimelyRate', 'console.chart.dispatch'],
      ['arrivalTimelyRate', 'console.chart.arrival'],
    ].map(([k, label]) => ({
      name: t(label),
      type: 'line',
      connectNulls: true,
      data: reports.map((r) => rate(r, k)),
    })),
  });
  chart(byZone, {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: open.zones.map((z) => z.zone) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: t('console.chart.open_items'), type: 'bar', data: open.zones.map((z) => z.open) },
      {
        name: t('console.chart.overdue_items'),
        type: 'bar',
        data: open.zones.map((z) => z.overdue),
        itemStyle: { color: '#e5484d' },
      },
    ],
  });
}

// ── chat simulator ───────────────────────────────────────────────────────────
const sim = { from: '', room: '', log: [], after: 0 };
async function viewSimulator() {
  const cast = await api('/simulator/cast');
  sim.from ||= cast.people.find((p) => p.roles.includes('owner'))?.name ?? cast.people[0]?.name ?? '';
  const messages = h('div', { class: 'messages', id: 'sim-messages' });
  const feed = h('div', { class: 'staff-feed', id: 'sim-feed' });
  const input = h('input', {
    type: 'text',
    name: 'text',
    placeholder: t('console.sim.placeholder'),
    maxlength: 2000,
    autocomplete: 'off',
  });
  const image = h('input', { type: 'file', accept: 'image/*', 'aria-label': t('console.sim.image') });
  const draw = () => {
    const here = sim.log.filter((m) => (m.room ?? '') === sim.room && (sim.room || m.peer === sim.from));
    messages.replaceChildren(
      ...here.map((m) =>
        h(
          'div',
          { class: `bubble-row ${m.mine ? 'me' : 'bot'}` },
          h('div', { class: 'avatar' }, m.mine ? m.from.slice(0, 1) : '物'),
          h(
            'div',
            { class: 'bubble' },
            sim.room ? h('span', { class: 'who' }, m.mine ? m.from : t('console.sim.bot')) : null,
            m.mentions?.length
              ? h('span', { class: 'mention' }, m.mentions.map((n) => `@${n} `).join(''))
              : null,
            m.imageUrl ? h('img', { src: m.imageUrl, alt: '' }) : m.text,
          ),
        ),
      ),
    );
    messages.scrollTop = messages.scrollHeight;
  };
  const pollFeed = async () => {
    const r = await api(`/simulator/outbox?${qs({ after: sim.after, limit: 200 })}`);
    for (const m of r.items) {
      sim.after = Math.max(sim.after, m.id);
      feed.prepend(
        h(
          'div',
          { class: 'item' },
          h(
            'div',
            { class: 'meta' },
            `${m.room ?? t('console.sim.direct')} → ${m.to ?? ''} · ${fmt(m.sendAfter)}`,
          ),
          h('div', {}, m.text),
        ),
      );
    }
  };
  const send = async (payload, shown) => {
    sim.log.push({ mine: true, from: sim.from, peer: sim.from, room: sim.room || null, ...shown });
    draw();
    try {
      const r = await api('/simulator/messages', {
        method: 'POST',
        json: { from: sim.from, room: sim.room || undefined, mentionBot: !!sim.room, ...payload },
      });
      for (const reply of r.replies) {
        const toMe = sim.room ? reply.room === sim.room : !reply.room && reply.to === sim.from;
        if (toMe)
          sim.log.push({
            mine: false,
            peer: sim.from,
            room: reply.room,
            text: reply.text,
            mentions: reply.mentions,
          });
      }
      draw();
      await pollFeed();
    } catch (err) {
      toast(err.message);
    }
  };
  const form = h(
    'form',
    {
      onsubmit: async (e) => {
        e.preventDefault();
        const text = input.value.trim();
        if (!text) return;
        input.value = '';
        await send({ text }, { text });
      },
    },
    input,
    h('button', { type: 'submit' }, t('console.sim.send')),
  );
  image.addEventListener('change', async () => {
    const f = image.files[0];
    if (!f) return;
    const bytes = new Uint8Array(await f.arrayBuffer());
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000)
      bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    await send({ image: btoa(bin) }, { imageUrl: URL.createObjectURL(f) });
    image.value = '';
  });
  const who = h(
    'select',
    {
      id: 'sim-from',
      onchange: (e) => {
        sim.from = e.target.value;
        draw();
      },
    },
    cast.people.map((p) =>
      h(
        'option',
        { value: p.name, selected: p.name === sim.from },
        `${p.name} · ${p.roles.map((r) => t(`console.person_role.${r}`, { defaultValue: r })).join('、')}`,
      ),
    ),
  );
  const where = h(
    'select',
    {
      id: 'sim-room',
      onchange: (e) => {
        sim.room = e.target.value;
        title.textContent = sim.room || t('console.sim.direct_with_bot');
        draw();
      },
    },
    h('option', { value: '' }, t('console.sim.direct_with_bot')),
    cast.rooms.map((r) => h('option', { value: r.topic, selected: r.topic === sim.room }, r.topic)),
  );
  const title = h('div', { class: 'title' }, sim.room || t('console.sim.direct_with_bot'));
  mount(
    'simulator',
    h('h1', {}, t('console.nav.simulator')),
    h('p', { class: 'muted' }, t('console.sim.intro')),
    h(
      'div',
      { class: 'filters' },
      h('label', {}, t('console.sim.as'), who),
      h('label', {}, t('console.sim.in'), where),
      h('label', {}, t('console.sim.image'), image),
    ),
    h(
      'div',
      { class: 'sim' },
      h('div', { class: 'phone' }, title, messages, form),
      h('div', { class: 'card' }, h('h2', {}, t('console.sim.staff_feed')), feed),
    ),
  );
  draw();
  await pollFeed();
}

// ── router ───────────────────────────────────────────────────────────────────
const ROUTES = {
  board: viewBoard,
  tickets: viewTickets,
  ticket: (n) => viewTicket(n),
  directory: viewDirectory,
  ranking: viewRanking,
  dashboard: viewDashboard,
  simulator: viewSimulator,
};
async function route() {
  if (!me) return;
  const [, name = 'board', arg] = location.hash.split('/');
  const view = ROUTES[name];
  if (!view) {
    location.hash = '#/board';
    return;
  }
  renderShell();
  // live updates refresh the ticket views only (a form being filled elsewhere is left alone)
  rerender = ['board', 'tickets'].includes(name) ? () => view(arg) : null;
  try {
    await view(arg ? decodeURIComponent(arg) : undefined);
  } catch (err) {
    if (err.status !== 401) mount(name, h('p', { class: 'muted' }, err.message));
  }
}

async function start() {
  try {
    me = await api('/auth/me');
    csrf = me.csrfToken;
  } catch {
    return showLogin();
  }
  listen();
  await route();
}

window.addEventListener('hashchange', route);
$('#lang').addEventListener('change', async (e) => {
  await loadLanguage(e.target.value);
  if (me) await route();
  else showLogin();
});
$('#logout').addEventListener('click', async () => {
  await api('/auth/logout', { method: 'POST' }).catch(() => undefined);
  events?.close();
  showLogin();
});
await loadLanguage(localStorage.getItem('lang') ?? 'zh-CN');
await start();
