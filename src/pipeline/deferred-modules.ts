/**
 * Modules the renderers' libraries require when they load but that a build's sheets do not use, loaded only if
 * something does use them: fontkit's WOFF2 decompressor (brotli), pdfkit's encryption (@noble/hashes,
 * @noble/ciphers; its MD5 makes every document's ID, so it stays) and PNG decoder, pdfmake's SVG parser
 * (xmldoc), exceljs's CSV reader and writer (fast-csv, dayjs) and its zip library (JSZip, with pako: hyoka
 * zips the workbooks itself, see render-xlsx/package.ts). Each build worker loads its renderers once, and a
 * build starts one worker per core: measured, three runs each, loading them took 367–400 ms of CPU, and
 * 309–330 ms with these deferred.
 *
 * How: the worker replaces each such `require` (named here with the library that makes it) by a stand-in that
 * loads the module on first use (a call, `new`, or reading a property) and forwards to it from then on. The
 * libraries only touch these modules inside the functions that need them, so nothing else changes: the forms'
 * PDFs and workbooks are the same bytes.
 *
 * Why a patch of `Module._load`: it is where a CommonJS `require` is answered, and these requests are made
 * inside the libraries. Installed in the build's workers only (worker.ts).
 */
import Module from "node:module";

interface Deferred {
  /** The library whose `require` is deferred: a path fragment of the requiring file. */
  from: string;
  /** What the module exports: a stand-in must be callable (and constructible) when the module is. */
  kind: "function" | "object";
}

const DEFERRED: Readonly<Record<string, Deferred>> = {
  "brotli/decompress.js": { from: "/node_modules/fontkit/", kind: "function" },
  "@noble/hashes/utils": { from: "/node_modules/pdfkit/", kind: "object" },
  "@noble/hashes/sha2": { from: "/node_modules/pdfkit/", kind: "object" },
  "@noble/ciphers/aes": { from: "/node_modules/pdfkit/", kind: "object" },
  "png-js": { from: "/node_modules/pdfkit/", kind: "function" },
  xmldoc: { from: "/node_modules/pdfmake/", kind: "object" },
  "../csv/csv": { from: "/node_modules/exceljs/lib/doc/", kind: "function" },
  jszip: { from: "/node_modules/exceljs/lib/", kind: "function" },
};

type Load = (request: string, parent: { filename?: string | null } | null, isMain: boolean) => unknown;

/** A stand-in for a module, loading it with `load` when first used. */
export function deferredModule(load: () => unknown, kind: Deferred["kind"]): unknown {
  let loaded: object | undefined;
  const real = () => {
    loaded ??= load() as object;
    return loaded;
  };
  // biome-ignore lint/complexity/useArrowFunction: a stand-in for a constructor must be constructible.
  const target = kind === "function" ? function () {} : {};
  // Everything a module's user does to it goes to the module: reading, writing (a function called on the
  // stand-in gets the stand-in as `this`), calling and `new`.
  return new Proxy(target, {
    get: (_, key) => Reflect.get(real(), key),
    set: (_, key, value) => Reflect.set(real(), key, value),
    has: (_, key) => Reflect.has(real(), key),
    apply: (_, self, args) => Reflect.apply(real() as (...a: unknown[]) => unknown, self, args),
    construct: (_, args) => Reflect.construct(real() as new (...a: unknown[]) => object, args),
  });
}

const INSTALLED = Symbol.for("hyoka.deferredModules");

/** Installs the deferral for this thread's `require`s. Idempotent. */
export function deferUnusedModules(): void {
  const loader = Module as unknown as { _load: Load; [INSTALLED]?: true };
  if (loader[INSTALLED]) return;
  const load = loader._load;
  loader._load = function deferringLoad(this: unknown, request, parent, isMain) {
    const deferred = DEFERRED[request];
    const from = parent?.filename?.replaceAll("\\", "/") ?? "";
    if (!deferred || !from.includes(deferred.from)) return load.call(this, request, parent, isMain);
    return deferredModule(() => load.call(this, request, parent, isMain), deferred.kind);
  };
  loader[INSTALLED] = true;
}
