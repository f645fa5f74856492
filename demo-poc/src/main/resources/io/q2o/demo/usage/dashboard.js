(function () {
  'use strict';
  // Draws the charts of the usage dashboard as inline SVG from the JSON block #usage-data.
  // Text from the ledger is only ever set with textContent / setAttribute, never parsed as HTML.
  // Money stays exact: sums are computed on decimal strings with BigInt; numbers are only used
  // for geometry.
  var NS = 'http://www.w3.org/2000/svg';
  var data = JSON.parse(document.getElementById('usage-data').textContent);
  var KNOWN = {gemini: '#4f7ee8', openai: '#13a37f', anthropic: '#d9774f'};
  var PALETTE = ['#8e6bd8', '#e0a526', '#d6537a', '#3aa6c4', '#7a8b4a', '#a0522d', '#5b6b8c', '#c467c9'];
  var COLORS = {};
  data.providers.forEach(function (p, i) {
    COLORS[p] = KNOWN[p] || PALETTE[i % PALETTE.length];
  });

  // ---------------------------------------------------------------- exact decimals
  function dec(s) {
    s = String(s);
    var neg = s.charAt(0) === '-';
    if (neg) { s = s.slice(1); }
    var dot = s.indexOf('.');
    var scale = dot < 0 ? 0 : s.length - dot - 1;
    var n = BigInt(dot < 0 ? s : s.slice(0, dot) + s.slice(dot + 1));
    return {n: neg ? -n : n, scale: scale};
  }
  function show(n, scale) {
    var neg = n < 0n;
    var digits = (neg ? -n : n).toString();
    while (digits.length <= scale) { digits = '0' + digits; }
    var whole = scale ? digits.slice(0, digits.length - scale) : digits;
    var frac = scale ? digits.slice(digits.length - scale) : '';
    frac = frac.replace(/0+$/, '');
    while (frac.length < 2) { frac += '0'; }
    return (neg ? '-' : '') + whole + '.' + frac;
  }
  function add(a, b) {
    var x = dec(a), y = dec(b);
    var scale = Math.max(x.scale, y.scale);
    var n = x.n * 10n ** BigInt(scale - x.scale) + y.n * 10n ** BigInt(scale - y.scale);
    return show(n, scale);
  }
  function sum(values) {
    return values.reduce(add, '0');
  }
  function usd(s) {
    return '$' + show(dec(s).n, dec(s).scale);
  }
  function usdShort(v) {
    if (v === 0) { return '$0'; }
    if (v >= 100) { return '$' + v.toFixed(0); }
    if (v >= 1) { return '$' + v.toFixed(2); }
    return '$' + Number(v.toPrecision(3)).toString();
  }

  // ---------------------------------------------------------------- svg helpers
  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function text(parent, x, y, s, attrs) {
    var a = {x: x, y: y};
    Object.keys(attrs || {}).forEach(function (k) { a[k] = attrs[k]; });
    var t = el('text', a, parent);
    t.textContent = s;
    return t;
  }
  function tip(node, s) {
    el('title', {}, node).textContent = s;
  }
  function svg(figure, w, h) {
    var s = el('svg', {viewBox: '0 0 ' + w + ' ' + h, width: '100%', role: 'img',
      'aria-label': figure.querySelector('figcaption').textContent});
    figure.appendChild(s);
    return s;
  }
  // the top of an axis with four equal, round steps (0.06 / 0.12 / 0.18 / 0.24)
  function niceMax(v, integer) {
    if (!(v > 0)) { return integer ? 4 : 1; }
    var raw = v / 4;
    var p = Math.pow(10, Math.floor(Math.log10(raw)));
    var steps = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];
    var step = 10 * p;
    for (var i = 0; i < steps.length; i++) {
      if (steps[i] * p >= raw - 1e-12) { step = steps[i] * p; break; }
    }
    if (integer) { step = Math.max(1, Math.ceil(step)); }
    return 4 * step;
  }
  function shortDay(d) {
    return d.slice(5);
  }
  function cut(s, n) {
    return s.length > n ? s.slice(0, n - 1) + '\u2026' : s;
  }
  function noData(s, w, h) {
    text(s, w / 2, h / 2, 'nothing recorded in this period', {'text-anchor': 'middle', 'class': 'empty'});
  }
  function yAxis(s, x0, x1, y0, y1, max, label) {
    for (var i = 0; i <= 4; i++) {
      var v = max * i / 4;
      var y = y0 - (y0 - y1) * i / 4;
      el('line', {x1: x0, x2: x1, y1: y, y2: y, 'class': i === 0 ? 'axis' : 'grid'}, s);
      text(s, x0 - 6, y + 4, label(v), {'text-anchor': 'end', 'class': 'tick'});
    }
  }
  function xLabels(s, days, x, y) {
    var every = days.length < 2 ? 1 : Math.ceil(44 / (x(1) - x(0)));
    days.forEach(function (d, i) {
      if ((days.length - 1 - i) % every === 0) {
        text(s, x(i), y, shortDay(d.day), {'text-anchor': 'middle', 'class': 'tick'});
      }
    });
  }
  // a reference line (alert, budget) inside the scale, or a marker at the top when far above it
  function refLine(s, kind, label, value, max, x0, x1, yOf, top, inScale) {
    var v = Number(value);
    var g = el('g', {'class': 'ref ' + kind, 'data-kind': kind, 'data-value': value,
      'data-in-scale': String(inScale)}, s);
    if (inScale) {
      var y = yOf(v);
      el('line', {x1: x0, x2: x1, y1: y, y2: y, 'class': 'ref-line ' + kind}, g);
      text(g, x1 + 6, y + 4, label + ' ' + usd(value), {'class': 'ref-label ' + kind});
    } else {
      text(g, x1 + 6, top + 4, '\u25b2 ' + label + ' ' + usd(value), {'class': 'ref-label ' + kind});
      text(g, x1 + 6, top + 18, '(above the scale)', {'class': 'ref-label small ' + kind});
    }
  }
  // lines far above the data would flatten the bars: they are drawn in scale up to 3x the data
  function scaleWith(dataMax, refs) {
    var max = dataMax;
    var shown = {};
    refs.forEach(function (r) {
      if (r.value === null || r.value === undefined) { return; }
      var v = Number(r.value);
      shown[r.kind] = dataMax === 0 || v <= 3 * dataMax;
      if (shown[r.kind]) { max = Math.max(max, v); }
    });
    return {max: niceMax(max * 1.05), shown: shown};
  }
  function legend(s, x, y, items) {
    items.forEach(function (it) {
      if (it.line) {
        el('line', {x1: x, x2: x + 18, y1: y - 4, y2: y - 4, 'class': 'ref-line ' + it.line}, s);
      } else {
        el('rect', {x: x, y: y - 10, width: 12, height: 12, rx: 2, fill: it.color}, s);
      }
      var t = text(s, x + (it.line ? 24 : 17), y, it.label, {'class': 'legend'});
      x += 34 + t.getComputedTextLength();
    });
  }

  // ---------------------------------------------------------------- charts
  function costPerDay() {
    var fig = document.getElementById('chart-cost-per-day');
    var W = 1180, H = 330, L = 70, R = 170, T = 34, B = 300;
    var s = svg(fig, W, H);
    var days = data.days;
    var totals = days.map(function (d) { return sum(Object.keys(d.cost).map(function (p) { return d.cost[p]; })); });
    var dataMax = Math.max.apply(null, totals.map(Number).concat([0]));
    var sc = scaleWith(dataMax, [{kind: 'alert', value: data.alert}, {kind: 'daily-budget', value: data.dailyLimit}]);
    var step = (W - L - R) / days.length;
    var x = function (i) { return L + step * (i + 0.5); };
    var yOf = function (v) { return B - (B - T) * v / sc.max; };
    yAxis(s, L, W - R, B, T, sc.max, usdShort);
    var bars = 0;
    days.forEach(function (d, i) {
      var y = B;
      var g = el('g', {'class': 'day', 'data-day': d.day, 'data-cost': totals[i]}, s);
      data.providers.forEach(function (p) {
        if (!(p in d.cost)) { return; }
        var v = Number(d.cost[p]);
        var h = (B - T) * v / sc.max;
        var r = el('rect', {x: x(i) - step * 0.36, y: y - h, width: step * 0.72, height: h, fill: COLORS[p],
          'class': 'bar', 'data-day': d.day, 'data-provider': p, 'data-value': d.cost[p]}, g);
        tip(r, d.day + ' ' + p + ': ' + usd(d.cost[p]));
        y -= h;
        bars++;
      });
    });
    xLabels(s, days, x, B + 18);
    if (data.alert !== null) {
      refLine(s, 'alert', 'alert', data.alert, sc.max, L, W - R, yOf, T, sc.shown.alert);
    }
    if (data.dailyLimit !== null) {
      refLine(s, 'daily-budget', 'daily budget', data.dailyLimit, sc.max, L, W - R, yOf,
        T + (data.alert !== null && !sc.shown.alert ? 36 : 0), sc.shown['daily-budget']);
    }
    var items = data.providers.map(function (p) { return {label: p, color: COLORS[p]}; });
    if (data.alert !== null) { items.push({label: 'cost alert ' + usd(data.alert), line: 'alert'}); }
    if (data.dailyLimit !== null) { items.push({label: 'daily budget ' + usd(data.dailyLimit), line: 'daily-budget'}); }
    legend(s, L, 18, items);
    if (dataMax === 0) { noData(s, W, H); }
    fig.setAttribute('data-total-cost', sum(totals));
    fig.setAttribute('data-days', String(days.length));
    fig.setAttribute('data-bars', String(bars));
    fig.setAttribute('data-alert', data.alert === null ? '' : data.alert);
    fig.setAttribute('data-daily-budget', data.dailyLimit === null ? '' : data.dailyLimit);
  }

  function callsPerDay() {
    var fig = document.getElementById('chart-calls-per-day');
    var W = 580, H = 300, L = 50, R = 50, T = 34, B = 270;
    var s = svg(fig, W, H);
    var days = data.days;
    var calls = 0, hits = 0;
    var max = niceMax(Math.max.apply(null, days.map(function (d) { return d.calls; }).concat([0])), true);
    var step = (W - L - R) / days.length;
    var x = function (i) { return L + step * (i + 0.5); };
    yAxis(s, L, W - R, B, T, max, function (v) { return String(Math.round(v)); });
    for (var k = 0; k <= 4; k++) {
      text(s, W - R + 6, B - (B - T) * k / 4 + 4, (25 * k) + '%', {'class': 'tick'});
    }
    var points = [];
    days.forEach(function (d, i) {
      calls += d.calls;
      hits += d.cacheHits;
      var h = (B - T) * d.calls / max;
      var r = el('rect', {x: x(i) - step * 0.36, y: B - h, width: step * 0.72, height: h, 'class': 'bar calls',
        'data-day': d.day, 'data-calls': String(d.calls), 'data-cache-hits': String(d.cacheHits),
        'data-failed': String(d.failed)}, s);
      tip(r, d.day + ': ' + d.calls + ' calls, ' + d.cacheHits + ' cache hits, ' + d.failed + ' failed');
      if (d.calls > 0) {
        var rate = d.cacheHits / d.calls;
        points.push({x: x(i), y: B - (B - T) * rate, day: d.day, rate: rate});
      }
    });
    if (points.length) {
      el('polyline', {points: points.map(function (p) { return p.x + ',' + p.y; }).join(' '), 'class': 'rate-line'}, s);
      points.forEach(function (p) {
        var c = el('circle', {cx: p.x, cy: p.y, r: 3, 'class': 'rate-point', 'data-day': p.day,
          'data-hit-rate': (100 * p.rate).toFixed(1)}, s);
        tip(c, p.day + ': cache hit rate ' + (100 * p.rate).toFixed(1) + '%');
      });
    }
    xLabels(s, days, x, B + 18);
    legend(s, L, 18, [{label: 'calls', color: '#6b7fa3'}, {label: 'cache hit rate (right axis)', line: 'rate'}]);
    if (calls === 0) { noData(s, W, H); }
    fig.setAttribute('data-total-calls', String(calls));
    fig.setAttribute('data-total-cache-hits', String(hits));
    fig.setAttribute('data-cache-hit-rate', calls === 0 ? '0.0' : (100 * hits / calls).toFixed(1));
  }

  function horizontal(id, rows, value, label, color, total) {
    var fig = document.getElementById(id);
    var MAXROWS = 12;
    var shown = rows.slice(0, MAXROWS);
    if (rows.length > MAXROWS) {
      var rest = rows.slice(MAXROWS);
      shown.push({name: 'other (' + rest.length + ')', other: true,
        cost: sum(rest.map(function (r) { return r.cost || '0'; })),
        calls: rest.reduce(function (a, r) { return a + (r.calls || 0); }, 0),
        count: rest.reduce(function (a, r) { return a + (r.count || 0); }, 0)});
    }
    var longest = Math.max.apply(null, shown.map(function (r) { return label(r).length; }).concat([8]));
    var W = fig.classList.contains('wide') ? 1180 : 580, L = 190, R = Math.min(300, 16 + 6.6 * longest);
    var T = 12, ROW = 26;
    var H = T + Math.max(1, shown.length) * ROW + 12;
    var s = svg(fig, W, H);
    var max = Math.max.apply(null, shown.map(function (r) { return Number(value(r)); }).concat([0]));
    shown.forEach(function (r, i) {
      var y = T + i * ROW;
      var w = max > 0 ? (W - L - R) * Number(value(r)) / max : 0;
      var g = el('g', {'class': 'row'}, s);
      var t = text(g, L - 8, y + 15, cut(r.name, 26), {'text-anchor': 'end', 'class': 'name'});
      tip(t, r.name);
      var b = el('rect', {x: L, y: y + 3, width: Math.max(w, 0), height: ROW - 8, rx: 2,
        fill: typeof color === 'function' ? color(r) : color,
        'class': 'bar', 'data-name': r.name, 'data-value': String(value(r)),
        'data-calls': String(r.calls === undefined ? '' : r.calls), 'data-other': String(!!r.other)}, g);
      tip(b, r.name + ': ' + label(r));
      text(g, L + w + 6, y + 15, label(r), {'class': 'value'});
    });
    if (!rows.length) { noData(s, W, H); }
    fig.setAttribute('data-rows', String(rows.length));
    fig.setAttribute(total.attr, total.value);
  }

  function costBy(id, rows, color) {
    horizontal(id, rows, function (r) { return r.cost; },
      function (r) { return usd(r.cost) + ' \u00b7 ' + r.calls + ' calls'; }, color,
      {attr: 'data-total-cost', value: sum(rows.map(function (r) { return r.cost; }))});
  }

  function failuresByKind() {
    var rows = data.failures;
    horizontal('chart-failures-by-kind', rows, function (r) { return r.count; },
      function (r) { return r.count + (r.count === 1 ? ' failure' : ' failures'); }, '#d0453f',
      {attr: 'data-total-failures', value: String(rows.reduce(function (a, r) { return a + r.count; }, 0))});
  }

  function monthToDate() {
    var fig = document.getElementById('chart-month-to-date');
    var W = 580, H = 300, L = 70, R = 130, T = 34, B = 270;
    var s = svg(fig, W, H);
    var days = data.days.filter(function (d) { return d.day >= data.monthFrom; });
    var running = '0';
    var cum = days.map(function (d) {
      running = add(running, sum(Object.keys(d.cost).map(function (p) { return d.cost[p]; })));
      return running;
    });
    var dataMax = Number(running);
    var sc = scaleWith(dataMax, [{kind: 'monthly-budget', value: data.monthlyBudget}]);
    var step = (W - L - R) / Math.max(1, days.length);
    var x = function (i) { return L + step * (i + 0.5); };
    var yOf = function (v) { return B - (B - T) * v / sc.max; };
    yAxis(s, L, W - R, B, T, sc.max, usdShort);
    if (days.length) {
      var pts = cum.map(function (c, i) { return x(i) + ',' + yOf(Number(c)); });
      el('polygon', {points: x(0) + ',' + B + ' ' + pts.join(' ') + ' ' + x(days.length - 1) + ',' + B,
        'class': 'area'}, s);
      el('polyline', {points: pts.join(' '), 'class': 'cum-line'}, s);
      cum.forEach(function (c, i) {
        var p = el('circle', {cx: x(i), cy: yOf(Number(c)), r: 2.5, 'class': 'cum-point', 'data-day': days[i].day,
          'data-cumulative-cost': c}, s);
        tip(p, days[i].day + ': ' + usd(c) + ' this month');
      });
    }
    xLabels(s, days, x, B + 18);
    if (data.monthlyBudget !== null) {
      refLine(s, 'monthly-budget', 'budget', data.monthlyBudget, sc.max, L, W - R, yOf, T,
        sc.shown['monthly-budget']);
    }
    legend(s, L, 18, [{label: 'spent this month', color: '#4f7ee8'}].concat(data.monthlyBudget === null ? []
      : [{label: 'monthly budget ' + usd(data.monthlyBudget), line: 'monthly-budget'}]));
    fig.setAttribute('data-month-cost', running);
    fig.setAttribute('data-monthly-budget', data.monthlyBudget === null ? '' : data.monthlyBudget);
  }

  var charts = [costPerDay, callsPerDay,
    function () { costBy('chart-cost-by-provider', data.byProvider, function (r) { return COLORS[r.name] || '#8a94a3'; }); },
    function () { costBy('chart-cost-by-agent', data.byAgent, '#8e6bd8'); },
    function () { costBy('chart-cost-by-model', data.byModel, '#3aa6c4'); },
    failuresByKind, monthToDate];
  if (data.byHost) {
    charts.push(function () { costBy('chart-cost-by-host', data.byHost, '#d8894e'); });
  }
  charts.forEach(function (draw) { draw(); });
  Array.prototype.forEach.call(document.querySelectorAll('figure.chart'), function (f) {
    f.setAttribute('data-rendered', 'true');
  });
  document.body.setAttribute('data-charts-rendered', String(charts.length));
}());
