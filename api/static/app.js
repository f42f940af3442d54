// kamerzoek search page: vanilla JS over the JSON API (/search, /ask, /passages, /motions,
// /commitments, /measures, /watches). Search state lives in the query string (?q=&sort=&source=…),
// the in-page views in the hash (#passage/<chunk_id>, #motion/<id>, #commitment/<id>,
// #motions?status=, #commitments?status=, #measures, #watches), so every view can be bookmarked.
"use strict";

const MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
  "september", "oktober", "november", "december"];
const FILTERS = ["source", "date_from", "date_to", "kind", "doc_type", "dossier", "sort", "mode"];
const DEFAULTS = { mode: "hybrid", sort: "relevance" }; // left out of the URL
const STATUS_LABELS = { afgedaan: "afgedaan", deels_afgedaan: "deels afgedaan", openstaand: "openstaand",
  in_uitvoering: "in uitvoering", betrokken: "betrokken", genoemd: "genoemd" };
const KAMERSTUK_RE = /(\d{2}\s?\d{3})(?:[\s,-]+([IVXLC]+))?,\s*nr\.\s*(\d+)/g;
let knownMotions = null; // Map motion id → submitters, from /motions when that route exists
const motionsByChunk = new Map(); // chunk_id → motion ids whose mentions sit in that passage
let lastSearch = null; // the query string of the search on screen

const $ = (id) => document.getElementById(id);

/** Build an element: el("a", {href: "/x", class: "y"}, "text", child, …). Text is never parsed as HTML. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Replace ``node``'s children; null/false children are left out (replaceChildren would print "null"). */
function fill(node, ...children) {
  node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
}

function formatDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  return m ? `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}` : (iso || "datum onbekend");
}

function pages(start, end) {
  return end && end !== start ? `p. ${start}–${end}` : `p. ${start}`;
}

function setStatus(text, isError = false) {
  const status = $("status");
  status.textContent = text;
  status.classList.toggle("error", isError);
}

async function getJSON(url, options = {}) {
  const response = await fetch(url, options);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.detail || `${response.status} ${response.statusText}`);
  return body;
}

/** The passage text with the highlight spans wrapped in <mark>. */
function highlighted(text, spans) {
  const sorted = [...(spans || [])].sort((a, b) => a[0] - b[0]);
  const out = [];
  let at = 0;
  for (const [start, end] of sorted) {
    if (end <= at) continue;
    const s = Math.max(start, at);
    out.push(text.slice(at, s), el("mark", {}, text.slice(s, end)));
    at = end;
  }
  out.push(text.slice(at));
  return out;
}

/** The citation line: title, date, page — first thing of every result. */
function citeLine(item) {
  return el("div", { class: "cite" },
    el("span", { class: "title" }, item.title || item.source), " ",
    el("span", { class: "meta" }, `· ${formatDate(item.date)} · ${pages(item.page_start, item.page_end)}`));
}

/** A document's title from the document filter's options ("date · title"), else its source. */
function titleOf(source) {
  const option = [...$("source").options].find((o) => o.value === source);
  return option ? option.textContent.split(" · ").slice(1).join(" · ") : source;
}

function isPdf(source) { return /\.pdf$/i.test(source || ""); }

function fileLink(source, page) {
  if (!isPdf(source)) return null;
  return el("a", { href: `/documents/${encodeURIComponent(source)}/file#page=${page}`, target: "_blank",
    class: "pdf-link" }, `PDF, pagina ${page} ↗`);
}

function contextLink(chunkId, label = "Lees in context ›") {
  return el("a", { href: `#passage/${encodeURIComponent(chunkId)}`, class: "context-link" }, label);
}

/** Motions a passage mentions: registry mentions of it, and motions its footnotes cite (35669-36). */
function motionIds(footnotes, chunkId) {
  if (!knownMotions || !knownMotions.size) return [];
  const ids = new Set(motionsByChunk.get(chunkId) || []);
  for (const note of footnotes || []) {
    for (const m of note.text.matchAll(KAMERSTUK_RE)) {
      const id = [m[1].replace(/\s/g, ""), m[2], m[3]].filter(Boolean).join("-");
      if (knownMotions.has(id)) ids.add(id);
    }
  }
  return [...ids];
}

