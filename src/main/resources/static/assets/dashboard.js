/* The analysts' dashboard: target progress, trend charts (Chart.js, served by the hub), drill-down, CSV. */
'use strict';

const { api, el, bi, money, value, toast } = Hub;
/** The indicators charted, in catalogue order. */
const CHARTED = ['ENT_SETTLED', 'SPACE_OCCUPIED', 'REVENUE', 'TAX_PAID', 'RD_EXPENSE', 'RD_INTENSITY', 'ENT_HIGHTECH',
  'HIGHTECH_REVENUE', 'TT_CONTRACTS', 'TT_AMOUNT', 'CARRIERS', 'FUND_AMOUNT'];
/** The zone's planned targets (规划目标): shown as cards for the Zhigu. */
const TARGETED = ['ENT_SETTLED', 'REVENUE', 'SPACE_OCCUPIED'];
const COLORS = ['#1f6fb2', '#d48a0b', '#1e8e4e', '#8e44ad', '#c0392b', '#16a085'];
const THIS_YEAR = new Date().getFullYear();

/** Every Chart.js instance on the page by indicator code (and 'drill'), so what is plotted can be read. */
window.hubCharts = {};
let catalogue = {};
let dims = { areas: [], sections: [] };

const $ = id => document.getElementById(id);
const num = v => (v == null ? null : Number(v));

/** A compact axis label: money in 万 / 亿, else the number. */
function axis(v, unit) {
  if (unit === '元') {
    const a = Math.abs(v);
    if (a >= 1e8) return (v / 1e8).toLocaleString('zh-CN', { maximumFractionDigits: 2 }) + '亿';
    if (a >= 1e4) return (v / 1e4).toLocaleString('zh-CN', { maximumFractionDigits: 1 }) + '万';
  }
  return Number(v).toLocaleString('zh-CN', { maximumFractionDigits: 2 }) + (unit === '%' ? '%' : '');
}

function query(params) {
  return new URLSearchParams(Object.entries(params).filter(([, v]) => v != null && v !== '')).toString();
}

/** The current choice of area, industry and periods. */
function selection() {
  const g = $('granularity').value;
  let from = Number($('from-year').value) || THIS_YEAR - 5;
  let to = Number($('to-year').value) || THIS_YEAR;
  if (from > to) [from, to] = [to, from];
  return {
    area: $('area').value, industry: $('industry').value, g,
    from: g === 'Q' ? from + '-Q1' : String(from), to: g === 'Q' ? to + '-Q4' : String(to),
  };
}

function areaName(code) {
  const a = dims.areas.find(x => x.code === code);
  return a ? a.nameZh : code;
}

async function targetCards() {
  const cards = await Promise.all(TARGETED.map(async code => {
    const ind = catalogue[code];
    const body = await api('/indicators/' + code + '/values?' + query({ from: 2015, to: 2030, area: 'ZHIGU' }));
    const byYear = Object.fromEntries(body.values.map(v => [v.period, v]));
    const past = body.values.filter(v => Number(v.period) <= THIS_YEAR);
    const latest = [...past].reverse().find(v => num(v.value)) || byYear[String(THIS_YEAR)];
    const bar = (year, cls) => {
      const target = num(byYear[year] && byYear[year].target);
      const pct = target ? num(latest.value) / target * 100 : null;
      return el('div', { class: 'progress', 'data-year': year },
        el('div', { class: 'row' }, el('span', { text: year + ' 目标 target ' + value(target, ind.unit) }),
          el('span', { class: 'pct', text: pct == null ? '—' : pct.toFixed(pct < 1 ? 2 : 1) + ' %' })),
        (() => {
          const b = el('div', { class: 'bar ' + cls }, el('span'));
          b.firstChild.style.width = Math.min(100, Math.max(0, pct || 0)) + '%';
          return b;
        })());
    };
    return el('div', { class: 'card target', 'data-code': code },
      el('div', { class: 'label' }, ...bi(ind.nameZh, ind.nameEn)),
      el('div', { class: 'value', text: value(latest.value, ind.unit) }),
      el('div', { class: 'sub', text: '截至 ' + latest.period + ' 年 · as of ' + latest.period + ' · 智谷 Zhigu' }),
      bar('2025', 'y2025'), bar('2030', 'y2030'));
  }));
  $('target-cards').replaceChildren(...cards);
  return cards;
}

