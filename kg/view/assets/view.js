/* kg's view page: network (Cytoscape.js), timeline (vis-timeline) and evidence, linked, from the JSON kg wrote. */
(function () {
  "use strict";
  const started = performance.now();
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const family = Object.fromEntries(data.families.map(f => [f.id, f]));
  const kind = Object.fromEntries(data.kinds.map(k => [k.id, k]));
  const nodeById = Object.fromEntries(data.nodes.map(n => [n.id, n]));
  const edgeById = Object.fromEntries(data.edges.map(e => [e.id, e]));
  const $ = id => document.getElementById(id);
  const state = { families: new Set(data.families.map(f => f.id)), kinds: new Set(data.kinds.map(k => k.id)),
                  from: "", to: "", minReports: 1, search: "", focus: null, cursor: -1 };

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v; else if (k === "style") node.style.cssText = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v); else node.setAttribute(k, v);
    }
    for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(c == null ? "" : String(c)));
    return node;
  }
  const escapeHtml = s => String(s).replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  const label = id => (nodeById[id] || { label: id }).label;
  const dark = hex => { const n = parseInt(hex.slice(1), 16); return (0.299 * (n >> 16) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255)) < 140; };
  const asserted = e => !e.negated && (!e.modality || e.modality === "Asserted");
  const when = e => e.date ? e.date + (e.basis ? ` (${e.basis})` : "") : e.start ? `${e.start} .. ${e.end}` : "undated";
  const maxOf = (xs, f) => xs.reduce((m, x) => Math.max(m, f(x)), 1);

  // ---- legend and filters -------------------------------------------------------------------------------------------
  const lineCss = { solid: "solid", dashed: "dashed", dotted: "dotted" };
  for (const f of data.families) {
    const box = el("input", { type: "checkbox", checked: "", "data-family": f.id });
    box.addEventListener("change", () => { box.checked ? state.families.add(f.id) : state.families.delete(f.id); apply(); });
    const used = data.edges.filter(e => e.family === f.id).length;
    $("families").append(el("label", {}, box, el("span", { class: "swatch", style: `border-top: 4px ${lineCss[f.line]} ${f.colour}` }), `${f.label} (${used})`));
  }
  const shapeCss = { ellipse: "border-radius: 50%", "round-rectangle": "border-radius: 3px", triangle: "clip-path: polygon(50% 0, 100% 100%, 0 100%)" };
  for (const k of data.kinds) {
    const box = el("input", { type: "checkbox", checked: "", "data-kind": k.id });
    box.addEventListener("change", () => { box.checked ? state.kinds.add(k.id) : state.kinds.delete(k.id); apply(); });
    const used = data.nodes.filter(n => n.kind === k.id).length;
    $("kinds").append(el("label", {}, box, el("span", { class: "shape", style: `background: ${k.colour}; ${shapeCss[k.shape] || ""}` }), `${k.label} (${used})`));
  }
  $("from").addEventListener("change", () => { state.from = $("from").value; apply(true); });
  $("to").addEventListener("change", () => { state.to = $("to").value; apply(true); });
  $("all-dates").addEventListener("click", () => { $("from").value = $("to").value = ""; state.from = state.to = ""; apply(true); });
  $("min-reports").addEventListener("input", () => { state.minReports = Math.max(1, parseInt($("min-reports").value, 10) || 1); apply(); });
  $("search").addEventListener("input", () => { state.search = $("search").value.trim().toLowerCase(); apply(); });

  // ---- network ------------------------------------------------------------------------------------------------------
  const maxEvents = maxOf(data.nodes, n => n.events), maxArticles = maxOf(data.edges, e => e.articles);
  const cy = cytoscape({
    container: $("network"),
    elements: [
      ...data.nodes.map(n => ({ group: "nodes", data: { id: n.id, label: n.label, kind: n.kind, events: n.events,
        colour: kind[n.kind].colour, shape: kind[n.kind].shape, size: 18 + 42 * Math.sqrt(n.events / maxEvents) } })),
      ...data.edges.map(e => ({ group: "edges", classes: asserted(e) ? "" : "unasserted", data: { id: e.id, source: e.source,
        target: e.target, label: e.label, colour: family[e.family].colour, line: family[e.family].line,
        width: 1.5 + 8.5 * (e.articles - 1) / Math.max(1, maxArticles - 1) } })),
    ],
    style: [
      { selector: "node", style: { "background-color": "data(colour)", shape: "data(shape)", width: "data(size)", height: "data(size)",
        "border-width": 1, "border-color": "#333", label: "", "font-size": 11, "text-valign": "bottom", "text-margin-y": 3,
        "text-background-color": "#fff", "text-background-opacity": 0.8, "text-background-padding": 1 } },
      { selector: "node.labelled, node.hover, node:selected", style: { label: "data(label)" } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#000" } },
      { selector: "edge", style: { width: "data(width)", "line-color": "data(colour)", "line-style": "data(line)",
        "target-arrow-shape": "triangle", "target-arrow-color": "data(colour)", "curve-style": "bezier", "arrow-scale": 0.8,
        "font-size": 10, "text-rotation": "autorotate", "text-background-color": "#fff", "text-background-opacity": 0.9 } },
      { selector: "edge.unasserted", style: { opacity: 0.45 } },
      { selector: "edge.hover, edge:selected", style: { label: "data(label)" } },
      { selector: "edge:selected", style: { "overlay-color": "#000", "overlay-opacity": 0.2, "overlay-padding": 4 } },
      { selector: ".hidden", style: { display: "none" } },
    ],
    minZoom: 0.05,
  });
  if (data.nodes.length <= 60) cy.nodes().addClass("labelled");
  else cy.nodes().filter(n => n.data("events") >= data.nodes[Math.min(29, data.nodes.length - 1)].events).addClass("labelled");
  cy.on("mouseover", "node, edge", ev => ev.target.addClass("hover"));
  cy.on("mouseout", "node, edge", ev => ev.target.removeClass("hover"));
  cy.on("tap", "edge", ev => showEvents([ev.target.id()], null));
  cy.on("tap", "node", ev => focusEntity(ev.target.id()));
  cy.on("tap", ev => { if (ev.target === cy) clearFocus(); });
  const timings = { data: 0, layout: 0, timeline: 0, total: 0 };
  const layoutStarted = performance.now();
  const big = data.nodes.length > 120;
  const layout = cy.layout({ name: "cose", animate: false, randomize: true, numIter: big ? 400 : 1000,
                             nodeRepulsion: () => 8000, idealEdgeLength: () => 70, nodeDimensionsIncludeLabels: false });
  layout.one("layoutstop", () => { timings.layout = performance.now() - layoutStarted; });
  layout.run();

  // ---- timeline -----------------------------------------------------------------------------------------------------
  const dayAfter = d => { const t = new Date(d + "T00:00:00Z"); t.setUTCDate(t.getUTCDate() + 1); return t.toISOString().slice(0, 10); };
  // Each family's colours as classes, so points (a dot) and ranges (a bar) both carry them, with readable text.
  document.head.append(el("style", {}, data.families.map(f => `.vis-item.fam-${f.id} { background-color: ${f.colour}; ` +
    `border-color: ${f.colour}; color: ${dark(f.colour) ? "#fff" : "#000"} } .vis-item.vis-point.fam-${f.id} { background: none; ` +
    `color: #111 } .vis-item.fam-${f.id} .vis-dot { border-color: ${f.colour}; background-color: ${f.colour} }`).join("\n")));
  const items = new vis.DataSet(data.edges.filter(e => e.start).map(e => {
    const point = e.precision === "day";
    const item = { id: e.id, group: e.source, start: e.start, type: point ? "point" : "range",
      content: escapeHtml(`${e.label} → ${label(e.target)}`),
      title: escapeHtml(`${label(e.source)} ${e.label} ${label(e.target)}; ${when(e)}; ${e.reports} reports in ${e.articles} articles`),
      className: `fam-${e.family}` + (asserted(e) ? "" : " negated") };
    if (!point) item.end = dayAfter(e.end);
    return item;
  }));
  const agents = [...new Set(data.edges.filter(e => e.start).map(e => e.source))];
  const groups = new vis.DataSet(agents.map(a => ({ id: a, content: escapeHtml(label(a)) })));
  let visibleItems = new Set(items.getIds());
  const itemView = new vis.DataView(items, { filter: item => visibleItems.has(item.id) });
  const timelineStarted = performance.now();
  const timeline = new vis.Timeline($("timeline"), itemView, groups, {
    stack: true, maxHeight: 280, minHeight: 120, groupOrder: "content", orientation: "top", zoomKey: "ctrlKey",
    tooltip: { followMouse: true }, margin: { item: 4 }, selectable: true });
  timings.timeline = performance.now() - timelineStarted;
  const undated = data.edges.length - items.length;
  $("timeline-note").textContent = `${items.length} dated events on the timeline` + (undated ? `; ${undated} undated events are in the network only` : "") +
    ". Zoom or drag the timeline (Ctrl + wheel zooms) to filter the network to the dates in view.";
  timeline.on("select", props => { if (props.items.length) showEvents(props.items, null, true); });
  timeline.on("rangechanged", props => {
    if (!props.byUser) return;
    state.from = $("from").value = props.start.toISOString().slice(0, 10);
    state.to = $("to").value = props.end.toISOString().slice(0, 10);
    apply(false);
  });

  // ---- filtering ----------------------------------------------------------------------------------------------------
  function edgePasses(e) {
    if (!state.families.has(e.family) || e.reports < state.minReports) return false;
    if (!state.kinds.has(nodeById[e.source].kind) || !state.kinds.has(nodeById[e.target].kind)) return false;
    if (state.from || state.to) {
      if (!e.start) return false;
      if (state.from && e.end < state.from) return false;
      if (state.to && e.start > state.to) return false;
    }
    if (state.search && !label(e.source).toLowerCase().includes(state.search) && !label(e.target).toLowerCase().includes(state.search)) return false;
    return true;
  }
  function apply(moveTimeline) {
    const passing = data.edges.filter(edgePasses);
    const shown = new Set(passing.map(e => e.id));
    const ends = new Set(passing.flatMap(e => [e.source, e.target]));
    cy.batch(() => {
      cy.edges().forEach(ed => ed.toggleClass("hidden", !shown.has(ed.id())));
      cy.nodes().forEach(n => n.toggleClass("hidden", !ends.has(n.id())));
    });
    const focusIds = state.focus ? new Set(passing.filter(e => e.source === state.focus || e.target === state.focus).map(e => e.id)) : shown;
    visibleItems = new Set([...focusIds].filter(id => items.get(id)));
    // Groups are hidden, never removed: vis-timeline trips over items whose group comes and goes.
    const busy = new Set([...visibleItems].map(id => items.get(id).group));
    itemView.refresh();
    groups.update(agents.map(a => ({ id: a, visible: busy.has(a) })));
    if (moveTimeline && state.from && state.to) timeline.setWindow(state.from, dayAfter(state.to), { animation: false });
    else if (moveTimeline) fitTimeline();
    $("summary").textContent = `${ends.size} of ${data.nodes.length} entities, ${passing.length} of ${data.edges.length} events shown` +
      (data.leftOut.entities ? `; ${data.leftOut.entities} less connected entities and ${data.leftOut.events} of their events left out (top ${data.leftOut.top})` : "");
  }

  function fitTimeline() {
    // Most events, not all: one misread date centuries away would squeeze the rest into a line.
    const starts = [...visibleItems].map(id => items.get(id).start).sort();
    if (starts.length < 20) { timeline.fit({ animation: false }); return; }
    const first = starts[Math.floor(starts.length * 0.05)], last = starts[Math.ceil(starts.length * 0.95) - 1];
    const pad = Math.max(86400000 * 7, (Date.parse(last) - Date.parse(first)) * 0.05);
    timeline.setWindow(Date.parse(first) - pad, Date.parse(last) + pad, { animation: false });
  }

  // ---- evidence -----------------------------------------------------------------------------------------------------
  function documentLink(iri) {
    const d = data.documents[iri] || {};
    const name = d.title || d.file || iri.split("/").pop();
    const meta = [d.outlet, d.published].filter(Boolean).join(", ");
    return el("span", { class: "meta" }, el("a", { href: d.url || iri, target: "_blank", rel: "noopener", title: iri }, name), meta ? ` (${meta})` : "");
  }
  function eventBlock(e) {
    const f = family[e.family];
    const block = el("div", { class: "event", "data-event": e.id },
      el("h3", {}, el("span", { class: "swatch", style: `border-top: 4px ${lineCss[f.line]} ${f.colour}` }),
        `${label(e.source)} — ${e.label} → ${label(e.target)}`),
      el("p", { class: "meta" }, `${e.actionClass} (${f.label})${e.negated ? ", negated" : ""}${e.modality && e.modality !== "Asserted" ? ", " + e.modality.toLowerCase() : ""}; ` +
        `when: ${when(e)}; ${e.reports} reports in ${e.articles} articles from ${e.outlets} outlets` + (e.firstReported ? `; first reported ${e.firstReported}` : "")));
    for (const r of data.reports[e.id] || []) {
      block.append(el("blockquote", {}, r.text, el("br"), el("span", { class: "meta" }, `“${r.trigger}”, characters ${r.start}-${r.end} of `), documentLink(r.document)));
    }
    return block;
  }
  function showEvents(ids, heading, fromTimeline) {
    const panel = $("evidence");
    panel.replaceChildren(el("h2", {}, heading || (ids.length === 1 ? "Event" : `${ids.length} events`)));
    for (const id of ids) if (edgeById[id]) panel.append(eventBlock(edgeById[id]));
    cy.edges(":selected").unselect();
    for (const id of ids) cy.getElementById(id).select();
    if (fromTimeline) return;
    const onTimeline = ids.filter(id => visibleItems.has(id));
    timeline.setSelection(onTimeline);
    if (onTimeline.length === 1) timeline.moveTo(items.get(onTimeline[0]).start, { animation: false });
  }
  function focusEntity(id) {
    state.focus = id;
    const node = cy.getElementById(id);
    cy.nodes(":selected").unselect(); node.select();
    apply(false);
    const ids = data.edges.filter(e => (e.source === id || e.target === id) && edgePasses(e)).map(e => e.id);
    const panel = $("evidence");
    const n = nodeById[id];
    panel.replaceChildren(el("h2", {}, `${n.label}`), el("p", { class: "meta" }, `${n.type}; ${ids.length} events shown (the timeline shows only these)`));
    const list = el("ul");
    for (const eid of ids) {
      const e = edgeById[eid];
      list.append(el("li", {}, el("button", { type: "button", class: "link", onclick: () => showEvents([eid]) },
        `${when(e)}: ${label(e.source)} — ${e.label} → ${label(e.target)}`)));
    }
    panel.append(list);
    node.addClass("hover");
  }
  function clearFocus() {
    if (state.focus) cy.getElementById(state.focus).removeClass("hover");
    state.focus = null; cy.elements(":selected").unselect(); apply(false);
    $("evidence").replaceChildren(el("p", { class: "hint" }, "Click an edge or an entity, or an event on the timeline, to see its reports."));
  }

  // ---- keyboard -----------------------------------------------------------------------------------------------------
  const visibleNodes = () => cy.nodes().filter(n => !n.hasClass("hidden")).sort((a, b) => b.data("events") - a.data("events") || a.data("label").localeCompare(b.data("label")));
  $("network").addEventListener("keydown", ev => {
    const nodes = visibleNodes();
    if (!nodes.length) return;
    if (["ArrowRight", "ArrowDown", "ArrowLeft", "ArrowUp"].includes(ev.key)) {
      state.cursor = (state.cursor + (ev.key === "ArrowRight" || ev.key === "ArrowDown" ? 1 : nodes.length - 1)) % nodes.length;
      const node = nodes[state.cursor];
      cy.nodes(":selected").unselect(); node.select(); cy.nodes(".hover").removeClass("hover"); node.addClass("hover");
      cy.center(node);
      $("summary").textContent = `${node.data("label")}: ${node.data("events")} events (Enter lists them)`;
      ev.preventDefault();
    } else if (ev.key === "Enter" && state.cursor >= 0) {
      focusEntity(nodes[state.cursor % nodes.length].id()); ev.preventDefault();
    } else if (ev.key === "e" && state.focus) {
      const own = cy.getElementById(state.focus).connectedEdges().filter(x => !x.hasClass("hidden"));
      if (own.length) { state.edgeCursor = ((state.edgeCursor ?? -1) + 1) % own.length; showEvents([own[state.edgeCursor].id()]); }
    }
  });
  document.addEventListener("keydown", ev => {
    if (ev.key === "/" && document.activeElement.tagName !== "INPUT") { $("search").focus(); ev.preventDefault(); }
    if (ev.key === "Escape") { clearFocus(); $("network").focus(); }
  });

  // ---- saving -------------------------------------------------------------------------------------------------------
  function download(blob, name) {
    const a = el("a", { href: URL.createObjectURL(blob), download: name });
    document.body.append(a); a.click(); a.remove();
  }
  $("save-png").addEventListener("click", () => download(cy.png({ output: "blob", full: true, scale: 2, bg: "#ffffff" }), "kg-network.png"));
  $("save-svg").addEventListener("click", () => download(new Blob([networkSvg()], { type: "image/svg+xml" }), "kg-network.svg"));
  function networkSvg() {
    // What is drawn now, as SVG: straight edges with arrows, nodes in their shapes, labels below them.
    const box = cy.elements().not(".hidden").boundingBox(), pad = 20;
    const dash = { solid: "", dashed: 'stroke-dasharray="8 4"', dotted: 'stroke-dasharray="2 3"' };
    const parts = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="${box.x1 - pad} ${box.y1 - pad} ${box.w + 2 * pad} ${box.h + 2 * pad}" font-family="sans-serif" font-size="11">`,
      `<rect x="${box.x1 - pad}" y="${box.y1 - pad}" width="${box.w + 2 * pad}" height="${box.h + 2 * pad}" fill="#fff"/>`];
    for (const f of data.families) parts.push(`<marker id="arrow-${f.id}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="4" markerHeight="4" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="${f.colour}"/></marker>`);
    cy.edges().not(".hidden").forEach(ed => {
      const s = ed.sourceEndpoint(), t = ed.targetEndpoint(), e = edgeById[ed.id()], f = family[e.family];
      parts.push(`<line x1="${s.x}" y1="${s.y}" x2="${t.x}" y2="${t.y}" stroke="${f.colour}" stroke-width="${ed.data("width")}" ${dash[f.line]} opacity="${asserted(e) ? 1 : 0.45}" marker-end="url(#arrow-${f.id})"><title>${escapeHtml(`${label(e.source)} ${e.label} ${label(e.target)} (${when(e)})`)}</title></line>`);
    });
    cy.nodes().not(".hidden").forEach(n => {
      const p = n.position(), r = n.data("size") / 2, c = n.data("colour");
      const shape = n.data("shape") === "ellipse" ? `<circle cx="${p.x}" cy="${p.y}" r="${r}"` :
        n.data("shape") === "triangle" ? `<polygon points="${p.x},${p.y - r} ${p.x + r},${p.y + r} ${p.x - r},${p.y + r}"` :
        `<rect x="${p.x - r}" y="${p.y - r}" width="${2 * r}" height="${2 * r}" rx="3"`;
      parts.push(`${shape} fill="${c}" stroke="#333"/>`, `<text x="${p.x}" y="${p.y + r + 12}" text-anchor="middle">${escapeHtml(n.data("label"))}</text>`);
    });
    return parts.join("\n") + "\n</svg>\n";
  }

  apply(true);
  timings.data = layoutStarted - started;
  timings.total = performance.now() - started;
  window.kgView = { cy, timeline, items, state, data, timings, apply, showEvents, focusEntity, clearFocus, networkSvg,
    visibleTimelineItems: () => [...visibleItems], shownEdges: () => cy.edges().not(".hidden"),
    shownNodes: () => cy.nodes().not(".hidden") };
  document.body.setAttribute("data-ready", "true");
})();
