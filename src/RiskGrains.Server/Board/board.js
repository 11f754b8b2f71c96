// The RiskGrains board: plain JavaScript over the server's HTTP/JSON routes (docs/http.md), no build
// step. Live data comes from the transcoded server streams (WatchRisk, WatchPortfolio): one JSON
// message per line, read with fetch() and a streaming body reader (docs/board.md).
"use strict";

const BANDS = ["BAND_LOW", "BAND_MODERATE", "BAND_ELEVATED", "BAND_HIGH", "BAND_SEVERE"];
const PAGE_SIZE = 1000;          // ListCompanies' largest page by default
const WATCH_LIMIT = 10000;       // ids per WatchRisk stream (RiskGrains:Limits:MaxWatchCompanies by default)
const ROW_HEIGHT = 30;
// The alerts panel appears when the server's OpenAPI description has these routes.
const ALERTS_LIST = "/v1/alerts/rules";
const ALERTS_WATCH = "/v1/alerts:watch";
const ALERTS_SHOWN = 500;

// ---- requests -------------------------------------------------------------------------------

const auth = {
  get key() { return sessionStorage.getItem("riskgrains-key"); },
  set key(value) { value ? sessionStorage.setItem("riskgrains-key", value) : sessionStorage.removeItem("riskgrains-key"); },
  waiting: null,
};

function headers(extra) {
  const h = Object.assign({ "Accept": "application/json" }, extra || {});
  if (auth.key) h["Authorization"] = "Bearer " + auth.key;
  return h;
}

// Asks for a key once, whoever needs it first; every waiting request then retries with it.
function askForKey(reason) {
  if (!auth.waiting) {
    auth.waiting = new Promise((resolve) => {
      const dialog = document.getElementById("key-dialog");
      document.getElementById("key-reason").textContent = reason || "This server needs an API key or token.";
      const form = document.getElementById("key-form");
      form.onsubmit = () => {
        auth.key = document.getElementById("key-input").value.trim();
        document.getElementById("forget-key").hidden = false;
        auth.waiting = null;
        resolve();
      };
      dialog.showModal();
    });
  }
  return auth.waiting;
}

class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : "HTTP " + status);
    this.status = status;
    this.body = body;
  }
}

async function send(path, init) {
  for (;;) {
    const response = await fetch(path, Object.assign({}, init, { headers: headers(init && init.headers) }));
    if (response.status === 401) {
      const body = await response.json().catch(() => null);
      await askForKey(body && body.message);
      continue;
    }
    return response;
  }
}

async function api(path, init) {
  const response = await send(path, init);
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

// A server stream: calls onMessage for each JSON line, reconnects after a loss (onState tells
// "live", "lost"), and stops when the returned function is called.
function stream(path, bodyFor, onMessage, onState) {
  let stopped = false;
  let controller = null;
  let delay = 500;
  (async () => {
    while (!stopped) {
      controller = new AbortController();
      try {
        const body = bodyFor();
        const response = await send(path, body === undefined
          ? { signal: controller.signal }
          : { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" }, signal: controller.signal });
        if (!response.ok) {
          const error = await response.json().catch(() => null);
          throw new ApiError(response.status, error);
        }
        onState("live");
        delay = 500;
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let pending = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          pending += decoder.decode(value, { stream: true });
          let newline;
          while ((newline = pending.indexOf("\n")) >= 0) {
            const line = pending.slice(0, newline).trim();
            pending = pending.slice(newline + 1);
            if (line) onMessage(JSON.parse(line));
          }
        }
        if (pending.trim()) onMessage(JSON.parse(pending));
        throw new Error("the stream ended");
      } catch (error) {
        if (stopped) return;
        onState("lost", error);
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 8000);
      }
    }
  })();
  return () => { stopped = true; if (controller) controller.abort(); };
}

// ---- connection indicator ---------------------------------------------------------------------

const connection = {
  set(state, error) {
    const badge = document.getElementById("connection");
    badge.dataset.state = state;
    badge.textContent = state === "live" ? "live" : state === "lost" ? "connection lost, retrying…" : "connecting…";
    badge.title = error ? String(error.message || error) : "";
  },
};

// ---- formatting -------------------------------------------------------------------------------

const fmt = {
  num(v, digits = 1) { return v === undefined || v === null ? "–" : Number(v).toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }); },
  pct(v, digits = 2) {
    if (v === undefined || v === null) return "–";
    const least = Math.pow(10, -digits);
    return v > 0 && 100 * v < least ? "<" + least.toFixed(digits) + " %" : (100 * v).toFixed(digits) + " %";
  },
  money(v) { return v === undefined || v === null ? "–" : Number(v).toLocaleString("en-US", { maximumFractionDigits: 0 }); },
  band(b) {
    const name = b && b !== "BAND_UNSPECIFIED" ? b.replace("BAND_", "") : "NONE";
    return `<span class="band band-${name}">${name === "NONE" ? "no score" : name.toLowerCase()}</span>`;
  },
  text(s) { return String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c])); },
};