function motionLinks(footnotes, chunkId) {
  return motionIds(footnotes, chunkId).map((id) =>
    el("a", { href: `#motion/${encodeURIComponent(id)}`, class: "motion-link" },
      `Motie ${id}${knownMotions.get(id) ? ` (${knownMotions.get(id)})` : ""} ›`));
}

/** The heading path ("Thema 7 › Kennis"), unless the passage itself starts with that heading. */
function headingLine(heading, text) {
  if (!heading) return null;
  const last = heading.split(" › ").pop();
  const path = text.trimStart().startsWith(last) ? heading.split(" › ").slice(0, -1).join(" › ") : heading;
  return path ? el("div", { class: "heading" }, path) : null;
}

function footnoteAside(footnotes) {
  if (!footnotes || !footnotes.length) return null;
  return el("aside", { class: "footnotes" },
    el("h3", {}, "Voetnoten"),
    el("ol", {}, footnotes.map((f) => el("li", {}, el("span", { class: "fn" }, f.number), f.text))));
}

function renderResults(data) {
  const box = $("results");
  box.replaceChildren();
  if (!data.results.length) {
    box.append(el("p", { class: "status" }, "Geen passages gevonden. Probeer andere woorden of minder filters."));
    return;
  }
  const citing = new Set((data.reference && data.reference.citing) || []);
  const named = new Set((data.reference && data.reference.named) || []);
  data.results.forEach((hit, i) => {
    const aside = footnoteAside(hit.footnotes);
    const tag = citing.has(hit.chunk_id) ? el("span", { class: "cites" }, "verwijst ernaar")
      : named.has(hit.chunk_id) ? el("span", { class: "cites" }, "het stuk zelf") : null;
    box.append(el("article", { class: aside ? "result" : "result nofn", "data-chunk-id": hit.chunk_id },
      el("header", {}, citeLine(hit), tag, headingLine(hit.heading, hit.text)),
      el("div", { class: "body" }, highlighted(hit.text, hit.highlights)),
      aside,
      el("div", { class: "links" }, contextLink(hit.chunk_id), fileLink(hit.source, hit.page_start),
        motionLinks(hit.footnotes, hit.chunk_id), el("span", { class: "score" }, `#${i + 1} · score ${hit.score.toFixed(3)}`))));
  });
}

function oneLine(text) {
  return text.replace(/\s+/g, " ").trim();
}

/** ``text`` as nodes with the first occurrence of ``needle`` in <strong> (the answer span). */
function boldOnce(text, needle) {
  const at = needle ? text.indexOf(needle) : -1;
  if (at < 0) return [text];
  return [text.slice(0, at), el("strong", { class: "answer-span" }, needle), text.slice(at + needle.length)];
}

function renderAnswer(data) {
  const box = $("answer");
  box.hidden = false;
  box.classList.toggle("none", !data.found);
  const text = el("p", { class: "text" });
  // The answer is "sentence [1] sentence [2]": turn each [n] into a link to citation n, and set
  // what the question asked for (the citation's answer_span) in bold.
  const spans = new Map(data.citations.filter((c) => c.answer_span).map(
    (c) => [c.n, oneLine(c.quote.slice(c.answer_span[0], c.answer_span[1]))]));
  const parts = data.answer.split(/(\[\d+\])/);
  parts.forEach((part, i) => {
    const m = /^\[(\d+)\]$/.exec(part);
    if (m) { text.append(el("sup", {}, el("a", { href: `#cite-${m[1]}` }, `[${m[1]}]`))); return; }
    const next = /^\[(\d+)\]$/.exec(parts[i + 1] || "");
    text.append(...boldOnce(part, next ? spans.get(Number(next[1])) : null));
  });
  const list = el("ol", { class: "citations" }, data.citations.map((c) =>
    el("li", { id: `cite-${c.n}`, "data-chunk-id": c.chunk_id },
      el("span", { class: "n" }, `[${c.n}]`),
      el("div", {},
        citeLine(c),
        el("blockquote", {}, ...(c.answer_span ? [c.quote.slice(0, c.answer_span[0]),
          el("strong", { class: "answer-span" }, c.quote.slice(c.answer_span[0], c.answer_span[1])),
          c.quote.slice(c.answer_span[1])] : [c.quote])),
        el("div", { class: "links" }, contextLink(c.chunk_id), fileLink(c.source, c.page_start))))));
  fill(box, el("h2", {}, "Antwoord uit de documenten"), text, data.citations.length ? list : null);
}

