/**
 * The preview page of `hyoka watch`: the newest PDF of the sheet being edited and its problems, on 127.0.0.1
 * only. The page is served from here, whole (no script, style or font from anywhere else: the CSP says so to
 * the browser too), and reloads what changed when the server sends an event (server-sent events, /events).
 *
 * What it serves is only what this module was given: the page, its script, the state, and the last good PDF of
 * each sheet by number. No path from a request ever reaches the file system, so nothing else can be read
 * through it. A request whose Host is not this address is refused, so a page on another site that resolves a
 * name of its own to 127.0.0.1 (DNS rebinding) cannot read the sheets.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Lang } from "../i18n.js";

/** Loopback only: the preview is for the person at this machine, never for the network. */
export const PREVIEW_HOST = "127.0.0.1";

export interface PreviewProblem {
  severity: "error" | "warning";
  text: string;
}

export interface PreviewSheet {
  /** A number the page names the sheet by (stable while hyoka watch runs). */
  id: number;
  /** The data file, as the user named or found it. */
  file: string;
  status: "pending" | "built" | "skipped" | "failed";
  problems: PreviewProblem[];
  /** The PDF shown: the last good one, which a sheet that now fails keeps. */
  pdf?: { bytes: Uint8Array; version: number };
}

export interface PreviewState {
  /** Grows with every change the page should show. */
  version: number;
  /** The sheet changed last: the one being edited, which the page follows. */
  current?: number;
  sheets: PreviewSheet[];
}

/** The state as the page reads it (no PDF bytes: their address instead). */
function stateJson(state: PreviewState): string {
  return JSON.stringify({
    version: state.version,
    current: state.current ?? null,
    sheets: state.sheets.map((s) => ({
      id: s.id,
      file: s.file,
      status: s.status,
      problems: s.problems,
      pdf: s.pdf ? `/pdf/${s.id}?v=${s.pdf.version}` : null,
    })),
  });
}

const TEXT: Record<Lang, Record<string, string>> = {
  ja: {
    title: "hyoka プレビュー",
    sheets: "シート",
    follow: "編集中のシートを表示",
    problems: "問題",
    none: "問題はありません",
    noPdf: "まだ PDF がありません",
    keptPdf: "エラーがあるため、最後に作成できた PDF を表示しています",
    pending: "作成中",
    built: "作成済み",
    skipped: "変更なし",
    failed: "エラー",
    disconnected: "hyoka watch との接続が切れました(終了したか再起動中です)",
  },
  en: {
    title: "hyoka preview",
    sheets: "Sheets",
    follow: "show the sheet being edited",
    problems: "Problems",
    none: "no problems",
    noPdf: "no PDF yet",
    keptPdf: "the sheet has errors: showing the last PDF that could be made",
    pending: "building",
    built: "built",
    skipped: "unchanged",
    failed: "errors",
    disconnected: "lost the connection to hyoka watch (it ended or is restarting)",
  },
};

