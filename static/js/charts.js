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

  rateChart();
  tradeChart();
})();