function pdAt(risk, years) {
  const point = (risk.pdTermStructure || []).find((p) => Math.abs(p.years - years) < 1e-9);
  return point ? point.cumulativeDefaultProbability : undefined;
}

// ---- companies: the live table ---------------------------------------------------------------

const table = {
  rows: new Map(),        // companyId -> row
  versions: {},           // companyId -> version held (the resume form of WatchRisk)
  sort: { key: "score", dir: "desc" },
  filter: { band: "", sector: "", text: "" },
  view: [],
  flashes: new Map(),
  stops: [],
  dirty: false,
};

const COLUMNS = [
  ["companyId", "Id"], ["name", "Name"], ["sector", "Sector"], ["score", "Score", true], ["band", "Band"],
  ["change", "Change", true], ["runway", "Runway (m)", true], ["coverage", "Coverage", true], ["pd1", "PD 1y", true], ["pd5", "PD 5y", true],
];

function rowFrom(risk, previous) {
  const score = risk.score;
  return {
    companyId: risk.companyId,
    name: risk.profile ? risk.profile.name : "",
    sector: risk.profile ? risk.profile.sector : "",
    score,
    band: risk.band || "BAND_UNSPECIFIED",
    change: previous && previous.score !== undefined && score !== undefined ? score - previous.score : previous ? previous.change : undefined,
    runway: risk.runwayMonths,
    coverage: risk.liquidityCoverage12m,
    pd1: pdAt(risk, 1),
    pd5: pdAt(risk, 5),
    version: Number(risk.version),
  };
}

function applyRisk(risk) {
  const previous = table.rows.get(risk.companyId);
  if (previous && previous.version >= Number(risk.version)) return;
  const row = rowFrom(risk, previous);
  table.rows.set(risk.companyId, row);
  table.versions[risk.companyId] = String(row.version);
  if (previous) table.flashes.set(risk.companyId, performance.now());
  table.dirty = true;
}

async function companyIds() {
  const ids = [];
  let token = "";
  do {
    const page = await api(`/v1/companies?pageSize=${PAGE_SIZE}&pageToken=${encodeURIComponent(token)}`);
    for (const c of page.companies || []) ids.push(c.companyId);
    token = page.nextPageToken || "";
  } while (token);
  return ids;
}

