// The Privshare link page (server_stub/LINKS.md): opens BASE/l/ID#KEY in the browser.
// WebCrypto only: HKDF, PBKDF2-SHA-256, AES-256-GCM, ECDH P-256. No other code, no CDN.
// The key in the fragment never leaves this page; the server gets only derived values.
"use strict";

(() => {
  const MIN_ITERATIONS = 600000;      // LINKS.md §2: the floor the page refuses to go below
  const MEMORY_LIMIT = 512 * 1024 * 1024;  // larger files need the File System Access API
  const DROP_CHUNK = 1024 * 1024;     // chunk size of files dropped into a request
  const FETCH_AHEAD = 4;              // block requests in flight while downloading
  const enc = new TextEncoder();
  const subtle = crypto.subtle;
  const $ = (id) => document.getElementById(id);

  class LinkError extends Error {}

  function b64u(bytes) {
    let text = "";
    for (const b of bytes) text += String.fromCharCode(b);
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function unb64u(text, size) {
    if (typeof text !== "string" || !/^[A-Za-z0-9_-]*$/.test(text)) throw new LinkError("bad");
    const raw = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    const out = Uint8Array.from(raw, (c) => c.charCodeAt(0));
    if (size !== undefined && out.length !== size) throw new LinkError("bad");
    return out;
  }

  function concat(...parts) {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) { out.set(p, at); at += p.length; }
    return out;
  }

  function u64(n) {
    const out = new Uint8Array(8);
    new DataView(out.buffer).setBigUint64(0, BigInt(n));
    return out;
  }

  function sizeText(n) {
    const units = ["bytes", "KiB", "MiB", "GiB"];
    let i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return (i === 0 ? n : n.toFixed(1)) + " " + units[i];
  }

  function show(text, state) {
    const status = $("status");
    status.textContent = text;
    status.className = state === "error" ? "error" : "";
    if (state) document.body.dataset.state = state;
  }

  async function hkdf(ikm, info, bits = 256, salt = new Uint8Array()) {
    const key = await subtle.importKey("raw", ikm, "HKDF", false, ["deriveBits"]);
    const out = await subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt, info }, key, bits);
    return new Uint8Array(out);
  }

  async function aesKey(raw, usage) {
    return subtle.importKey("raw", raw, "AES-GCM", false, [usage]);
  }

  // LINKS.md §2
  async function linkKeys(linkId, key, password, info) {
    let master = key;
    if (password !== null) {
      if (!(info.iterations >= MIN_ITERATIONS)) {
        throw new LinkError("The server asked for a weak password setting; the page refuses it.");
      }
      const material = await subtle.importKey(
        "raw", enc.encode(password.normalize("NFC")), "PBKDF2", false, ["deriveBits"]);
      const stretched = new Uint8Array(await subtle.deriveBits(
        { name: "PBKDF2", hash: "SHA-256", salt: unb64u(info.salt, 16), iterations: info.iterations },
        material, 256));
      master = await hkdf(concat(key, stretched), enc.encode("privshare/v1/link/password"));
    }
    const id = enc.encode(linkId);
    return {
      access: await hkdf(master, concat(enc.encode("privshare/v1/link/access"), id)),
      manifestKey: await hkdf(master, concat(enc.encode("privshare/v1/link/manifest"), id)),
    };
  }

  async function api(path, options = {}) {
    const response = await fetch(path, { credentials: "omit", cache: "no-store", ...options });
    if (response.ok) return response;
    let answer = {};
    try { answer = await response.json(); } catch (e) { /* a plain error page */ }
    const error = new LinkError(answer.message || "The server refused (" + response.status + ").");
    error.code = answer.error;
    error.retryAfter = Number(response.headers.get("Retry-After") || 0);
    throw error;
  }

  const GONE = {
    "expired": "This link has expired.",
    "revoked": "This link was revoked by the person who shared it.",
    "used-up": "This link has reached its download limit.",
    "not-found": "There is no such link on this server.",
  };

  function explain(error, hasPassword) {
    if (error.code === "wrong-key") {
      return hasPassword ? "Wrong password (or the link was copied incompletely)."
        : "The key in this link is wrong: check that the whole link was copied.";
    }
    if (error.code === "throttled") {
      const minutes = Math.max(1, Math.ceil(error.retryAfter / 60));
      return "Too many wrong attempts. Try again in " + minutes + " minute(s).";
    }
    if (GONE[error.code]) return GONE[error.code];
    if (error instanceof LinkError) return error.message;
    return "Something went wrong: " + error.message;
  }

  // LINKS.md §3
  async function openManifest(linkId, keys, sealed) {
    if (sealed.length < 29 || sealed[0] !== 1) throw new LinkError("damaged");
    const aad = concat(new Uint8Array([1]), enc.encode("privshare/v1/link/manifest"), enc.encode(linkId));
    const key = await aesKey(keys.manifestKey, "decrypt");
    let body;
    try {
      body = await subtle.decrypt(
        { name: "AES-GCM", iv: sealed.subarray(1, 13), additionalData: aad }, key, sealed.subarray(13));
    } catch (e) {
      throw new LinkError("This link does not open: its key is wrong or the server changed its data.");
    }
    const manifest = JSON.parse(new TextDecoder().decode(body));
    if (manifest.v !== 1) throw new LinkError("This link was made by a newer Privshare.");
    return manifest;
  }

  // FORMAT.md §3: one chunk, checked in the spec's order
  async function openBlock(file, key, index, block) {
    const bad = () => new LinkError("The file did not verify: the server sent damaged or changed data. Nothing was saved.");
    if (block.length < 26 || block[0] !== 1) throw bad();
    const flags = block[9];
    if (flags !== 0 && flags !== 1) throw bad();
    const header = new DataView(block.buffer, block.byteOffset, 10);
    const claimed = header.getBigUint64(1);
    const nonce = concat(new Uint8Array(3), block.subarray(1, 9), new Uint8Array([flags]));
    const aad = concat(new Uint8Array([1]), unb64u(file.vid, 16), block.subarray(1, 9), new Uint8Array([flags]));
    let plain;
    try {
      plain = new Uint8Array(await subtle.decrypt(
        { name: "AES-GCM", iv: nonce, additionalData: aad }, key, block.subarray(10)));
    } catch (e) {
      throw bad();
    }
    const last = flags === 1;
    if (claimed !== BigInt(index) || last !== (index === file.count - 1)) throw bad();
    if (plain.length !== file.chunk && !(last && (plain.length > 0 || index === 0))) throw bad();
    return plain;
  }

  // The blocks in order, up to FETCH_AHEAD requests running ahead of the one decrypted.
  async function* fileChunks(session, number, file) {
    const key = await aesKey(unb64u(file.key, 32), "decrypt");
    const fetchBlock = (i) => {
      const pending = api(`/l/${session.linkId}/b/${number}/${i}`,
        { headers: { "X-Link-Grant": session.grant } }).then((r) => r.arrayBuffer());
      pending.catch(() => {});  // awaited in order below; an early failure ends the loop
      return pending;
    };
    const ahead = [];
    let next = 0;
    let total = 0;
    for (let i = 0; i < file.count; i++) {
      while (next < file.count && ahead.length < FETCH_AHEAD) ahead.push(fetchBlock(next++));
      const plain = await openBlock(file, key, i, new Uint8Array(await ahead.shift()));
      total += plain.length;
      yield plain;
      show("Downloading " + baseName(file.path) + ": " + sizeText(total) + " of " + sizeText(file.size), "busy");
    }
    if (total !== file.size) throw new LinkError("The file did not verify (its size). Nothing was saved.");
  }

  function baseName(path) {
    const name = path.split("/").pop() || "download";
    return name.replace(/[\\/:*?"<>|\x00-\x1f]/g, "_");
  }

  async function download(session, number, file, writable) {
    try {
      if (writable) {  // streamed to disk; abort() discards what was written
        try {
          for await (const plain of fileChunks(session, number, file)) await writable.write(plain);
          await writable.close();
        } catch (error) {
          await writable.abort();
          throw error;
        }
      } else {
        const parts = [];
        for await (const plain of fileChunks(session, number, file)) parts.push(plain);
        const url = URL.createObjectURL(new Blob(parts, { type: "application/octet-stream" }));
        const anchor = document.createElement("a");
        anchor.href = url;
        anchor.download = baseName(file.path);
        document.body.appendChild(anchor);
        anchor.click();
        anchor.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60000);
      }
      show("Saved " + baseName(file.path) + " (" + sizeText(file.size) + ").", "done");
      return true;
    } catch (error) {
      show(explain(error, session.hasPassword), "error");
      return false;
    }
  }

  // A folder's files one after the other; those too large for memory need their own click.
  function offerAll(session, manifest) {
    const button = document.createElement("button");
    button.type = "button";
    button.id = "download-all";
    button.textContent = "Download all";
    button.addEventListener("click", async () => {
      button.disabled = true;
      let saved = 0;
      for (const [number, file] of manifest.files.entries()) {
        if (file.size > MEMORY_LIMIT) continue;
        if (!(await download(session, number, file, null))) break;
        saved++;
      }
      if (saved === manifest.files.length) show("Saved all " + saved + " files.", "done");
      else if (document.body.dataset.state !== "error") {
        show("Saved " + saved + " files; download the larger ones one by one.", "done");
      }
      button.disabled = false;
    });
    $("files").before(button);
  }

  function listFiles(session, manifest) {
    $("title").textContent = manifest.type === "folder"
      ? "Folder “" + manifest.name + "”: " + manifest.files.length + " file(s)" : manifest.name;
    const list = $("files");
    manifest.files.forEach((file, number) => {
      const item = document.createElement("li");
      const label = document.createElement("span");
      label.textContent = file.path + " ";
      const size = document.createElement("span");
      size.className = "size";
      size.textContent = sizeText(file.size);
      label.appendChild(size);
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = "Download";
      button.dataset.file = String(number);
      button.addEventListener("click", async () => {
        let writable = null;
        if (file.size > MEMORY_LIMIT) {
          if (!window.showSaveFilePicker) {
            show("This file is larger than " + sizeText(MEMORY_LIMIT) + ", which this browser can only hold in memory: use Chrome or Edge, or the Privshare app.", "error");
            return;
          }
          try {
            const handle = await window.showSaveFilePicker({ suggestedName: baseName(file.path) });
            writable = await handle.createWritable();
          } catch (e) {
            return;  // the person cancelled the dialog
          }
        }
        button.disabled = true;
        await download(session, number, file, writable);
        button.disabled = false;
      });
      item.append(label, button);
      list.appendChild(item);
    });
    if (manifest.files.length > 1) offerAll(session, manifest);
    show(manifest.files.length === 1 ? "Ready to download." : "Ready: download the files one by one, or all.", "ready");
  }

  // LINKS.md §4
  async function dropFile(session, manifest, file) {
    const requestKey = await subtle.importKey(
      "raw", unb64u(manifest.requestKey, 65), { name: "ECDH", namedCurve: "P-256" }, false, []);
    const ephemeral = await subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, false, ["deriveBits"]);
    const epub = new Uint8Array(await subtle.exportKey("raw", ephemeral.publicKey));
    const shared = new Uint8Array(await subtle.deriveBits(
      { name: "ECDH", public: requestKey }, ephemeral.privateKey, 256));
    const id = enc.encode(session.linkId);
    const keys = await hkdf(shared, concat(enc.encode("privshare/v1/link/drop"), id), 512, epub);
    const headerKey = await aesKey(keys.subarray(0, 32), "encrypt");
    const contentKey = await aesKey(keys.subarray(32, 64), "encrypt");
    const vid = crypto.getRandomValues(new Uint8Array(16));
    const count = Math.max(1, Math.ceil(file.size / DROP_CHUNK));
    const body = enc.encode(JSON.stringify({
      v: 1, name: file.name, size: file.size, mime: file.type || "application/octet-stream",
      chunk: DROP_CHUNK, count, vid: b64u(vid) }));
    const nonce = crypto.getRandomValues(new Uint8Array(12));
    const sealed = new Uint8Array(await subtle.encrypt(
      { name: "AES-GCM", iv: nonce, additionalData: concat(new Uint8Array([1]), id, epub) }, headerKey, body));
    const grant = { "X-Link-Grant": session.grant };
    const started = await api(`/l/${session.linkId}/drops`, {
      method: "POST", headers: grant, body: concat(new Uint8Array([1]), epub, nonce, sealed) });
    const drop = (await started.json()).drop;
    for (let i = 0; i < count; i++) {
      const flags = i === count - 1 ? 1 : 0;
      const chunk = new Uint8Array(await file.slice(i * DROP_CHUNK, (i + 1) * DROP_CHUNK).arrayBuffer());
      const head = concat(new Uint8Array([1]), u64(i), new Uint8Array([flags]));
      const iv = concat(new Uint8Array(3), u64(i), new Uint8Array([flags]));
      const aad = concat(new Uint8Array([1]), vid, u64(i), new Uint8Array([flags]));
      const ciphertext = new Uint8Array(await subtle.encrypt(
        { name: "AES-GCM", iv, additionalData: aad }, contentKey, chunk));
      await api(`/l/${session.linkId}/drops/${drop}/${i}`,
        { method: "PUT", headers: grant, body: concat(head, ciphertext) });
      show("Sending " + file.name + ": " + (i + 1) + " of " + count + " parts", "busy");
    }
    await api(`/l/${session.linkId}/drops/${drop}/done`, {
      method: "POST", headers: { ...grant, "Content-Type": "application/json" },
      body: JSON.stringify({ count }) });
  }

  function offerDrop(session, manifest) {
    $("title").textContent = "Send files for “" + manifest.name + "”";
    $("drop").hidden = false;
    $("send").addEventListener("click", async () => {
      const files = Array.from($("drop-files").files);
      if (files.length === 0) { show("Choose at least one file first.", "error"); return; }
      $("send").disabled = true;
      try {
        for (const file of files) await dropFile(session, manifest, file);
        show("Sent " + files.length + " file(s). Only the person who asked can open them.", "done");
      } catch (error) {
        show(explain(error, false), "error");
      } finally {
        $("send").disabled = false;
      }
    });
    show("Ready to send.", "ready");
  }

  async function unlock(linkId, key, info, password) {
    const keys = await linkKeys(linkId, key, password, info);
    const response = await api(`/l/${linkId}/open`, {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ access: b64u(keys.access) }) });
    const opened = await response.json();
    const manifest = await openManifest(linkId, keys, unb64u(opened.manifest));
    const session = { linkId, grant: opened.grant, hasPassword: password !== null };
    if (manifest.type === "request") offerDrop(session, manifest);
    else listFiles(session, manifest);
  }

  async function start() {
    const match = /^\/l\/([A-Za-z0-9_-]{22})$/.exec(location.pathname);
    const fragment = location.hash.slice(1);
    if (!match || !/^[A-Za-z0-9_-]{43}$/.test(fragment)) {
      show("This link is incomplete: the part after “#” is missing or cut short. Copy the whole link.", "error");
      return;
    }
    const linkId = match[1];
    const key = unb64u(fragment, 32);
    let info;
    try {
      info = await (await api(`/l/${linkId}/info`)).json();
    } catch (error) {
      show(explain(error, false), "error");
      return;
    }
    if (!info.password) {
      try { await unlock(linkId, key, info, null); } catch (error) { show(explain(error, false), "error"); }
      return;
    }
    const form = $("password-form");
    form.hidden = false;
    show("Enter the password you were given.", "password");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      $("unlock").disabled = true;
      show("Checking the password…", "busy");
      try {
        await unlock(linkId, key, info, $("password").value);
        form.hidden = true;
      } catch (error) {
        show(explain(error, true), "error");
      } finally {
        $("unlock").disabled = false;
      }
    });
  }

  start();
})();