/** The first and last years with data in the cards' series: the default range of the charts. */
async function dataYears() {
  const body = await api('/indicators/REVENUE/values?' + query({ from: 2000, to: THIS_YEAR, area: 'DISTRICT' }));
  const years = body.values.filter(v => num(v.value)).map(v => Number(v.period));
  return years.length ? [Math.min(...years), Math.max(...years)] : [THIS_YEAR - 5, THIS_YEAR];
}

function chartPanel(code) {
  const ind = catalogue[code];
  return el('div', { class: 'chart-panel', id: 'panel-' + code, 'data-code': code },
    el('div', { class: 'head' }, el('h2', {}, ...bi(ind.nameZh, ind.nameEn)),
      el('span', { class: 'meta', text: '单位 ' + (ind.unit === '元' ? '万元/亿元 (接口: 元)' : ind.unit) })),
    el('div', { class: 'latest', id: 'latest-' + code, text: '—' }),
    el('div', { class: 'chart-box' }, el('canvas', { id: 'chart-' + code, 'aria-label': ind.nameZh })),
    el('div', { class: 'foot' }, el('span', { class: 'scope', id: 'scope-' + code }),
      el('a', { class: 'csv', id: 'csv-' + code, href: '#', download: '' }, '下载 CSV ', el('span', { class: 'en', text: 'Download CSV' }))));
}

async function drawChart(code, s) {
  const ind = catalogue[code];
  const industry = ind.byIndustry ? s.industry : 'ALL';
  const q = query({ from: s.from, to: s.to, area: s.area, industry });
  const body = await api('/indicators/' + code + '/values?' + q);
  const labels = body.values.map(v => v.period);
  const datasets = [{
    label: ind.nameZh, data: body.values.map(v => num(v.value)),
    borderColor: COLORS[0], backgroundColor: ind.kind === 'flow' || ind.kind === 'count' ? 'rgba(31,111,178,.75)' : 'rgba(31,111,178,.12)',
    fill: ind.kind !== 'flow' && ind.kind !== 'count', tension: .25, spanGaps: true, pointRadius: 3,
  }];
  if (body.values.some(v => v.target != null)) {
    // the target dwarfs today's values: listed in the legend, drawn when the reader clicks it
    datasets.push({ label: '规划目标 target', data: body.values.map(v => num(v.target)), type: 'line', borderColor: COLORS[1],
      borderDash: [6, 4], pointRadius: 0, fill: false, stepped: true, hidden: true });
  }
  if (window.hubCharts[code]) window.hubCharts[code].destroy();
  window.hubCharts[code] = new Chart($('chart-' + code), {
    type: ind.kind === 'flow' || ind.kind === 'count' ? 'bar' : 'line',
    data: { labels, datasets },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false,
      plugins: {
        legend: { display: datasets.length > 1, position: 'bottom' },
        tooltip: { callbacks: { label: c => c.dataset.label + ': ' + value(c.raw, ind.unit) } },
      },
      scales: { y: { beginAtZero: true, ticks: { callback: v => axis(v, ind.unit) } } },
    },
  });
  const last = [...body.values].reverse().find(v => v.value != null && Number(v.value) !== 0);
  $('latest-' + code).textContent = last ? last.period + '：' + value(last.value, ind.unit) : '暂无数据 no data yet';
  $('scope-' + code).textContent = areaName(s.area) + (ind.byIndustry ? ' · ' + (industry === 'ALL' ? '全部行业' : '门类 ' + industry) : '');
  $('csv-' + code).href = '/ui-api/indicators/' + code + '/values.csv?' + q;
}

async function drawCharts() {
  const s = selection();
  history.replaceState(null, '', '?' + query({ area: s.area, industry: s.industry, g: s.g, from: $('from-year').value, to: $('to-year').value }));
  const results = await Promise.allSettled(CHARTED.map(code => drawChart(code, s)));
  const failed = results.filter(r => r.status === 'rejected');
  if (failed.length) toast('部分图表加载失败 Some charts failed: ' + failed[0].reason.message, 'error');
  document.body.dataset.chartsReady = String(Date.now());
}