/** The /ask body: the question and the same filters as the search (mode does not apply). */
function askBody(question, params) {
  const body = { question };
  for (const name of FILTERS) if (name !== "mode" && params.get(name)) body[name] = params.get(name);
  return body;
}

function currentParams() {
  const params = new URLSearchParams();
  params.set("q", $("q").value.trim());
  for (const name of FILTERS) {
    const value = $(name).value;
    if (value && DEFAULTS[name] !== value) params.set(name, value);
  }
  return params;
}

async function run(forceAsk = false) {
  const params = currentParams();
  const q = params.get("q");
  if (!q) return;
  const ask = forceAsk || q.endsWith("?");
  if (ask) params.set("ask", "1");
  history.pushState(null, "", `/?${params}`);
  await runParams(params);
}

async function runParams(params) {
  lastSearch = location.search;
  showView(false);
  const q = params.get("q");
  const ask = params.get("ask") === "1" || q.endsWith("?");
  params.delete("ask");
  setStatus(ask ? "Antwoord zoeken…" : "Zoeken…");
  $("answer").hidden = true;
  $("answer").replaceChildren();
  try {
    const [results, answer] = await Promise.all([
      getJSON(`/search?${params}`),
      ask ? getJSON("/ask", { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify(askBody(q, params)) }) : null,
    ]);
    if (answer) renderAnswer(answer);
    renderResults(results);
    renderReference(results.reference);
    renderFacets(results.facets, params);
    renderTools(params);
    const n = results.results.length;
    setStatus(`${n} ${n === 1 ? "passage" : "passages"} voor “${q}”`);
    if (location.hash.length > 1) showView(true); // a view was opened meanwhile
  } catch (err) {
    $("results").replaceChildren();
    setStatus(err.message, true);
  }
}

function showView(on) {
  $("view").hidden = !on;
  $("search-area").hidden = on;
  $("answer").hidden = on || !$("answer").childElementCount;
  const hash = location.hash.slice(1).split(/[/?]/)[0];
  for (const link of document.querySelectorAll("nav.views a")) {
    const target = link.getAttribute("href").slice(1).split(/[/?]/)[0];
    link.classList.toggle("active", on ? target === hash || (hash === "motion" && target === "motions")
      || (hash === "commitment" && target === "commitments") : link.id === "nav-search");
  }
}

async function renderPassageView(chunkId) {
  const view = $("view");
  showView(true);
  view.replaceChildren(el("p", { class: "status" }, "Passage laden…"));
  try {
    const data = await getJSON(`/passages/${encodeURIComponent(chunkId)}`);
    const p = data.passage;
    const doc = data.document;
    fill(view,
      el("p", {}, el("a", { href: "#", class: "back" }, "‹ terug naar de resultaten")),
      el("h2", {}, doc.title),
      el("div", { class: "cite" }, el("span", { class: "meta" },
        [doc.doc_type, doc.kamerstuk ? `Kamerstuk ${doc.kamerstuk}` : null, formatDate(doc.date),
          pages(p.page_start, p.page_end)].filter(Boolean).join(" · "))),
      headingLine(p.heading, p.text),
      data.paragraph_before ? el("p", { class: "context" }, data.paragraph_before) : null,
      el("div", { class: "passage", id: "passage-text" }, p.text),
      data.paragraph_after ? el("p", { class: "context" }, data.paragraph_after) : null,
      footnoteAside(p.footnotes),
      el("div", { class: "links" },
        data.previous.length ? contextLink(data.previous[data.previous.length - 1].chunk_id, "‹ vorige passage") : null,
        data.next.length ? contextLink(data.next[0].chunk_id, "volgende passage ›") : null,
        el("a", { href: data.page_url, target: "_blank" }, isPdf(doc.source) ? `PDF, pagina ${p.page_start} ↗` : "Origineel document ↗"),
        motionLinks(p.footnotes, p.chunk_id)));
  } catch (err) {
    view.replaceChildren(el("p", { class: "status error" }, err.message));
  }
}