function page(lang: Lang): string {
  const t = TEXT[lang];
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<title>${t.title}</title>
<link rel="stylesheet" href="/preview.css">
<script src="/preview.js" defer></script>
</head>
<body data-version="0">
<header>
  <label>${t.sheets} <select id="sheet"></select></label>
  <label><input type="checkbox" id="follow" checked> ${t.follow}</label>
  <span id="status" role="status"></span>
</header>
<main>
  <section id="problems-box">
    <h2>${t.problems}</h2>
    <p id="kept" hidden>${t.keptPdf}</p>
    <ul id="problems"></ul>
  </section>
  <iframe id="pdf" title="PDF"></iframe>
  <p id="no-pdf" hidden>${t.noPdf}</p>
</main>
</body>
</html>
`;
}

const CSS = `body { margin: 0; font-family: system-ui, sans-serif; display: flex; flex-direction: column; height: 100vh; }
header { display: flex; gap: 1em; align-items: center; padding: .4em .8em; background: #eee; }
main { flex: 1; display: flex; min-height: 0; }
#problems-box { width: 30em; overflow: auto; padding: 0 .8em; border-right: 1px solid #ccc; }
#problems li { white-space: pre-wrap; margin-bottom: .5em; font-family: ui-monospace, monospace; font-size: 90%; }
#problems li.error { color: #a00; }
#problems li.warning { color: #850; }
#kept { color: #a00; font-weight: bold; }
iframe { flex: 1; border: 0; }
#status.failed { color: #a00; font-weight: bold; }
`;

/** The page's script: plain DOM, text set with textContent (never HTML), reloads on the server's events. */
function script(lang: Lang): string {
  const t = TEXT[lang];
  return `"use strict";
const T = ${JSON.stringify({ pending: t.pending, built: t.built, skipped: t.skipped, failed: t.failed, none: t.none, disconnected: t.disconnected })};
let shown = null;
let state = null;
const $ = (id) => document.getElementById(id);
function pick() {
  if (!state) return undefined;
  if ($("follow").checked && state.current !== null) shown = state.current;
  return state.sheets.find((s) => s.id === shown) ?? state.sheets[0];
}
function render() {
  const select = $("sheet");
  const want = state.sheets.map((s) => s.id + " " + s.file + " " + s.status).join("\\n");
  if (select.dataset.list !== want) {
    select.textContent = "";
    for (const s of state.sheets) {
      const o = document.createElement("option");
      o.value = String(s.id);
      o.textContent = s.file + " (" + T[s.status] + ")";
      select.append(o);
    }
    select.dataset.list = want;
  }
  const sheet = pick();
  if (!sheet) return;
  shown = sheet.id;
  select.value = String(sheet.id);
  const status = $("status");
  status.textContent = sheet.file + ": " + T[sheet.status];
  status.className = sheet.status;
  const list = $("problems");
  list.textContent = "";
  for (const p of sheet.problems) {
    const li = document.createElement("li");
    li.className = p.severity;
    li.textContent = p.text;
    list.append(li);
  }
  if (sheet.problems.length === 0) {
    const li = document.createElement("li");
    li.textContent = T.none;
    list.append(li);
  }
  const frame = $("pdf");
  $("kept").hidden = !(sheet.status === "failed" && sheet.pdf);
  $("no-pdf").hidden = Boolean(sheet.pdf);
  frame.hidden = !sheet.pdf;
  if (sheet.pdf && frame.getAttribute("src") !== sheet.pdf) frame.setAttribute("src", sheet.pdf);
  // For tests and tools: the state this page shows (set last, once the page is up to date).
  document.body.dataset.sheet = String(sheet.id);
  document.body.dataset.status = sheet.status;
  document.body.dataset.version = String(state.version);
}
async function load() {
  const response = await fetch("/state.json", { cache: "no-store" });
  state = await response.json();
  render();
}
$("sheet").addEventListener("change", () => {
  $("follow").checked = false;
  shown = Number($("sheet").value);
  render();
});
$("follow").addEventListener("change", () => state && render());
const events = new EventSource("/events");
events.addEventListener("change", () => { load().catch(() => {}); });
events.addEventListener("open", () => { load().catch(() => {}); });
events.addEventListener("error", () => {
  if (events.readyState === EventSource.CLOSED) $("status").textContent = T.disconnected;
});
`;
}

/**
 * Tells the browser the page uses nothing but this server. Sent with the page only: on the PDF it would also bind
 * the browser's own PDF viewer, which then may not draw it.
 */
const PAGE_POLICY = {
  "Content-Security-Policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'",
};

const SECURITY_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-store",
};

export class PreviewServer {
  private readonly server: Server;
  private readonly clients = new Set<ServerResponse>();
  private port = 0;

  constructor(
    private readonly state: () => PreviewState,
    private readonly lang: Lang,
  ) {
    this.server = createServer((req, res) => this.handle(req, res));
    // A browser keeps the event stream open: the server must not wait for it when it closes.
    this.server.keepAliveTimeout = 1000;
  }

  /** Listens on 127.0.0.1 (port 0: any free one); gives the page's address. */
  async listen(port: number): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen({ host: PREVIEW_HOST, port, exclusive: true }, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this.url();
  }

  url(): string {
    return `http://${PREVIEW_HOST}:${this.port}/`;
  }

  /** Tells every open page that something changed; each then reads the state again. */
  changed(): void {
    const { version } = this.state();
    for (const client of this.clients) client.write(`event: change\ndata: ${version}\n\n`);
  }

  async close(): Promise<void> {
    for (const client of this.clients) client.end();
    this.clients.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The Host a browser sends for this address: anything else is another site's name for it. */
  private hostAllowed(host: string | undefined): boolean {
    return host === `${PREVIEW_HOST}:${this.port}` || host === `localhost:${this.port}`;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    if (!this.hostAllowed(req.headers.host)) {
      res.writeHead(403, { "Content-Type": "text/plain; charset=utf-8" }).end("forbidden host\n");
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { Allow: "GET, HEAD" }).end();
      return;
    }
    const url = new URL(req.url ?? "/", this.url());
    const send = (type: string, body: string | Uint8Array) => {
      const bytes = typeof body === "string" ? Buffer.from(body) : body;
      const policy = type.startsWith("text/html") ? PAGE_POLICY : {};
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        ...policy,
        "Content-Type": type,
        "Content-Length": bytes.length,
      });
      res.end(req.method === "HEAD" ? undefined : bytes);
    };
    switch (url.pathname) {
      case "/":
        send("text/html; charset=utf-8", page(this.lang));
        return;
      case "/preview.js":
        send("text/javascript; charset=utf-8", script(this.lang));
        return;
      case "/preview.css":
        send("text/css; charset=utf-8", CSS);
        return;
      case "/state.json":
        send("application/json; charset=utf-8", stateJson(this.state()));
        return;
      case "/events": {
        res.writeHead(200, {
          ...SECURITY_HEADERS,
          "Content-Type": "text/event-stream; charset=utf-8",
          Connection: "keep-alive",
        });
        if (req.method === "HEAD") {
          res.end();
          return;
        }
        res.write(`retry: 1000\n\n`);
        this.clients.add(res);
        req.on("close", () => this.clients.delete(res));
        return;
      }
    }
    const pdf = /^\/pdf\/([0-9]{1,9})$/.exec(url.pathname);
    const sheet = pdf ? this.state().sheets.find((s) => s.id === Number(pdf[1])) : undefined;
    if (sheet?.pdf) {
      res.setHeader("Content-Disposition", "inline");
      send("application/pdf", sheet.pdf.bytes);
      return;
    }
    res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("not found\n");
  }
}
