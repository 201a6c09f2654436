// The query page: run the editor's query on the SPARQL endpoint with fetch, show the result as
// a table (IRIs as links, spacegraph IRIs to their /id/ page), its size and time, download
// links in every format, and a Cancel button that aborts the request and asks the server to
// stop the query (POST <cancel>?id=<X-Query-Id>; a 404 there is ignored).
// Everything from the result is put in the page with textContent, never as HTML.
"use strict";
(function () {
  const form = document.getElementById("query-form");
  if (!form) return;
  const editor = document.getElementById("query-text");
  const runButton = document.getElementById("run");
  const cancelButton = document.getElementById("cancel");
  const status = document.getElementById("status");
  const table = document.getElementById("results");
  const downloads = document.getElementById("downloads");
  const errorBox = document.getElementById("error");
  const endpoint = form.dataset.sparql;
  const cancelUrl = form.dataset.cancel;
  const idBase = form.dataset.idBase;
  const prefixes = JSON.parse(form.dataset.prefixes || "{}");
  const SGR = prefixes.sgr || "https://w3id.org/spacegraph/id/";
  const MAX_ROWS = 2000;
  const SOLUTION_FORMATS = [["JSON", "json"], ["XML", "xml"], ["CSV", "csv"], ["TSV", "tsv"]];
  const GRAPH_FORMATS = [["Turtle", "ttl"], ["N-Triples", "nt"], ["JSON-LD", "jsonld"], ["RDF/XML", "rdf"]];
  let running = null; // {id, controller, started}

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(16) + "-" + Math.random().toString(16).slice(2);
  }

  function compact(iri) {
    let best = null;
    for (const [name, ns] of Object.entries(prefixes)) {
      if (iri.startsWith(ns) && (!best || ns.length > best[1].length) &&
          /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/.test(iri.slice(ns.length))) best = [name, ns];
    }
    return best ? best[0] + ":" + iri.slice(best[1].length) : iri;
  }

  function hrefOf(iri) {
    if (iri.startsWith(SGR)) return idBase + iri.slice(SGR.length);
    if (/^https?:\/\//.test(iri)) return iri;
    return null;
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const href = hrefOf(term.value);
      const el = document.createElement(href ? "a" : "span");
      if (href) el.href = href;
      el.title = term.value;
      el.textContent = compact(term.value);
      td.appendChild(el);
    } else if (term.type === "bnode") {
      td.textContent = "_:" + term.value;
    } else {
      td.textContent = term.value;
      const hint = term["xml:lang"] ? "@" + term["xml:lang"] : term.datatype ? compact(term.datatype) : "";
      if (hint) td.title = hint;
    }
    return td;
  }

  function showTable(vars, rows) {
    const head = table.tHead, body = table.tBodies[0];
    head.textContent = "";
    body.textContent = "";
    const tr = document.createElement("tr");
    for (const v of vars) {
      const th = document.createElement("th");
      th.textContent = v;
      tr.appendChild(th);
    }
    head.appendChild(tr);
    const fragment = document.createDocumentFragment();
    for (const row of rows.slice(0, MAX_ROWS)) {
      const line = document.createElement("tr");
      for (const v of vars) line.appendChild(cell(row[v]));
      fragment.appendChild(line);
    }
    body.appendChild(fragment);
    table.hidden = false;
  }

  function showDownloads(query, formats) {
    downloads.textContent = "Download this result:";
    for (const [name, fmt] of formats) {
      const a = document.createElement("a");
      a.href = endpoint + "?" + new URLSearchParams({query: query, format: fmt}).toString();
      a.textContent = name;
      a.setAttribute("download", "result." + fmt);
      a.className = "download";
      a.dataset.format = fmt;
      downloads.appendChild(a);
    }
    downloads.hidden = false;
  }

  // One N-Triples line into {s, p, o} terms shaped like SPARQL JSON results.
  const TERM = /^(<[^>]*>|_:\S+|"(?:[^"\\]|\\.)*"(?:@[A-Za-z0-9-]+|\^\^<[^>]*>)?)\s*/;
  function parseTerm(text) {
    if (text[0] === "<") return {type: "uri", value: text.slice(1, -1)};
    if (text.startsWith("_:")) return {type: "bnode", value: text.slice(2)};
    const end = text.lastIndexOf('"');
    let value = text.slice(1, end);
    try { value = JSON.parse('"' + value + '"'); } catch (e) { /* keep it escaped */ }
    const rest = text.slice(end + 1), term = {type: "literal", value: value};
    if (rest.startsWith("@")) term["xml:lang"] = rest.slice(1);
    if (rest.startsWith("^^")) term.datatype = rest.slice(3, -1);
    return term;
  }
  function parseNTriples(text) {
    const rows = [];
    for (let line of text.split("\n")) {
      line = line.trim();
      if (!line || line.startsWith("#")) continue;
      const terms = [];
      for (let i = 0; i < 3; i++) {
        const m = TERM.exec(line);
        if (!m) break;
        terms.push(parseTerm(m[1]));
        line = line.slice(m[0].length);
      }
      if (terms.length === 3) rows.push({subject: terms[0], predicate: terms[1], object: terms[2]});
    }
    return rows;
  }

  function elapsed() { return Math.round(performance.now() - running.started); }

  function finish(message) {
    status.textContent = message;
    runButton.disabled = false;
    cancelButton.disabled = true;
    running = null;
  }

  function reset() {
    errorBox.hidden = true;
    errorBox.textContent = "";
    table.hidden = true;
    downloads.hidden = true;
  }

  async function run(event) {
    event.preventDefault();
    if (running) return;
    reset();
    const query = editor.value;
    running = {id: newId(), controller: new AbortController(), started: performance.now()};
    form.dataset.queryId = running.id;
    runButton.disabled = true;
    cancelButton.disabled = false;
    status.textContent = "Running…";
    const mine = running;
    try {
      const response = await fetch(endpoint, {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "Accept": "application/sparql-results+json, application/n-triples;q=0.9",
          "X-Query-Id": mine.id,
        },
        body: new URLSearchParams({query: query}),
        signal: mine.controller.signal,
      });
      const type = (response.headers.get("Content-Type") || "").split(";")[0].trim();
      const text = await response.text();
      if (running !== mine) return;
      if (!response.ok) {
        let message = text;
        try { message = JSON.parse(text).message || text; } catch (e) { /* not JSON */ }
        errorBox.textContent = "Error " + response.status + ": " + message;
        errorBox.hidden = false;
        finish("Failed after " + elapsed() + " ms");
        return;
      }
      let count;
      if (type === "application/n-triples") {
        const rows = parseNTriples(text);
        count = rows.length;
        showTable(["subject", "predicate", "object"], rows);
        showDownloads(query, GRAPH_FORMATS);
      } else {
        const data = JSON.parse(text);
        if ("boolean" in data) {
          count = 1;
          showTable(["answer"], [{answer: {type: "literal", value: String(data.boolean)}}]);
        } else {
          count = data.results.bindings.length;
          showTable(data.head.vars, data.results.bindings);
        }
        showDownloads(query, SOLUTION_FORMATS);
      }
      let shown = count > MAX_ROWS ? " (the first " + MAX_ROWS + " shown)" : "";
      if (response.headers.get("X-Spacegraph-Truncated") === "true") {
        shown += "; cut at the server's row limit";
      }
      finish(count + (count === 1 ? " row" : " rows") + " in " + elapsed() + " ms" + shown);
    } catch (error) {
      if (running !== mine) return;
      if (error.name === "AbortError") { finish("Cancelled after " + elapsed() + " ms"); return; }
      errorBox.textContent = "The request failed: " + error.message;
      errorBox.hidden = false;
      finish("Failed after " + elapsed() + " ms");
    }
  }

  function cancel() {
    if (!running) return;
    const mine = running;
    // Ask the server to stop the query; a server without the route answers 404: ignored.
    fetch(cancelUrl + "?" + new URLSearchParams({id: mine.id}).toString(), {
      method: "POST", headers: {"X-Query-Id": mine.id},
    }).catch(function () { /* the server may be gone; the request is aborted anyway */ });
    status.textContent = "Cancelling…";
    mine.controller.abort();
  }

  form.addEventListener("submit", run);
  cancelButton.addEventListener("click", cancel);
  for (const link of document.querySelectorAll("a.example")) {
    link.addEventListener("click", function (event) {
      const source = document.getElementById("example-" + link.dataset.slug);
      if (!source) return;
      event.preventDefault();
      editor.value = source.textContent;
      editor.focus();
      history.replaceState(null, "", link.href);
    });
  }
})();