function renderCompanies(view) {
  view.innerHTML = `
    <h1>Companies</h1>
    <div class="toolbar">
      <input type="search" id="filter-text" placeholder="Id or name" value="${fmt.text(table.filter.text)}">
      <select id="filter-band"><option value="">Every band</option>${BANDS.map((b) => `<option value="${b}">${b.replace("BAND_", "").toLowerCase()}</option>`).join("")}<option value="BAND_UNSPECIFIED">no score</option></select>
      <select id="filter-sector"><option value="">Every sector</option></select>
      <span class="count" id="row-count"></span>
    </div>
    <div class="panel" style="padding:0 0 0 0">
      <div class="table-head" id="table-head">${COLUMNS.map(([key, label, num]) => `<span data-key="${key}" class="${num ? "num" : ""}">${label}</span>`).join("")}</div>
      <div class="viewport" id="viewport"><div class="spacer" id="spacer"></div></div>
    </div>`;
  document.getElementById("filter-band").value = table.filter.band;
  document.getElementById("filter-text").oninput = (e) => { table.filter.text = e.target.value.toLowerCase(); table.dirty = true; };
  document.getElementById("filter-band").onchange = (e) => { table.filter.band = e.target.value; table.dirty = true; };
  document.getElementById("filter-sector").onchange = (e) => { table.filter.sector = e.target.value; table.dirty = true; };
  document.getElementById("table-head").onclick = (e) => {
    const key = e.target.dataset.key;
    if (!key) return;
    table.sort = { key, dir: table.sort.key === key && table.sort.dir === "desc" ? "asc" : "desc" };
    table.dirty = true;
  };
  document.getElementById("viewport").onscroll = () => drawRows(false);
  document.getElementById("spacer").onclick = (e) => {
    const row = e.target.closest(".row");
    if (row) location.hash = "#/company/" + encodeURIComponent(row.dataset.id);
  };
  table.dirty = true;
}

function compare(a, b) {
  const { key, dir } = table.sort;
  const x = a[key], y = b[key];
  const missing = (v) => v === undefined || v === null;
  if (missing(x) && missing(y)) return a.companyId < b.companyId ? -1 : 1;
  if (missing(x)) return 1;
  if (missing(y)) return -1;
  const order = key === "band" ? BANDS.indexOf(x) - BANDS.indexOf(y) : x < y ? -1 : x > y ? 1 : 0;
  return (dir === "asc" ? order : -order) || (a.companyId < b.companyId ? -1 : 1);
}

function refreshView() {
  const { band, sector, text } = table.filter;
  table.view = [...table.rows.values()].filter((r) =>
    (!band || r.band === band) && (!sector || r.sector === sector) &&
    (!text || r.companyId.toLowerCase().includes(text) || (r.name || "").toLowerCase().includes(text)));
  table.view.sort(compare);
  const sectors = [...new Set([...table.rows.values()].map((r) => r.sector).filter(Boolean))].sort();
  const select = document.getElementById("filter-sector");
  if (select && select.options.length !== sectors.length + 1) {
    select.innerHTML = `<option value="">Every sector</option>` + sectors.map((s) => `<option>${fmt.text(s)}</option>`).join("");
    select.value = table.filter.sector;
  }
  for (const span of document.querySelectorAll("#table-head span")) {
    span.dataset.dir = span.dataset.key === table.sort.key ? table.sort.dir : "";
  }
  const count = document.getElementById("row-count");
  if (count) count.textContent = `${table.view.length} of ${table.rows.size} companies`;
}

