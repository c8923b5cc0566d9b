// Draws the charts whose data a page embeds with Django's json_script.
(function () {
  "use strict";
  var palette = ["#1f4e79", "#b8460b", "#2e7d32", "#6a1b9a", "#8d6e00", "#00695c"];

  function data(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function tradeChart() {
    var canvas = document.getElementById("trade-chart");
    var trade = data("trade-series");
    if (!canvas || !trade) { return; }
    canvas.chart = new Chart(canvas, {
      type: "bar",
      data: {
        labels: trade.years,
        datasets: trade.series.map(function (s, i) {
          return { label: s.label, data: s.values, backgroundColor: palette[i % palette.length] };
        }),
      },
      options: { animation: false, scales: { y: { beginAtZero: true, title: { display: true, text: "USD" } } } },
    });
    canvas.dataset.drawn = "true";
  }

  // A day (YYYY-MM-DD) as milliseconds, for a linear axis on which distance is time.
  function day(iso) {
    var p = iso.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +(p[2] || 1));
  }

  function monthLabel(ms) {
    return new Date(ms).toLocaleDateString("en-GB", { month: "short", year: "numeric", timeZone: "UTC" });
  }

  var timeAxis = {
    type: "linear",
    ticks: { callback: monthLabel, maxRotation: 0, autoSkipPadding: 12 },
  };

  var markerStyle = { round: "circle", agreement: "star", measure: "triangle" };

  // Dashed vertical lines at the events of the talks.
  var eventLines = {
    id: "eventLines",
    afterDatasetsDraw: function (chart) {
      var events = chart.options.plugins.eventLines.events || [];
      var x = chart.scales.x, area = chart.chartArea, ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = "#777";
      ctx.setLineDash([3, 3]);
      events.forEach(function (e) {
        var px = x.getPixelForValue(day(e.date));
        ctx.beginPath(); ctx.moveTo(px, area.top); ctx.lineTo(px, area.bottom); ctx.stroke();
      });
      ctx.restore();
    },
  };

  function etrChart() {
    var canvas = document.getElementById("etr-chart");
    var etr = data("etr-series");
    if (!canvas || !etr) { return; }
    var rates = etr.series.map(function (p) { return p.rate || 0; });
    var top = Math.max(5, Math.max.apply(null, rates) * 1.15);
    canvas.chart = new Chart(canvas, {
      type: "line",
      data: {
        datasets: [
          {
            label: "Effective tariff rate (%)",
            data: etr.series.map(function (p) { return { x: day(p.date), y: p.rate, month: p.month }; }),
            borderColor: palette[0], backgroundColor: palette[0], spanGaps: false,
          },
          {
            label: "Events",
            type: "scatter",
            data: etr.events.map(function (e) { return { x: day(e.date), y: top, title: e.title, date: e.date }; }),
            pointStyle: etr.events.map(function (e) { return markerStyle[e.kind] || "rectRot"; }),
            pointRadius: 7, borderColor: palette[1], backgroundColor: palette[1],
          },
        ],
      },
      options: {
        animation: false,
        parsing: false,
        scales: {
          x: Object.assign({}, timeAxis, {
            min: day(etr.series[0].month + "-01"),
            max: day(etr.series[etr.series.length - 1].date),
          }),
          y: { beginAtZero: true, max: top, title: { display: true, text: "%" } },
        },
        plugins: {
          eventLines: { events: etr.events },
          tooltip: {
            callbacks: {
              title: function (items) {
                var raw = items[0].raw;
                return raw.title ? raw.date : raw.month;
              },
              label: function (ctx) {
                return ctx.raw.title ? ctx.raw.title : (ctx.raw.y === null ? "no data" : ctx.raw.y + " %");
              },
            },
          },
        },
      },
      plugins: [eventLines],
    });
    canvas.dataset.drawn = "true";
  }

  // Shaded spans (with their status) where a measure is not collected.
  var spans = {
    id: "spans",
    beforeDatasetsDraw: function (chart) {
      var list = chart.options.plugins.spans.list || [];
      var x = chart.scales.x, area = chart.chartArea, ctx = chart.ctx;
      ctx.save();
      list.forEach(function (s) {
        var left = x.getPixelForValue(day(s.from)), right = x.getPixelForValue(day(s.to));
        ctx.fillStyle = "rgba(138, 75, 0, 0.12)";
        ctx.fillRect(left, area.top, Math.max(right - left, 2), area.bottom - area.top);
        ctx.fillStyle = "#6b3a00";
        ctx.font = "12px sans-serif";
        ctx.fillText(s.status, left + 4, area.top + 14);
      });
      ctx.restore();
    },
  };

  function rateChart() {
    var canvas = document.getElementById("rate-chart");
    var series = data("rate-series");
    if (!canvas || !series || !series.length) { return; }
    var list = [];
    series.forEach(function (p, i) {
      var next = series[i + 1];
      if (!p.applied && next) { list.push({ from: p.date, to: next.date, status: p.status }); }
    });
    var top = Math.max(5, Math.max.apply(null, series.map(function (p) { return p.rate || 0; })) * 1.15);
    canvas.chart = new Chart(canvas, {
      type: "line",
      data: {
        datasets: [{
          label: "Applied rate (%)",
          // Each rate holds until the next change: a point at the change, and one (not drawn
          // as a dot) the day the next change takes over.
          data: [].concat.apply([], series.map(function (p, i) {
            var next = series[i + 1];
            var points = [{ x: day(p.date), y: p.rate, point: p }];
            if (next) { points.push({ x: day(next.date), y: p.rate, point: p, hold: true }); }
            return points;
          })),
          pointRadius: function (ctx) { return ctx.raw && ctx.raw.hold ? 0 : 3; },
          spanGaps: false,
          borderColor: palette[0],
          backgroundColor: palette[0],
        }],
      },
      options: {
        animation: false,
        parsing: false,
        scales: {
          x: Object.assign({}, timeAxis, { min: day(series[0].date), max: day(series[series.length - 1].date) }),
          y: { beginAtZero: true, max: top, title: { display: true, text: "%" } },
        },
        plugins: {
          spans: { list: list },
          tooltip: {
            callbacks: {
              title: function (items) { return items[0].raw.point.date; },
              label: function (ctx) {
                var p = ctx.raw.point;
                return p.status + (p.rate === null ? "" : ": " + p.rate + " %") + " — " + p.description;
              },
            },
          },
        },
      },
      plugins: [spans],
    });
    canvas.chart.spans = list;
    canvas.dataset.drawn = "true";
  }

  rateChart();
  tradeChart();
  etrChart();
})();