/** A motion's timeline: every mention in the letters, oldest first, with its status then. */
async function renderMotionView(id) {
  const view = $("view");
  showView(true);
  view.replaceChildren(el("p", { class: "status" }, "Motie laden…"));
  try {
    const m = await getJSON(`/motions/${encodeURIComponent(id)}`);
    const events = [...(m.timeline || m.mentions || [])].sort((a, b) => (a.date || "").localeCompare(b.date || ""));
    const submitters = [].concat(m.submitters || []);
    fill(view,
      el("p", {}, el("a", { href: "#", class: "back" }, "‹ terug naar de resultaten"), " · ",
        el("a", { href: "#motions" }, "alle moties")),
      el("h2", { id: "motion-title" }, `Motie ${m.id || id} `, m.status ? el("span", { class: "badge" }, m.status.replace(/_/g, " ")) : null),
      m.subject || m.title ? el("p", {}, m.subject || m.title) : null,
      el("p", { class: "cite" }, el("span", { class: "meta" }, [
        submitters.length ? `Ingediend door ${submitters.join(", ")}` : null,
        m.dossier ? `Kamerstuk ${m.dossier}, nr. ${m.number}` : null,
        m.first_date ? `genoemd ${formatDate(m.first_date)}${m.last_date && m.last_date !== m.first_date ? ` – ${formatDate(m.last_date)}` : ""}` : null,
      ].filter(Boolean).join(" · "))),
      el("ol", { class: "timeline" }, events.map((e) => el("li", {},
        el("div", {}, el("span", { class: "when" }, formatDate(e.date)), " ",
          e.status ? el("span", { class: "badge" }, e.status.replace(/_/g, " ")) : null, " ",
          e.source ? el("span", { class: "meta" }, `${e.title || titleOf(e.source)}${e.page_start ? `, p. ${e.page_start}` : ""}`) : null),
        e.quote || e.text ? el("blockquote", {}, e.quote || e.text) : null,
        e.chunk_id ? contextLink(e.chunk_id, "Lees in context ›") : null))));
  } catch (err) {
    view.replaceChildren(el("p", { class: "status error" }, err.message));
  }
}

function route() {
  const raw = location.hash.slice(1);
  const [path, query] = [raw.split("?")[0], new URLSearchParams(raw.split("?")[1] || "")];
  const hash = decodeURIComponent(path);
  if (hash.startsWith("passage/")) return renderPassageView(hash.slice(8));
  if (hash.startsWith("motion/")) return renderMotionView(hash.slice(7));
  if (hash.startsWith("commitment/")) return renderCommitmentView(hash.slice(11));
  if (hash === "motions") return renderMotionsView(query);
  if (hash === "commitments") return renderCommitmentsView(query);
  if (hash === "measures") return renderMeasuresView();
  if (hash === "watches") return renderWatchesView();
  showView(false);
}

async function loadMotions() {
  try {
    const body = await getJSON("/motions");
    const items = Array.isArray(body) ? body : (body.data || []);
    knownMotions = new Map(items.filter((m) => m.id).map((m) => [m.id, [].concat(m.submitters || []).join("/")]));
    for (const m of items) {
      for (const mention of m.mentions || []) {
        if (!mention.chunk_id) continue;
        if (!motionsByChunk.has(mention.chunk_id)) motionsByChunk.set(mention.chunk_id, new Set());
        motionsByChunk.get(mention.chunk_id).add(m.id);
      }
    }
  } catch (err) {
    knownMotions = new Map(); // no registry routes: no motion links
  }
}

function restore() {
  const params = new URLSearchParams(location.search);
  $("q").value = params.get("q") || "";
  for (const name of FILTERS) if (params.has(name)) $(name).value = params.get(name);
  return params;
}

document.addEventListener("DOMContentLoaded", async () => {
  $("search-form").addEventListener("submit", (event) => { event.preventDefault(); run(false); });
  $("sort").addEventListener("change", () => { if ($("q").value.trim()) run(false); });
  $("watch-button").addEventListener("click", watchThisSearch);
  $("ask-button").addEventListener("click", () => run(true));
  window.addEventListener("hashchange", route);
  window.addEventListener("popstate", () => {
    if (location.search === lastSearch) return; // only the hash changed: "hashchange" handles it
    const p = restore();
    if (p.get("q")) runParams(p);
  });
  await loadMotions();
  const params = restore();
  if (params.get("q")) await runParams(params);
  route();
});


// --------------------------------------------------------------------------- search extras