// Only the rows in sight (and a few around them) are in the page: 10,000 companies stay fast.
function drawRows(force) {
  const viewport = document.getElementById("viewport");
  const spacer = document.getElementById("spacer");
  if (!viewport || !spacer) return;
  spacer.style.height = table.view.length * ROW_HEIGHT + "px";
  const first = Math.max(0, Math.floor(viewport.scrollTop / ROW_HEIGHT) - 10);
  const last = Math.min(table.view.length, Math.ceil((viewport.scrollTop + viewport.clientHeight) / ROW_HEIGHT) + 10);
  const now = performance.now();
  const html = [];
  for (let i = first; i < last; i++) {
    const r = table.view[i];
    const flashed = table.flashes.get(r.companyId);
    const flash = flashed && now - flashed < 900 ? " flash" : "";
    const change = r.change === undefined ? "–" : (r.change > 0 ? "+" : "") + fmt.num(r.change, 2);
    html.push(`<div class="row${flash}" data-id="${fmt.text(r.companyId)}" style="top:${i * ROW_HEIGHT}px">` +
      `<span>${fmt.text(r.companyId)}</span><span>${fmt.text(r.name)}</span><span>${fmt.text(r.sector)}</span>` +
      `<span class="num" data-col="score">${fmt.num(r.score)}</span><span>${fmt.band(r.band)}</span>` +
      `<span class="num ${r.change > 0 ? "up" : r.change < 0 ? "down" : ""}">${change}</span>` +
      `<span class="num">${r.runway ?? "–"}</span><span class="num">${fmt.num(r.coverage, 2)}</span>` +
      `<span class="num">${fmt.pct(r.pd1)}</span><span class="num">${fmt.pct(r.pd5)}</span></div>`);
  }
  const joined = html.join("");
  if (force || spacer.dataset.drawn !== joined) {
    spacer.innerHTML = joined;
    spacer.dataset.drawn = joined;
  }
}

// Redraws at most once a frame, however many updates arrive.
function frame() {
  if (table.dirty) {
    table.dirty = false;
    refreshView();
    drawRows(false);
  } else if (table.flashes.size) {
    const now = performance.now();
    for (const [id, at] of table.flashes) if (now - at > 1000) { table.flashes.delete(id); table.dirty = true; }
  }
  requestAnimationFrame(frame);
}

async function startCompanies() {
  if (table.stops.length) return;
  let ids;
  try {
    ids = await companyIds();
  } catch (error) {
    connection.set("lost", error);
    setTimeout(startCompanies, 2000);
    return;
  }
  const streams = Math.ceil(ids.length / WATCH_LIMIT);
  const states = new Array(streams).fill("connecting");
  for (let i = 0; i < streams; i++) {
    const chunk = ids.slice(i * WATCH_LIMIT, (i + 1) * WATCH_LIMIT);
    table.stops.push(stream("/v1/companies:watch",
      () => ({ companyIds: chunk, resumeVersions: Object.fromEntries(chunk.filter((id) => table.versions[id]).map((id) => [id, table.versions[id]])) }),
      (message) => applyRisk(message.update.risk),
      (state, error) => { states[i] = state; connection.set(states.every((s) => s === "live") ? "live" : states.includes("lost") ? "lost" : "connecting", error); }));
  }
  if (!streams) connection.set("live");
}

// ---- company page -----------------------------------------------------------------------------

const charts = [];
let pageStop = null;

function chart(element, title, x, y, options) {
  const width = Math.max(320, element.clientWidth - 8);
  const plot = new uPlot(Object.assign({
    width, height: 220,
    scales: { x: { time: false } },
    series: [{ label: options && options.xLabel || "" }, { label: title, stroke: "#2457c5", width: 2, fill: "rgba(36,87,197,0.08)", points: { show: x.length < 40 } }],
    axes: [{}, { size: 60 }],
    legend: { show: true },
  }, options && options.uplot), [x, y], element);
  charts.push(plot);
  return plot;
}

function clearPage() {
  while (charts.length) charts.pop().destroy();
  if (pageStop) { pageStop(); pageStop = null; }
}

async function renderCompany(view, id) {
  view.innerHTML = `<p class="muted">Loading ${fmt.text(id)}…</p>`;
  let risk, history, peers;
  try {
    [risk, history, peers] = await Promise.all([
      api(`/v1/companies/${encodeURIComponent(id)}/risk`).then((r) => r.risk),
      api(`/v1/companies/${encodeURIComponent(id)}/history?maxPoints=500`).then((r) => r.points || []),
      api(`/v1/companies/${encodeURIComponent(id)}/peers?maxPeers=20`).catch(() => null),
    ]);
  } catch (error) {
    view.innerHTML = `<p class="error">${fmt.text(error.message)}</p><p><a href="#/">Back to companies</a></p>`;
    return;
  }
  drawCompany(view, risk, history, peers);
  let held = Number(risk.version);
  pageStop = stream(`/v1/companies:watch?companyIds=${encodeURIComponent(id)}`, () => undefined, (message) => {
    const next = message.update.risk;
    if (Number(next.version) <= held) return;
    held = Number(next.version);
    clearCharts();
    drawCompany(view, next, history, peers);
  }, (state, error) => connection.set(state, error));
}

