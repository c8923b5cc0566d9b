// Draws the charts whose data a page embeds with Django's json_script.
(function () {
  "use strict";
  var palette = ["#1f4e79", "#b8460b", "#2e7d32", "#6a1b9a", "#8d6e00", "#00695c"];

  function data(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function rateChart() {
    var canvas = document.getElementById("rate-chart");
    var series = data("rate-series");
    if (!canvas || !series) { return; }
    canvas.chart = new Chart(canvas, {
      type: "line",
      data: {
        labels: series.map(function (p) { return p.date; }),
        datasets: [{
          label: "Applied rate (%)",
          data: series.map(function (p) { return p.rate; }),
          stepped: true,
          borderColor: palette[0],
          backgroundColor: palette[0],
        }],
      },
      options: {
        animation: false,
        scales: { y: { beginAtZero: true, title: { display: true, text: "%" } } },
        plugins: {
          tooltip: { callbacks: { afterLabel: function (ctx) { return series[ctx.dataIndex].status; } } },
        },
      },
    });
    canvas.dataset.drawn = "true";
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

  rateChart();
  tradeChart();
  etrChart();
})();