/** "Herkend als …": the reference the query named; its citing passages come first. */
function renderReference(reference) {
  const box = $("reference");
  box.hidden = !reference;
  if (!reference) return box.replaceChildren();
  const links = reference.kind === "motion"
    ? reference.ids.map((id) => el("a", { href: `#motion/${encodeURIComponent(id)}`, class: "motion-link" }, `tijdlijn ${id} ›`))
    : [];
  fill(box, el("strong", {}, "Herkend: "), reference.label, ` — eerst de ${reference.citing.length} passages die ernaar verwijzen`,
    reference.named.length ? ", dan het stuk zelf" : "", ". ", links.flatMap((a) => [a, " "]));
}

/** A facet value's filter: which inputs it sets. */
function facetFilter(facet, value) {
  if (facet === "document") return { source: value };
  if (facet === "year") return { date_from: `${value}-01-01`, date_to: `${value}-12-31` };
  return { [facet]: value };
}

function facetActive(facet, value, params) {
  return Object.entries(facetFilter(facet, value)).every(([k, v]) => params.get(k) === v);
}

/** Counts per document, year, type and dossier; a click filters (and a second click clears). */
function renderFacets(facets, params) {
  const box = $("facets");
  const names = { document: "Document", year: "Jaar", doc_type: "Type", dossier: "Dossier" };
  const groups = Object.entries(names).filter(([key]) => facets && (facets[key] || []).length);
  box.hidden = !groups.length;
  fill(box, el("h2", { class: "sr-only" }, "Filters"), groups.flatMap(([key, title]) => [
    el("h3", {}, title),
    el("ul", { "data-facet": key }, facets[key].map((f) => {
      const active = facetActive(key, f.value, params);
      const link = el("a", { href: "#", class: active ? "active" : null, "data-value": f.value, title: f.label }, f.label);
      link.addEventListener("click", (event) => {
        event.preventDefault();
        for (const [name, value] of Object.entries(facetFilter(key, f.value))) $(name).value = active ? "" : value;
        run(false);
      });
      return el("li", {}, link, el("span", { class: "n" }, f.count));
    })),
  ]));
}

function renderTools(params) {
  const csv = new URLSearchParams(params);
  csv.set("format", "csv");
  $("search-csv").href = `/search?${csv}`;
  $("result-tools").hidden = false;
}

async function watchThisSearch() {
  const params = currentParams();
  const body = { query: params.get("q") };
  for (const name of ["source", "date_from", "date_to", "kind", "doc_type", "dossier"]) {
    if (params.get(name)) body[name] = params.get(name);
  }
  try {
    await getJSON("/watches", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    location.hash = "#watches";
  } catch (err) {
    setStatus(err.message, true);
  }
}

// --------------------------------------------------------------------------- registry views

function badge(status) {
  return status ? el("span", { class: `badge status-${status}` }, STATUS_LABELS[status] || status.replace(/_/g, " ")) : null;
}

function csvLink(path, params) {
  const query = new URLSearchParams(params);
  query.set("format", "csv");
  return el("a", { href: `${path}?${query}`, class: "csv-link", download: true }, "CSV downloaden");
}

function viewHeader(title, ...tools) {
  return [el("p", {}, el("a", { href: "#", class: "back" }, "‹ zoeken")), el("h2", { id: "view-title" }, title),
    el("div", { class: "view-tools" }, tools)];
}

/** A status filter that lives in the hash (#motions?status=…). */
function statusSelect(view, statuses, current, allLabel) {
  const select = el("select", { id: "status-filter" },
    el("option", { value: "" }, allLabel),
    statuses.map((s) => el("option", { value: s, selected: s === current }, STATUS_LABELS[s] || s)));
  select.addEventListener("change", () => {
    location.hash = select.value ? `#${view}?status=${select.value}` : `#${view}${view === "commitments" ? "?status=" : ""}`;
  });
  return el("label", {}, "Status", select);
}

async function loadView(label, render) {
  const view = $("view");
  showView(true);
  view.replaceChildren(el("p", { class: "status" }, `${label} laden…`));
  try {
    await render(view);
  } catch (err) {
    view.replaceChildren(el("p", { class: "status error" }, err.message));
  }
}

function renderMotionsView(query) {
  const status = query.get("status") || "";
  return loadView("Moties", async (view) => {
    const params = status ? { status } : {};
    const body = await getJSON(`/motions?${new URLSearchParams(params)}`);
    fill(view, viewHeader(`Moties (${body.count})`,
      statusSelect("motions", ["afgedaan", "in_uitvoering", "betrokken", "genoemd"], status, "Alle statussen"),
      csvLink("/motions", params)),
    el("table", { class: "registry", id: "motions-table" },
      el("thead", {}, el("tr", {}, ["Motie", "Status", "Indieners", "Onderwerp", "Laatst genoemd", "Vermeldingen"].map((h) => el("th", {}, h)))),
      el("tbody", {}, body.data.map((m) => el("tr", { "data-id": m.id },
        el("td", { class: "num" }, el("a", { href: `#motion/${encodeURIComponent(m.id)}`, class: "motion-link" }, m.id)),
        el("td", {}, badge(m.status)),
        el("td", {}, [].concat(m.submitters || []).join(", ") + (m.cosigned ? " c.s." : "")),
        el("td", {}, m.subject || "—"),
        el("td", { class: "num" }, formatDate(m.last_date)),
        el("td", { class: "num" }, String(m.mention_count)))))));
  });
}

function age(since) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(since || "");
  if (!m) return "";
  const days = Math.floor((Date.now() - Date.UTC(+m[1], +m[2] - 1, +m[3])) / 86400000);
  return days >= 730 ? `${Math.floor(days / 365)} jaar open` : days >= 60 ? `${Math.floor(days / 30)} maanden open` : `${days} dagen open`;
}