async function drill() {
  const code = $('drill-code').value;
  const ind = catalogue[code];
  const dim = $('drill-dim').value;
  const period = $('drill-period').value.trim();
  const s = selection();
  if (dim === 'industry' && !ind.byIndustry) {
    $('drill-note').textContent = ind.nameZh + ' 不分行业门类 (not broken down by industry): 按街道显示 shown by street';
    $('drill-dim').value = 'street';
    return drill();
  }
  const parts = dim === 'street'
    ? dims.areas.filter(a => /^\d{9}$/.test(a.code)).map(a => ({ key: a.code, label: a.nameZh + (a.zhigu ? ' ★' : ''),
      q: { period, area: a.code, industry: ind.byIndustry ? s.industry : 'ALL' } }))
    : dims.sections.map(x => ({ key: x.code, label: x.code + ' ' + x.nameZh, q: { period, area: s.area, industry: x.code } }));
  try {
    const rows = await Promise.all(parts.map(async p => {
      const body = await api('/indicators/' + code + '/values?' + query(p.q));
      return { ...p, value: num(body.values[0].value) };
    }));
    const shown = dim === 'industry' ? rows.filter(r => r.value) : rows;
    const total = shown.reduce((t, r) => t + (r.value || 0), 0);
    $('drill-note').textContent = ind.nameZh + ' · ' + period + ' · ' + (dim === 'street' ? '各街道 (★ 智谷)' : areaName(s.area) + ' 各行业门类')
      + (dim === 'industry' && !shown.length ? ' · 暂无数据 no data' : '');
    $('drill-col').replaceChildren(...(dim === 'street' ? bi('街道', 'Street') : bi('行业门类', 'Industry section')));
    if (window.hubCharts.drill) window.hubCharts.drill.destroy();
    window.hubCharts.drill = new Chart($('drill-chart'), {
      type: 'bar',
      data: { labels: shown.map(r => r.label), datasets: [{ label: ind.nameZh, data: shown.map(r => r.value), backgroundColor: 'rgba(31,111,178,.8)' }] },
      options: {
        indexAxis: 'y', animation: false, responsive: true, maintainAspectRatio: false,
        plugins: { legend: { display: false }, tooltip: { callbacks: { label: c => value(c.raw, ind.unit) } } },
        scales: { x: { beginAtZero: true, ticks: { callback: v => axis(v, ind.unit) } } },
      },
    });
    $('drill-rows').replaceChildren(...shown.map(r => el('tr', {
      class: dim === 'street' ? 'clickable' : null, 'data-key': r.key,
      title: dim === 'street' ? '点击查看该街道的趋势 click for this street\'s trends' : null,
      onclick: dim === 'street' ? () => { $('area').value = r.key; drawCharts(); window.scrollTo(0, 0); } : null,
    }, el('td', { text: r.label }), el('td', { class: 'num', text: value(r.value, ind.unit) }),
    el('td', { class: 'num', text: ind.ratio || !total || r.value == null ? '—' : (r.value / total * 100).toFixed(1) + ' %' }))));
  } catch (e) {
    toast('钻取失败 Drill-down failed: ' + e.message, 'error');
  }
}

document.addEventListener('DOMContentLoaded', async () => {
  try {
    await Hub.topbar('dashboard');
    const [cat, d] = await Promise.all([api('/indicators'), api('/dimensions')]);
    cat.forEach(i => { catalogue[i.code] = i; });
    dims = d;
    $('area').replaceChildren(...dims.areas.map(a => el('option', { value: a.code },
      a.nameZh + (a.code.length === 9 ? (a.zhigu ? ' ★智谷' : '') : ' ' + a.nameEn))));
    $('industry').append(...dims.sections.map(x => el('option', { value: x.code, text: x.code + ' ' + x.nameZh })));
    $('drill-code').replaceChildren(...cat.map(i => el('option', { value: i.code, text: i.nameZh })));
    $('drill-code').value = 'REVENUE';
    $('charts').replaceChildren(...CHARTED.map(chartPanel));

    const q = new URLSearchParams(location.search);
    const [first, last] = await dataYears();
    $('area').value = q.get('area') || 'ZHIGU';
    $('industry').value = q.get('industry') || 'ALL';
    $('granularity').value = q.get('g') || 'Y';
    $('from-year').value = q.get('from') || Math.min(first - 1, THIS_YEAR - 5);
    $('to-year').value = q.get('to') || Math.max(last, THIS_YEAR);
    $('drill-period').value = String(last);

    $('apply').addEventListener('click', drawCharts);
    ['area', 'industry', 'granularity'].forEach(id => $(id).addEventListener('change', drawCharts));
    $('drill-apply').addEventListener('click', drill);
    ['drill-code', 'drill-dim'].forEach(id => $(id).addEventListener('change', drill));
    await Promise.all([targetCards(), drawCharts(), drill()]);
  } catch (e) {
    toast('加载失败 Loading failed: ' + e.message, 'error');
  }
});
