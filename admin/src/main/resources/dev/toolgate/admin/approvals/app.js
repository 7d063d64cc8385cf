// The approvals page: lists approvals from this server's JSON API and decides them with the person's bearer token.
// Every value from the API is agent- or server-controlled text: it reaches the page through textContent only, never
// as markup. The page POSTs to the paths the API gives in each approval's "actions"; it never builds a path itself.
'use strict';

(() => {
  const TOKEN_KEY = 'toolgate.approvals.token';
  const LIST_PATH = '/approvals';
  const PAGE_PREFIX = '/approvals/';
  const REFRESH_MS = 3000;
  const MAX_RECENT = 100;

  const highlightId = idFromLocation();
  const pendingRows = new Map(); // id -> the row element; a pending approval never changes until decided
  let refreshTimer = null;
  let refreshing = false;
  let refreshAgain = false;
  let signIns = 0; // a list fetched with a token since forgotten is not shown
  let scrolledToHighlight = false;
  let stickyError = false;

  const $ = (selector) => document.querySelector(selector);

  /** The approval id of /approvals/<id> (the link an agent was given, or <namespace>/<name> on the operator's page); null on /approvals. */
  function idFromLocation() {
    const path = window.location.pathname;
    if (!path.startsWith(PAGE_PREFIX)) {
      return null;
    }
    try {
      // the whole rest: the operator's ids are <namespace>/<name>
      return decodeURIComponent(path.slice(PAGE_PREFIX.length).replace(/\/+$/, '')) || null;
    } catch (e) {
      return null;
    }
  }

  function token() {
    return window.sessionStorage.getItem(TOKEN_KEY);
  }

  class ApiError extends Error {
    constructor(message, status) {
      super(message);
      this.status = status;
    }
  }

  /** A same-origin absolute path: the only place the token may be sent. */
  function isLocalPath(path) {
    return typeof path === 'string' && path.startsWith('/') && !path.startsWith('//') && !path.includes('\\');
  }

  async function api(method, path, body) {
    const headers = {'Accept': 'application/json', 'Authorization': 'Bearer ' + token()};
    const init = {method, headers, cache: 'no-store', credentials: 'omit', redirect: 'error'};
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (e) {
      throw new ApiError('the request failed: ' + e.message);
    }
    let data = null;
    try {
      data = await response.json();
    } catch (e) {
      data = null;
    }
    const message = data && typeof data.error === 'string' ? data.error : null;
    if (response.status === 401) {
      throw new ApiError('the token was refused: ' + (message || 'HTTP 401'), 401);
    }
    if (!response.ok) {
      throw new ApiError(message || 'HTTP ' + response.status, response.status);
    }
    if (data === null || typeof data !== 'object') {
      throw new ApiError('the server did not answer JSON');
    }
    return data;
  }

  function showError(text, sticky) {
    const error = $('#error');
    error.textContent = text;
    error.hidden = false;
    stickyError = sticky;
  }

  function clearError(evenSticky) {
    if (evenSticky || !stickyError) {
      $('#error').hidden = true;
      $('#error').textContent = '';
      stickyError = false;
    }
  }

  function showNotice(text) {
    $('#notice').textContent = text || '';
    $('#notice').hidden = !text;
  }

  function hideApprovals() {
    pendingRows.clear();
    $('#pending .rows').replaceChildren();
    $('#recent .rows').replaceChildren();
    $('#approvals').hidden = true;
  }

  function askForToken() {
    window.sessionStorage.removeItem(TOKEN_KEY);
    signIns++;
    if (refreshTimer !== null) {
      window.clearInterval(refreshTimer);
      refreshTimer = null;
    }
    hideApprovals();
    $('#forget-token').hidden = true;
    showNotice(null);
    $('#token-form').hidden = false;
    $('#token').value = '';
    $('#token').focus();
  }

  function start() {
    $('#token-form').hidden = true;
    $('#forget-token').hidden = false;
    // the lists show once the API has answered: until then "No call is waiting" could be untrue
    refresh();
    refreshTimer = window.setInterval(refresh, REFRESH_MS);
  }

  async function refresh() {
    if (token() === null) {
      return;
    }
    if (refreshing) {
      // a decision just made must show: list again once the fetch under way (maybe older than it) is done
      refreshAgain = true;
      return;
    }
    refreshing = true;
    const signIn = signIns;
    try {
      const data = await api('GET', LIST_PATH);
      if (signIn !== signIns) {
        return;
      }
      const approvals = Array.isArray(data.approvals) ? data.approvals : [];
      render(approvals.filter((a) => a && typeof a === 'object' && typeof a.id === 'string'));
      $('#approvals').hidden = false;
      clearError(false);
      $('#updated').textContent = 'Updated ' + new Date().toLocaleTimeString() + '; refreshed every '
        + REFRESH_MS / 1000 + ' s.';
    } catch (e) {
      if (e instanceof ApiError && e.status === 403 && signIn === signIns) {
        // the person may list nothing (any more): empty lists would say "nothing is waiting", which is not known
        hideApprovals();
      }
      failed(e, signIn, false);
    } finally {
      refreshing = false;
      if (refreshAgain) {
        refreshAgain = false;
        refresh();
      }
    }
  }

  /** Shows what went wrong; a refused token is dropped and asked for again. Ignored once the token changed. */
  function failed(error, signIn, sticky) {
    if (signIn !== signIns) {
      return;
    }
    if (error instanceof ApiError && error.status === 401) {
      askForToken();
    }
    showError(error.message, sticky);
  }

  function render(approvals) {
    const pending = approvals.filter((a) => a.state === 'pending');
    const recent = approvals.filter((a) => a.state !== 'pending').slice(0, MAX_RECENT);
    renderPending(pending);
    renderRecent(recent);
    const highlighted = highlightId !== null && approvals.some((a) => a.id === highlightId);
    showNotice(highlightId !== null && !highlighted
      ? 'Approval ' + highlightId + ' is not in the list: unknown, or too old to be kept.' : null);
  }

  /** Keeps the rows already shown (and what the person typed into them); adds new ones, drops decided ones. */
  function renderPending(pending) {
    const container = $('#pending .rows');
    const ids = new Set(pending.map((a) => a.id));
    for (const [id, row] of pendingRows) {
      if (!ids.has(id)) {
        row.remove();
        pendingRows.delete(id);
      }
    }
    const ordered = pending.map((a) => {
      if (!pendingRows.has(a.id)) {
        pendingRows.set(a.id, pendingRow(a));
      }
      return pendingRows.get(a.id);
    });
    const inOrder = ordered.length === container.children.length
      && ordered.every((row, i) => container.children[i] === row);
    if (!inOrder) {
      // moving a row would take the focus from its reason field, so rows move only when the order changed
      container.replaceChildren(...ordered);
    }
    $('#pending .empty').hidden = pending.length > 0;
    scrollToHighlight(pendingRows.get(highlightId));
  }

  function pendingRow(approval) {
    const row = element('article', 'approval');
    row.dataset.approvalId = approval.id;
    markHighlight(row, approval.id);
    const title = element('h3');
    title.append(element('span', 'tool', approval.tool), ' ', element('span', 'server', server(approval)));
    const facts = element('dl');
    fact(facts, 'Identity', 'identity', approval.identity);
    fact(facts, 'Grants', 'grants', Array.isArray(approval.grants) && approval.grants.length
      ? approval.grants.map(String).join(', ') : '(none)');
    fact(facts, 'Rule', 'rule', approval.rule);
    fact(facts, 'Why', 'why', approval.reason);
    fact(facts, 'Requested', 'created', approval.createdAt);
    fact(facts, 'Expires', 'expires', approval.expiresAt);
    fact(facts, 'Arguments SHA-256', 'sha', approval.argumentsSha256);
    fact(facts, 'Id', 'id', approval.id);
    const preview = element('pre', 'preview', approval.preview);
    const controls = element('div', 'decide');
    const reason = element('input', 'reason');
    reason.type = 'text';
    reason.maxLength = 1000;
    reason.placeholder = 'Reason (the agent sees it when denied)';
    reason.setAttribute('aria-label', 'Reason for ' + approval.id);
    const approve = element('button', 'approve', 'Approve');
    const deny = element('button', 'deny', 'Deny');
    approve.type = 'button';
    deny.type = 'button';
    approve.addEventListener('click', () => decide(approval, 'approve', row));
    deny.addEventListener('click', () => decide(approval, 'deny', row));
    controls.append(reason, approve, deny);
    row.append(title, facts, preview, controls);
    return row;
  }

  async function decide(approval, verb, row) {
    const reasonInput = row.querySelector('input.reason');
    const reason = reasonInput.value.trim();
    if (verb === 'deny' && reason === '') {
      showError('A denial needs a reason: the agent is told it.', true);
      reasonInput.focus();
      return;
    }
    const path = approval.actions && approval.actions[verb];
    if (!isLocalPath(path)) {
      showError('Approval ' + approval.id + ' cannot be decided here (the server gave no ' + verb + ' action).', true);
      return;
    }
    const buttons = row.querySelectorAll('button');
    buttons.forEach((b) => { b.disabled = true; });
    const signIn = signIns;
    try {
      await api('POST', path, {reason});
      clearError(true);
      await refresh();
    } catch (e) {
      failed(e, signIn, true);
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
    }
  }

  function renderRecent(recent) {
    const rows = recent.map((a) => {
      const row = element('tr');
      row.dataset.approvalId = a.id;
      markHighlight(row, a.id);
      const decision = element('td', 'decision ' + (typeof a.state === 'string' ? a.state : ''), decisionText(a));
      row.append(decision, element('td', 'tool', a.tool), element('td', 'identity', a.identity),
        element('td', 'decision-reason', a.decisionReason), element('td', 'at', a.decidedAt || a.expiresAt),
        element('td', 'server', server(a)));
      return row;
    });
    $('#recent .rows').replaceChildren(...rows);
    $('#recent .empty').hidden = recent.length > 0;
    $('#recent table').hidden = recent.length === 0;
    if (!pendingRows.has(highlightId)) {
      scrollToHighlight(rows.find((row) => row.dataset.approvalId === highlightId));
    }
  }

  function decisionText(a) {
    const by = a.decidedBy === null || a.decidedBy === undefined ? 'unknown' : String(a.decidedBy);
    switch (a.state) {
      case 'approved': return 'approved by ' + by;
      case 'denied': return 'denied by ' + by;
      case 'consumed': return 'approved by ' + by + '; the call ran';
      case 'expired': return a.decidedBy ? 'approved by ' + by + '; expired unused' : 'expired undecided';
      default: return String(a.state);
    }
  }

  function server(a) {
    const name = a.mcpServer === null || a.mcpServer === undefined ? '' : String(a.mcpServer);
    return typeof a.namespace === 'string' ? a.namespace + '/' + name : name;
  }

  function markHighlight(row, id) {
    if (id === highlightId) {
      row.classList.add('highlight');
      row.setAttribute('aria-current', 'true');
    }
  }

  function scrollToHighlight(row) {
    if (row && !scrolledToHighlight) {
      scrolledToHighlight = true;
      row.scrollIntoView({block: 'center'});
    }
  }

  function fact(list, label, className, value) {
    list.append(element('dt', null, label), element('dd', className, value));
  }

  /** An element whose text, if any, is set as text: never parsed as markup. */
  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text === null ? '' : String(text);
    }
    return node;
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('#token-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const value = $('#token').value.trim();
      if (value === '') {
        showError('Enter a token.', true);
        return;
      }
      window.sessionStorage.setItem(TOKEN_KEY, value);
      $('#token').value = '';
      clearError(true);
      start();
    });
    $('#forget-token').addEventListener('click', () => {
      clearError(true);
      askForToken();
    });
    if (token() === null) {
      askForToken();
    } else {
      start();
    }
  });
})();