/** Why a mention joined its commitment, in Dutch (the API says it in English). */
function reasonNl(reason) {
  return reason.replace(/^same origin: letter of (\S+)/, (_, d) => `zelfde herkomst, de brief van ${formatDate(d)}`)
    .replace(/^same origin: debate of (\S+)/, (_, d) => `zelfde herkomst, het debat van ${formatDate(d)}`)
    .replace(/^same Kamerstuk in a footnote: /, "zelfde Kamerstuk in een voetnoot: ")
    .replace(/^cites the letter it was made in: /, "verwijst naar de brief waarin ze gedaan is: ")
    .replace(/^similar promise /, "vergelijkbare toezegging ");
}

function commitmentTimeline(c) {
  return el("ol", { class: "timeline" }, c.mentions.map((e) => el("li", {},
    el("div", {}, el("span", { class: "when" }, formatDate(e.date)), " ", badge(e.status), " ",
      el("span", { class: "meta" }, `${titleOf(e.source)}, p. ${e.page_start}`)),
    el("blockquote", {}, e.quote),
    el("div", { class: "reason" }, e.reason === "first mention" ? "eerste vermelding" : `gekoppeld: ${reasonNl(e.reason)}`),
    contextLink(e.chunk_id, "Lees in context ›"))));
}

function renderCommitmentsView(query) {
  const status = query.has("status") ? query.get("status") : "openstaand";
  return loadView("Toezeggingen", async (view) => {
    const params = status ? { status, sort: "age" } : { sort: "age" };
    const body = await getJSON(`/commitments?${new URLSearchParams(params)}`);
    const title = status === "openstaand" ? "Open toezeggingen, oudste eerst" : "Toezeggingen";
    fill(view, viewHeader(`${title} (${body.count})`,
      statusSelect("commitments", ["openstaand", "deels_afgedaan", "afgedaan"], status, "Alle statussen"),
      csvLink("/commitments", params)),
    el("table", { class: "registry", id: "commitments-table" },
      el("thead", {}, el("tr", {}, ["Toezegging", "Status", "Gegeven", "Termijn", "Tijdlijn"].map((h) => el("th", {}, h)))),
      el("tbody", {}, body.data.map((c) => el("tr", { "data-id": c.id },
        el("td", {}, el("a", { href: `#commitment/${encodeURIComponent(c.id)}`, class: "commitment-link" }, c.subject),
          c.who ? el("div", { class: "meta" }, c.who) : null),
        el("td", {}, badge(c.status), c.status === "openstaand" ? el("div", { class: "age" }, age(c.since)) : null),
        el("td", { class: "num" }, formatDate(c.since), c.given_at ? el("div", { class: "meta" }, c.given_at) : null),
        el("td", { class: "num" }, c.deadline ? formatDate(c.deadline) : "—"),
        el("td", {}, el("details", { class: "timeline-box" },
          el("summary", {}, `${c.mention_count} ${c.mention_count === 1 ? "vermelding" : "vermeldingen"}`),
          commitmentTimeline(c))))))));
  });
}

