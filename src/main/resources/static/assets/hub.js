/* Shared by every page: the API call with the session and CSRF token, formatting, the top bar. */
'use strict';

const Hub = (() => {
  /** The CSRF token the hub keeps in the XSRF-TOKEN cookie (readable by this page's script only). */
  function csrf() {
    const m = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : '';
  }

  /** Calls the session API (/ui-api/...); on POST it sends the CSRF token. Throws Error(message) on failure. */
  async function api(path, options = {}) {
    const headers = { 'Accept': 'application/json' };
    if (options.method && options.method !== 'GET') {
      headers['X-XSRF-TOKEN'] = csrf();
    }
    const res = await fetch('/ui-api' + path, { credentials: 'same-origin', ...options, headers });
    if (res.status === 401) {
      location.href = '/login';
      throw new Error('登录已过期 / session expired');
    }
    const text = await res.text();
    const body = text ? JSON.parse(text) : null;
    if (!res.ok) {
      const err = new Error(body && body.message ? body.message : res.status + ' ' + res.statusText);
      err.status = res.status;
      throw err;
    }
    return body;
  }

  /** Every form on the page posts the CSRF token in its _csrf field. */
  function wireForms() {
    document.querySelectorAll('form').forEach(f => f.addEventListener('submit', () => {
      const field = f.querySelector('input[name=_csrf]');
      if (field) field.value = csrf();
    }));
  }

  /** document.createElement with attributes (class, text, data-*, on*) and children. */
  function el(tag, attrs = {}, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v == null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) {
      if (c != null) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  /** "中文 English" as a label with the English part muted. */
  function bi(zh, en) {
    return [zh, ' ', el('span', { class: 'en', text: en })];
  }

  const pad = n => String(n).padStart(2, '0');
  function time(iso) {
    if (!iso) return '—';
    const d = new Date(iso);
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' '
      + pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  }
  function isToday(iso) {
    if (!iso) return false;
    const d = new Date(iso), now = new Date();
    return d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
  }
  function age(seconds) {
    if (seconds == null) return '—';
    if (seconds < 60) return seconds + ' 秒';
    if (seconds < 3600) return Math.floor(seconds / 60) + ' 分钟';
    if (seconds < 86400) return (seconds / 3600).toFixed(1) + ' 小时';
    return (seconds / 86400).toFixed(1) + ' 天';
  }
  const int = new Intl.NumberFormat('zh-CN');
  const dec2 = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 0, maximumFractionDigits: 2 });

  /** Money for reading: 亿元 from 1e8, 万元 from 1e4, else 元 (the API itself always answers in 元). */
  function money(v) {
    if (v == null) return '—';
    const n = Number(v), a = Math.abs(n);
    if (a >= 1e8) return dec2.format(n / 1e8) + ' 亿元';
    if (a >= 1e4) return dec2.format(n / 1e4) + ' 万元';
    return dec2.format(n) + ' 元';
  }
  /** A value in its catalogue unit. */
  function value(v, unit) {
    if (v == null) return '—';
    if (unit === '元') return money(v);
    if (unit === '%') return dec2.format(Number(v)) + ' %';
    return dec2.format(Number(v)) + ' ' + unit;
  }

  /** The top bar: brand, the pages this user may open, user name and logout. */
  async function topbar(active) {
    const me = await api('/me');
    const bar = document.getElementById('topbar');
    const nav = el('nav', {},
      me.ops ? el('a', { href: '/ops', class: active === 'ops' ? 'active' : null }, ...bi('运维控制台', 'Ops console')) : null,
      el('a', { href: '/dashboard', class: active === 'dashboard' ? 'active' : null }, ...bi('指标看板', 'Dashboard')),
      me.ops ? el('a', { href: '/actuator/hawtio/camel/routes', id: 'hawtio-link', title: 'Hawtio: Camel 路由、交换与 JMX 详情' }, ...bi('深度检查', 'Hawtio')) : null);
    const logout = el('form', { method: 'post', action: '/logout', class: 'inline', id: 'logout-form' },
      el('input', { type: 'hidden', name: '_csrf', value: '' }),
      el('button', { type: 'submit', class: 'small', id: 'logout' }, ...bi('退出', 'Log out')));
    bar.replaceChildren(
      el('div', { class: 'brand' }, el('img', { src: '/assets/favicon.svg', alt: '', class: 'logo' }),
        el('div', {}, el('div', { class: 'brand-zh', text: '中科武大·智谷 数据汇聚平台' }),
          el('div', { class: 'brand-en', text: 'Zhigu Data Hub' }))),
      nav,
      el('div', { class: 'user' }, el('span', { id: 'user-name', text: me.user + (me.ops ? '（运维）' : '（分析）') }), logout));
    wireForms();
    return me;
  }

  /** A short message in the corner; error messages stay until clicked. */
  function toast(text, kind = 'ok') {
    let t = document.getElementById('toast');
    if (!t) {
      t = el('p', { id: 'toast', onclick: () => t.hidden = true });
      document.body.append(t);
    }
    t.className = 'notice ' + kind;
    t.textContent = text;
    t.hidden = false;
    clearTimeout(t.timer);
    if (kind !== 'error') t.timer = setTimeout(() => { t.hidden = true; }, 6000);
  }

  /**
   * Puts freshly built rows (each with data-key) into a table body, keeping every row whose content is
   * unchanged, so that a refresh never swaps a button away under the pointer. Cells marked "live"
   * (ages, uptimes) are updated in place and do not count as a change.
   */
  function rows(tbody, fresh) {
    const stable = tr => {
      const c = tr.cloneNode(true);
      c.querySelectorAll('.live').forEach(e => { e.textContent = ''; });
      c.removeAttribute('class');
      return c.outerHTML;
    };
    const old = new Map([...tbody.children].map(r => [r.dataset.key, r]));
    const out = fresh.map(r => {
      const o = old.get(r.dataset.key);
      if (!o || stable(o) !== stable(r)) return r;
      const now = r.querySelectorAll('.live');
      o.querySelectorAll('.live').forEach((c, i) => { if (c.textContent !== now[i].textContent) c.textContent = now[i].textContent; });
      if (o.className !== r.className) o.className = r.className;
      return o;
    });
    if (out.length !== tbody.children.length || out.some((r, i) => tbody.children[i] !== r)) tbody.replaceChildren(...out);
  }

  document.addEventListener('DOMContentLoaded', wireForms);
  return { api, csrf, el, bi, time, isToday, age, money, value, topbar, toast, int, rows };
})();