function clearCharts() { while (charts.length) charts.pop().destroy(); }

function drawCompany(view, risk, history, peers) {
  const p = risk.profile || {};
  const components = (risk.components || []).map((c) =>
    `<tr><td>${fmt.text(c.component)}</td><td class="num">${fmt.num(c.input, 3)}</td><td class="num">${fmt.num(c.points)}</td><td class="num">${fmt.num(c.weight, 3)}</td><td class="num">${fmt.num(c.contribution, 2)}</td></tr>`).join("");
  const dependencies = (risk.dependencies || []).map((d) =>
    `<tr><td><a href="#/company/${encodeURIComponent(d.counterpartyId)}">${fmt.text(d.counterpartyId)}</a></td><td class="num">${fmt.pct(d.revenueShare, 1)}</td><td class="num">${fmt.num(d.counterpartyScore)}</td><td class="num">${fmt.pct(d.transmitted, 1)}</td><td class="num">${fmt.pct(d.contribution, 2)}</td><td>${fmt.text((d.flags || []).join(", "))}</td></tr>`).join("");
  const peerRows = peers && peers.peers ? peers.peers.map((q) => `<tr><td><a href="#/company/${encodeURIComponent(q.companyId)}">${fmt.text(q.companyId)}</a></td><td class="num">${fmt.num(q.score)}</td><td>${fmt.band(q.band)}</td></tr>`).join("") : "";
  const flags = (risk.flags || []).concat((risk.notMeaningful || []).map((n) => `${n.metric}: ${n.reason}`));
  view.innerHTML = `
    <h1>${fmt.text(p.name || risk.companyId)} <span class="muted">${fmt.text(risk.companyId)} · ${fmt.text(p.sector || "no sector")} · ${fmt.text(p.currency || "")}</span></h1>
    <div class="panel figures" id="company-figures">
      <div class="figure"><div class="label">Score</div><div class="value" id="company-score">${fmt.num(risk.score)}</div>${fmt.band(risk.band)}</div>
      <div class="figure"><div class="label">Runway</div><div class="value">${risk.runwayMonths ?? "–"} m</div></div>
      <div class="figure"><div class="label">Liquidity coverage 12m</div><div class="value">${fmt.num(risk.liquidityCoverage12m, 2)}</div></div>
      <div class="figure"><div class="label">PD 1y (commitment-adjusted)</div><div class="value">${fmt.pct(risk.commitmentAdjustedDefaultProbability)}</div></div>
      <div class="figure"><div class="label">Adjusted leverage</div><div class="value">${fmt.num(risk.commitmentAdjustedLeverage, 2)}</div></div>
      <div class="figure"><div class="label">Version</div><div class="value">${risk.version}</div><span class="muted">${fmt.text(risk.changedBy)}</span></div>
    </div>
    <div class="grid">
      <div class="panel"><h2>Score components</h2><table><tr><th>Component</th><th class="num">Input</th><th class="num">Points</th><th class="num">Weight</th><th class="num">Contribution</th></tr>${components || `<tr><td colspan="5" class="muted">No score yet</td></tr>`}</table>
        ${flags.length ? `<p class="muted">${flags.map(fmt.text).join("; ")}</p>` : ""}</div>
      <div class="panel"><h2>Score history</h2><div class="chart" id="chart-history"></div></div>
      <div class="panel"><h2>Runway: cash by month</h2><div class="chart" id="chart-runway"></div></div>
      <div class="panel"><h2>PD term structure</h2><div class="chart" id="chart-pd"></div></div>
      <div class="panel"><h2>Commitment book</h2><table>
        <tr><td>Commitments</td><td class="num">${risk.inputs ? risk.inputs.commitments : 0}</td></tr>
        <tr><td>Remaining</td><td class="num">${fmt.money(risk.commitmentsRemaining)}</td></tr>
        <tr><td>Due in 12 months</td><td class="num">${fmt.money(risk.committed12m)}</td></tr>
        <tr><td>Debt-like</td><td class="num">${fmt.money(risk.commitmentsDebtLike)}</td></tr>
        <tr><td>Walk-away loss</td><td class="num">${fmt.money(risk.walkAwayLoss)}</td></tr>
        <tr><td>Lock-in ratio</td><td class="num">${fmt.num(risk.lockInRatio, 2)}</td></tr></table></div>
      <div class="panel"><h2>Revenue dependencies</h2>
        ${dependencies ? `<table><tr><th>Counterparty</th><th class="num">Revenue share</th><th class="num">Its score</th><th class="num">Transmitted</th><th class="num">Contribution</th><th>Flags</th></tr>${dependencies}</table>` : `<p class="muted">No revenue dependencies recorded.</p>`}
        <p class="muted">Contagion haircut: ${fmt.pct(risk.contagionHaircut, 2)}</p></div>
      <div class="panel"><h2>Peers${peers && peers.sector ? " in " + fmt.text(peers.sector) : ""}</h2>
        ${peers && peers.percentile !== undefined ? `<p>Percentile ${fmt.num(peers.percentile)} of ${peers.peerCount} peers</p>` : ""}
        ${peerRows ? `<table><tr><th>Company</th><th class="num">Score</th><th>Band</th></tr>${peerRows}</table>` : `<p class="muted">No peers.</p>`}</div>
    </div>`;
  // History is recorded at an interval: the current version closes the line when it is newer.
  const points = history.filter((h) => h.score !== undefined && h.score !== null);
  const last = history.length ? Number(history[history.length - 1].version) : 0;
  if (risk.score !== undefined && Number(risk.version) > last) points.push({ time: risk.asOf, score: risk.score, version: risk.version });
  if (points.length) {
    chart(document.getElementById("chart-history"), "score", points.map((h) => Date.parse(h.time) / 1000), points.map((h) => h.score),
      { uplot: { scales: { x: { time: true } } } });
  } else {
    document.getElementById("chart-history").innerHTML = `<p class="muted">No recorded score yet.</p>`;
  }
  const cash = risk.runwayCash || [];
  if (cash.length) chart(document.getElementById("chart-runway"), "cash", cash.map((_, i) => i), cash, { xLabel: "month" });
  else document.getElementById("chart-runway").innerHTML = `<p class="muted">No runway path (no financial periods).</p>`;
  const pd = risk.pdTermStructure || [];
  if (pd.length) chart(document.getElementById("chart-pd"), "cumulative PD %", pd.map((q) => q.years), pd.map((q) => 100 * q.cumulativeDefaultProbability), { xLabel: "years" });
  else document.getElementById("chart-pd").innerHTML = `<p class="muted">No PD term structure (no market data).</p>`;
}

