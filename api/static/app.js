// kamerzoek search page: vanilla JS over the JSON API (/search, /ask, /passages, /motions).
// Search state lives in the query string (?q=&mode=…), the in-page views in the hash
// (#passage/<chunk_id>, #motion/<id>), so every view can be bookmarked and shared.
"use strict";

const MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
  "september", "oktober", "november", "december"];
const FILTERS = ["source", "date_from", "date_to", "kind", "mode"];
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
  data.results.forEach((hit, i) => {
    const aside = footnoteAside(hit.footnotes);
    box.append(el("article", { class: aside ? "result" : "result nofn", "data-chunk-id": hit.chunk_id },
      el("header", {}, citeLine(hit), headingLine(hit.heading, hit.text)),
      el("div", { class: "body" }, highlighted(hit.text, hit.highlights)),
      aside,
      el("div", { class: "links" }, contextLink(hit.chunk_id), fileLink(hit.source, hit.page_start),
        motionLinks(hit.footnotes, hit.chunk_id), el("span", { class: "score" }, `#${i + 1} · score ${hit.score.toFixed(3)}`))));
  });
}

function renderAnswer(data) {
  const box = $("answer");
  box.hidden = false;
  box.classList.toggle("none", !data.found);
  const text = el("p", { class: "text" });
  // The answer is "sentence [1] sentence [2]": turn each [n] into a link to citation n.
  for (const part of data.answer.split(/(\[\d+\])/)) {
    const m = /^\[(\d+)\]$/.exec(part);
    text.append(m ? el("sup", {}, el("a", { href: `#cite-${m[1]}` }, `[${m[1]}]`)) : part);
  }
  const list = el("ol", { class: "citations" }, data.citations.map((c) =>
    el("li", { id: `cite-${c.n}`, "data-chunk-id": c.chunk_id },
      el("span", { class: "n" }, `[${c.n}]`),
      el("div", {},
        citeLine(c),
        el("blockquote", {}, c.quote),
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
    if (value && !(name === "mode" && value === "hybrid")) params.set(name, value);
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
    const n = results.results.length;
    setStatus(`${n} ${n === 1 ? "passage" : "passages"} voor “${q}”`);
    if (/^#(passage|motion)\//.test(location.hash)) showView(true); // a view was opened meanwhile
  } catch (err) {
    $("results").replaceChildren();
    setStatus(err.message, true);
  }
}

function showView(on) {
  $("view").hidden = !on;
  $("results").hidden = on;
  $("answer").hidden = on || !$("answer").childElementCount;
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
      el("p", {}, el("a", { href: "#", class: "back" }, "‹ terug naar de resultaten")),
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
  const hash = decodeURIComponent(location.hash.slice(1));
  if (hash.startsWith("passage/")) return renderPassageView(hash.slice(8));
  if (hash.startsWith("motion/")) return renderMotionView(hash.slice(7));
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
