/**
 * @internal The page's script (plain ES5 in a string). It only ever inserts text with
 * `textContent`; SVG updates come pre-escaped from the server's own renderer.
 */
export const CLIENT = `
(function () {
  var ir = window.__WORKFLOW_IR__;
  var nodes = {};
  function index(root) {
    nodes = {};
    (function collect(list) {
      (list || []).forEach(function (n) {
        nodes[n.id] = n;
        collect(n.children);
        (n.branches || []).forEach(function (b) { collect(b.children); });
      });
    })(root.children);
  }
  index(ir.root);
  var diagram = document.getElementById("diagram");
  var panel = document.getElementById("inspector-content");
  var scale = 1, dx = 0, dy = 0;
  function applyTransform() {
    var svg = diagram.querySelector("svg");
    if (svg) svg.style.transform = "translate(" + dx + "px," + dy + "px) scale(" + scale + ")";
  }
  function zoom(factor) { scale = Math.min(5, Math.max(0.1, scale * factor)); applyTransform(); }
  function row(label, value) {
    var div = document.createElement("div");
    div.textContent = label + ": " + value;
    return div;
  }
  function text(value) { return typeof value === "string" ? value : JSON.stringify(value); }
  function duration(ms) { return ms > 0 && ms < 0.95 ? (ms < 0.05 ? "<0.1ms" : ms.toFixed(1) + "ms") : Math.round(ms) + "ms"; }
  function inspect(id) {
    var n = nodes[id];
    if (!n) return;
    panel.textContent = "";
    panel.appendChild(row("Name", n.name || n.key || n.id));
    panel.appendChild(row("State", n.state));
    if (n.key) panel.appendChild(row("Key", n.key));
    if (n.durationMs !== undefined) panel.appendChild(row("Duration", duration(n.durationMs)));
    if (n.retryCount) panel.appendChild(row("Retries", n.retryCount));
    if (n.error !== undefined) panel.appendChild(row("Error", text(n.error)));
  }
  function firstFailed(list) {
    for (var i = 0; i < (list || []).length; i++) {
      var n = list[i];
      if (n.type === "step" && n.state === "error") return n;
      var inner = firstFailed(n.children);
      for (var b = 0; !inner && b < (n.branches || []).length; b++) inner = firstFailed(n.branches[b].children);
      if (inner) return inner;
    }
    return null;
  }
  // A failed run opens on its failure: the failed step selected and its error in the inspector.
  function showFailure() {
    if (document.querySelector(".wv-node--selected")) return;
    var failed = firstFailed(ir.root.children);
    if (failed) {
      document.querySelectorAll(".wv-node").forEach(function (el) {
        if (el.getAttribute("data-node-id") === failed.id) el.classList.add("wv-node--selected");
      });
      inspect(failed.id);
    } else if (ir.root.state === "error" && ir.root.error !== undefined) {
      panel.textContent = "";
      panel.appendChild(row("Workflow failed", text(ir.root.error)));
    }
  }
  showFailure();
  diagram.addEventListener("click", function (event) {
    var el = event.target && event.target.closest ? event.target.closest(".wv-node") : null;
    document.querySelectorAll(".wv-node--selected").forEach(function (s) { s.classList.remove("wv-node--selected"); });
    if (!el) { panel.textContent = "Select a node to inspect"; return; }
    el.classList.add("wv-node--selected");
    inspect(el.getAttribute("data-node-id"));
  });
  diagram.addEventListener("wheel", function (event) { event.preventDefault(); zoom(event.deltaY < 0 ? 1.1 : 0.9); }, { passive: false });
  var drag = null;
  diagram.addEventListener("mousedown", function (e) { if (!e.target.closest(".wv-node")) drag = { x: e.clientX - dx, y: e.clientY - dy }; });
  window.addEventListener("mousemove", function (e) { if (drag) { dx = e.clientX - drag.x; dy = e.clientY - drag.y; applyTransform(); } });
  window.addEventListener("mouseup", function () { drag = null; });
  document.getElementById("zoom-in").addEventListener("click", function () { zoom(1.2); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoom(0.8); });
  document.getElementById("zoom-reset").addEventListener("click", function () { scale = 1; dx = 0; dy = 0; applyTransform(); });

  var socket = null;
  var heat = null;
  var heatOn = false;
  function send(type, payload) { if (socket && socket.readyState === 1) socket.send(JSON.stringify({ type: type, payload: payload })); }
  function applyHeat() {
    document.querySelectorAll(".wv-node").forEach(function (el) {
      el.className.baseVal = el.className.baseVal.replace(/ wv-node--heat-[a-z]+/g, "");
      var h = heat && heat[el.getAttribute("data-node-id")];
      if (heatOn && h !== undefined) {
        var level = h < 0.2 ? "cold" : h < 0.4 ? "cool" : h < 0.6 ? "neutral" : h < 0.8 ? "warm" : h < 0.95 ? "hot" : "critical";
        el.className.baseVal += " wv-node--heat-" + level;
      }
    });
  }
  function show(update) {
    ir = update.ir;
    index(ir.root);
    diagram.innerHTML = update.svg;
    document.getElementById("wv-status").textContent = update.status;
    applyTransform();
    applyHeat();
    showFailure();
  }
  function timeTravel(state) {
    var slider = document.getElementById("tt-slider");
    if (!slider) return;
    slider.max = String(Math.max(0, state.snapshotCount - 1));
    slider.value = String(Math.max(0, state.currentIndex));
    document.getElementById("tt-time").textContent = (state.currentIndex + 1) + " / " + state.snapshotCount;
    document.getElementById("tt-play").hidden = state.isPlaying;
    document.getElementById("tt-pause").hidden = !state.isPlaying;
  }
  function connect(url) {
    socket = new WebSocket(url);
    socket.onopen = function () { document.getElementById("live-indicator").hidden = false; };
    socket.onclose = function () { document.getElementById("live-indicator").hidden = true; setTimeout(function () { connect(url); }, 2000); };
    socket.onmessage = function (message) {
      var msg;
      try { msg = JSON.parse(message.data); } catch (e) { return; }
      if (msg.type === "ir_update") show(msg.payload);
      else if (msg.type === "time_travel_state") timeTravel(msg.payload);
      else if (msg.type === "performance_data") {
        heat = msg.payload.heat;
        if (typeof msg.payload.enabled === "boolean") heatOn = msg.payload.enabled;
        applyHeat();
      }
      else if (msg.type === "workflow_complete") document.getElementById("live-indicator").hidden = true;
    };
  }
  function on(id, event, listener) {
    var el = document.getElementById(id);
    if (el) el.addEventListener(event, listener);
  }
  var toggle = document.getElementById("heatmap-toggle");
  var metric = document.getElementById("heatmap-metric");
  function askHeat(type) {
    heatOn = toggle.checked;
    applyHeat();
    send(type, { enabled: heatOn, metric: metric ? metric.value : "duration" });
  }
  if (window.__WORKFLOW_WS__) {
    connect(window.__WORKFLOW_WS__);
    on("tt-prev", "click", function () { send("time_travel_step_backward"); });
    on("tt-next", "click", function () { send("time_travel_step_forward"); });
    on("tt-play", "click", function () { send("time_travel_play", { speed: 1 }); });
    on("tt-pause", "click", function () { send("time_travel_pause"); });
    on("tt-slider", "input", function (e) { send("time_travel_seek", { index: Number(e.target.value) }); });
    on("heatmap-toggle", "change", function () { askHeat("toggle_heatmap"); });
    on("heatmap-metric", "change", function () { askHeat("set_heatmap_metric"); });
  }
  window.addEventListener("keydown", function (e) {
    if (e.target && (e.target.tagName === "INPUT" || e.target.tagName === "TEXTAREA")) return;
    if (e.key === "+" || e.key === "=") zoom(1.2);
    else if (e.key === "-") zoom(0.8);
    else if (e.key === "0") { scale = 1; dx = 0; dy = 0; applyTransform(); }
    else if (e.key === "h" && toggle) toggle.click();
    else if (e.key === "ArrowLeft") send("time_travel_step_backward");
    else if (e.key === "ArrowRight") send("time_travel_step_forward");
    else if (e.key === "Escape") { document.querySelectorAll(".wv-node--selected").forEach(function (s) { s.classList.remove("wv-node--selected"); }); panel.textContent = "Select a node to inspect"; }
  });
})();
`;