// ---- portfolios -------------------------------------------------------------------------------

async function renderPortfolios(view) {
  view.innerHTML = `<h1>Portfolios</h1><div class="panel" id="portfolio-list"><p class="muted">Loading…</p></div>`;
  try {
    const items = [];
    let token = "";
    do {
      const page = await api(`/v1/portfolios?pageSize=${PAGE_SIZE}&pageToken=${encodeURIComponent(token)}`);
      items.push(...(page.portfolios || []));
      token = page.nextPageToken || "";
    } while (token);
    document.getElementById("portfolio-list").innerHTML = items.length
      ? `<table><tr><th>Portfolio</th><th>Name</th><th>Currency</th><th class="num">Positions</th><th class="num">Version</th></tr>${items.map((p) =>
        `<tr><td><a href="#/portfolio/${encodeURIComponent(p.portfolioId)}">${fmt.text(p.portfolioId)}</a></td><td>${fmt.text(p.name)}</td><td>${fmt.text(p.currency)}</td><td class="num">${p.positions}</td><td class="num">${p.version}</td></tr>`).join("")}</table>`
      : `<p class="muted">No portfolios yet (UpsertPortfolio, or PUT /v1/portfolios/{id}).</p>`;
  } catch (error) {
    document.getElementById("portfolio-list").innerHTML = `<p class="error">${fmt.text(error.message)}</p>`;
  }
}