function renderCommitmentView(id) {
  return loadView("Toezegging", async (view) => {
    const c = await getJSON(`/commitments/${encodeURIComponent(id)}`);
    fill(view,
      el("p", {}, el("a", { href: "#", class: "back" }, "‹ zoeken"), " · ",
        el("a", { href: "#commitments?status=openstaand" }, "open toezeggingen")),
      el("h2", { id: "commitment-title" }, "Toezegging ", badge(c.status)),
      el("p", {}, c.subject),
      el("p", { class: "cite" }, el("span", { class: "meta" }, [
        c.given_at ? `gegeven in ${c.given_at}` : null, c.given_on ? formatDate(c.given_on) : null,
        c.who ? `door ${c.who}` : null, c.deadline ? `termijn ${formatDate(c.deadline)}` : null,
        c.status === "openstaand" ? age(c.since) : null,
      ].filter(Boolean).join(" · "))),
      commitmentTimeline(c));
  });
}

function renderMeasuresView() {
  return loadView("Maatregelen", async (view) => {
    const body = await getJSON("/measures");
    fill(view, viewHeader(`Maatregelen (${body.count})`, csvLink("/measures", {})),
      el("table", { class: "registry", id: "measures-table" },
        el("thead", {}, el("tr", {}, ["Maatregel", "Bedrag of aantal", "Wanneer", "Bron"].map((h) => el("th", {}, h)))),
        el("tbody", {}, body.data.map((m) => el("tr", { "data-id": m.id },
          el("td", {}, m.text),
          el("td", { class: "num" }, m.amount || "—"),
          el("td", { class: "num" }, m.when || "—"),
          el("td", {}, el("div", { class: "meta" }, `${titleOf(m.source)}, ${formatDate(m.date)}, p. ${m.page_start}`),
            contextLink(m.chunk_id, "Lees in context ›")))))));
  });
}

function renderWatchesView() {
  return loadView("Volglijst", async (view) => {
    const body = await getJSON("/watches");
    const input = el("input", { id: "watch-query", maxlength: "1000", placeholder: "zoekvraag, motie-id (35669-36) of toezegging (c-…)" });
    const add = el("button", { type: "button", id: "watch-add" }, "Volgen");
    add.addEventListener("click", async () => {
      if (!input.value.trim()) return;
      try {
        await getJSON("/watches", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ query: input.value.trim() }) });
        renderWatchesView();
      } catch (err) {
        setStatus(err.message, true);
      }
    });
    fill(view, viewHeader(`Volglijst (${body.count})`, el("label", {}, "Nieuwe volgopdracht", input), add),
      el("p", { class: "meta" }, "Nieuwe passages na elke ingest verschijnen in de Atom-feed van een volgopdracht."),
      el("table", { class: "registry", id: "watches-table" },
        el("thead", {}, el("tr", {}, ["Zoekvraag", "Volgt", "Sinds", "Feed", ""].map((h) => el("th", {}, h)))),
        el("tbody", {}, body.data.map((w) => {
          const remove = el("button", { type: "button", class: "secondary small" }, "Verwijderen");
          remove.addEventListener("click", async () => {
            await fetch(`/watches/${encodeURIComponent(w.id)}`, { method: "DELETE" });
            renderWatchesView();
          });
          const follows = w.target_kind === "motion" ? el("a", { href: `#motion/${encodeURIComponent(w.target_id)}` }, `motie ${w.target_id}`)
            : w.target_kind === "commitment" ? el("a", { href: `#commitment/${encodeURIComponent(w.target_id)}` }, "toezegging")
              : Object.entries(w.filters).map(([k, v]) => `${k}: ${v}`).join(", ") || "zoekresultaten";
          return el("tr", { "data-id": w.id },
            el("td", {}, el("a", { href: `/?q=${encodeURIComponent(w.query)}` }, w.query)),
            el("td", {}, follows),
            el("td", { class: "num" }, formatDate(w.created_at.slice(0, 10))),
            el("td", {}, el("a", { href: w.feed_url, class: "feed-link" }, "Atom-feed")),
            el("td", {}, remove));
        }))));
  });
}