function renderPortfolio(view, id) {
  view.innerHTML = `<p class="muted">Loading ${fmt.text(id)}…</p>`;
  pageStop = stream(`/v1/portfolios/${encodeURIComponent(id)}:watch`, () => undefined,
    (message) => drawPortfolio(view, message.risk), (state, error) => {
      connection.set(state, error);
      if (error instanceof ApiError) view.innerHTML = `<p class="error">${fmt.text(error.message)}</p>`;
    });
}

function drawPortfolio(view, risk) {
  const bands = risk.exposureByBand || [];
  const largest = Math.max(1, ...bands.map((b) => b.exposure));
  const top = (risk.positions || []).slice(0, 10);
  view.innerHTML = `
    <h1>${fmt.text(risk.name || risk.portfolioId)} <span class="muted">${fmt.text(risk.portfolioId)} · ${fmt.text(risk.currency)} · version ${risk.version}</span></h1>
    <div class="panel figures" id="portfolio-figures">
      <div class="figure"><div class="label">Total exposure</div><div class="value">${fmt.money(risk.totalExposure)}</div></div>
      <div class="figure"><div class="label">Expected loss</div><div class="value" id="expected-loss">${fmt.money(risk.expectedLoss)}</div><span class="muted">${fmt.pct(risk.expectedLossRate, 3)} of exposure</span></div>
      <div class="figure"><div class="label">Stressed loss (99.9 %)</div><div class="value" id="stressed-loss">${fmt.money(risk.stressedLoss)}</div></div>
      <div class="figure"><div class="label">Unexpected loss</div><div class="value">${fmt.money(risk.unexpectedLoss)}</div></div>
      <div class="figure"><div class="label">Exposure-weighted score</div><div class="value">${fmt.num(risk.exposureWeightedScore)}</div></div>
      <div class="figure"><div class="label">Name / sector HHI</div><div class="value">${fmt.num(risk.nameHhi, 3)} / ${fmt.num(risk.sectorHhi, 3)}</div></div>
    </div>
    <div class="grid">
      <div class="panel"><h2>Exposure by band</h2><table>${bands.map((b) => {
        const name = b.band && b.band !== "BAND_UNSPECIFIED" ? b.band.replace("BAND_", "") : "NONE";
        return `<tr><td style="width:110px">${fmt.band(b.band)}</td><td><div class="bar band-${name}" style="width:${(100 * b.exposure / largest).toFixed(1)}%"></div></td><td class="num" style="width:120px">${fmt.money(b.exposure)}</td></tr>`;
      }).join("")}</table></div>
      <div class="panel"><h2>Top contributors to stressed loss</h2><table><tr><th>Company</th><th>Band</th><th class="num">Exposure</th><th class="num">PD 1y</th><th class="num">Stressed loss</th><th class="num">Share</th></tr>
        ${top.map((q) => `<tr><td><a href="#/company/${encodeURIComponent(q.companyId)}">${fmt.text(q.companyId)}</a></td><td>${fmt.band(q.band)}</td><td class="num">${fmt.money(q.exposure)}</td><td class="num">${fmt.pct(q.defaultProbability)}</td><td class="num">${fmt.money(q.stressedLoss)}</td><td class="num">${fmt.pct(q.shareOfStressedLoss, 1)}</td></tr>`).join("")}</table></div>
    </div>
    <p class="muted">As of ${fmt.text(risk.asOf)}</p>`;
}

// ---- alerts (shown once the server has AlertService's routes) ------------------------------------

const alerts = { available: false };

async function detectAlerts() {
  try {
    const description = await fetch("/openapi/v1.json").then((r) => r.json());
    alerts.available = Boolean(description.paths && description.paths[ALERTS_LIST]);
  } catch { alerts.available = false; }
  document.getElementById("nav-alerts").hidden = !alerts.available;
}

async function renderAlerts(view) {
  await alertsDetected;
  if (!alerts.available) {
    view.innerHTML = `<h1>Alerts</h1><p class="muted">This server has no alert routes.</p>`;
    return;
  }
  view.innerHTML = `<h1>Alerts</h1><p class="muted">Each row is one firing of a rule: the value entered the rule's region (newest first; the page keeps the latest ${ALERTS_SHOWN}).</p>
    <div class="panel"><table id="alerts"><thead><tr><th>#</th><th>Time</th><th>Company</th><th>Rule</th><th>Field</th><th class="num">Value</th><th class="num">Threshold</th><th class="num">Version</th></tr></thead><tbody></tbody></table></div>`;
  const body = document.querySelector("#alerts tbody");
  let last = 0;
  const add = (alert) => {
    const sequence = Number(alert.sequence || 0);
    if (sequence <= last) return;
    last = sequence;
    const company = fmt.text(alert.companyId || "");
    body.insertAdjacentHTML("afterbegin",
      `<tr><td class="num">${sequence}</td><td>${fmt.text((alert.time || "").replace("T", " ").replace(/\.\d+Z$/, "Z"))}</td><td><a href="#/company/${encodeURIComponent(alert.companyId || "")}">${company}</a></td><td>${fmt.text(alert.ruleId || "")}</td><td>${fmt.text(alert.field || "")}</td><td class="num">${fmt.num(alert.value, 3)}</td><td class="num">${fmt.num(alert.threshold, 3)}</td><td class="num">${fmt.text(String(alert.version || ""))}</td></tr>`);
    while (body.rows.length > ALERTS_SHOWN) body.deleteRow(body.rows.length - 1);
  };
  // After a lost connection the watch resumes after the last alert shown: none is missed or shown twice.
  pageStop = stream(ALERTS_WATCH, () => ({ afterSequence: last }), (message) => add(message.event || {}), (state, error) => connection.set(state, error));
}

// ---- routing ----------------------------------------------------------------------------------

function route() {
  clearPage();
  const view = document.getElementById("view");
  const hash = location.hash || "#/";
  const [, page, id] = hash.match(/^#\/([a-z]*)\/?(.*)$/) || [];
  for (const a of document.querySelectorAll("nav a[data-nav]")) {
    a.classList.toggle("active", a.dataset.nav === (page === "company" || !page ? "companies" : page === "portfolio" ? "portfolios" : page));
  }
  if (page === "company" && id) return renderCompany(view, decodeURIComponent(id));
  if (page === "portfolios") return renderPortfolios(view);
  if (page === "portfolio" && id) return renderPortfolio(view, decodeURIComponent(id));
  if (page === "alerts") return renderAlerts(view);
  renderCompanies(view);
  startCompanies();
}

document.getElementById("forget-key").onclick = () => { auth.key = null; location.reload(); };
document.getElementById("forget-key").hidden = !auth.key;
window.addEventListener("hashchange", route);
window.addEventListener("resize", () => { table.dirty = true; });
requestAnimationFrame(frame);
const alertsDetected = detectAlerts();
route();
