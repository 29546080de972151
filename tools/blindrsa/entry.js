// Speak-up tokens in the browser: RFC 9474 blind RSA (RSABSSA-SHA384-PSS-Randomized) with
// Cloudflare's @cloudflare/blindrsa-ts. Built by `make blindrsa` into upstream/static/upstream/blindrsa.js.
//
// Obtaining (signed in): pick random messages, blind them, send only the blinded numbers, unblind
// the answers. The server never sees a token. Tokens are kept in this browser (localStorage) and
// shown as codes to copy. Writing (no account): a saved code fills the form; a used code is removed.
// Every sentence a person reads comes from the page (translated there), not from this file.
//
// Where codes are kept. `/speak/tokens/` keeps them under the label the page gives (`data-store`, a
// keyed hash of the account, never the account), so on a computer colleagues share, the next one to
// sign in neither sees nor spends them. The writing page reads no session and cannot know who
// writes, so it offers only the device's codes: those got with "this phone or computer is mine
// alone" ticked, and those saved before codes were kept per account (nobody can tell whose those
// are; before the choice existed, a browser's codes were offered to whoever wrote in it). A survey's
// code page gives a label of its own for the account's survey codes (another keyed hash, same
// prefix); the survey answering page offers no saved code, it only has a used one dropped. A used
// code, concern or survey, leaves every store. A page with no label would use the old shared store.
import { RSABSSA } from "@cloudflare/blindrsa-ts";

const STORE = "upstream.speakup.v1"; // shared by the whole browser: before codes were kept per account
const DEVICE = "upstream.speakup.device"; // codes the person chose to have offered on the writing page
const ACCOUNT_PREFIX = "upstream.speakup.v2.";
const PENDING = "upstream.speakup.pending";
const suite = RSABSSA.SHA384.PSS.Randomized();

function b64u(bytes) {
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function unb64u(text) {
  const plain = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
  return Uint8Array.from(plain, (c) => c.charCodeAt(0));
}

function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

const isConcern = (t) => (t.purpose || "concern") === "concern";
const isSurvey = (t) => String(t.purpose || "").startsWith("wave:");
// The kind of code a page gets: its old shared codes of that kind are the ones it speaks of and removes.
const sameKind = (root) => (isSurvey({ purpose: root.dataset.purpose }) ? isSurvey : isConcern);

// Saved codes, without those past their use-by day (the server would refuse them anyway).
function load(store = STORE) {
  try {
    const saved = JSON.parse(localStorage.getItem(store) || "[]");
    if (!Array.isArray(saved)) return [];
    return saved.filter((t) => t && typeof t.code === "string" && (!t.useBy || t.useBy >= today()));
  } catch {
    return [];
  }
}

function save(tokens, store = STORE) {
  if (tokens.length) localStorage.setItem(store, JSON.stringify(tokens));
  else localStorage.removeItem(store);
}

const storeOf = (root) => root.dataset.store || STORE;

// A used code is no use anywhere: drop it from every store that holds it, whoever's it is.
function forget(code) {
  const stores = [];
  for (let i = 0; i < localStorage.length; i += 1) {
    const name = localStorage.key(i);
    if (name === STORE || name === DEVICE || name.startsWith(ACCOUNT_PREFIX)) stores.push(name);
  }
  for (const store of stores) {
    const tokens = load(store);
    if (tokens.some((t) => t.code === code)) save(tokens.filter((t) => t.code !== code), store);
  }
}

// What the writing page offers: the device's codes and the old shared ones, each once.
function deviceCodes() {
  const seen = new Set();
  return [...load(DEVICE), ...load(STORE)].filter((t) => isConcern(t) && !seen.has(t.code) && seen.add(t.code));
}

function message(root, name) {
  return root.dataset["msg" + name[0].toUpperCase() + name.slice(1)] || name;
}

function say(root, text, kind) {
  const box = root.querySelector("[data-status]");
  if (!box) return;
  box.hidden = false;
  box.className = kind;
  box.textContent = text;
}

function csrfToken() {
  try {
    return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
  } catch {
    return "";
  }
}

function renderList(root, tokens, { useButtons = false } = {}) {
  const list = root.querySelector("[data-token-list]");
  if (!list) return;
  list.replaceChildren();
  const empty = root.querySelector("[data-token-empty]");
  if (empty) empty.hidden = tokens.length > 0;
  tokens.forEach((token, index) => {
    const item = document.createElement("li");
    item.className = "token";
    const label = document.createElement("p");
    label.className = "hint";
    label.textContent = message(root, "label")
      .replace("{n}", String(index + 1))
      .replace("{purpose}", token.purpose || "concern")
      .replace("{useBy}", token.useBy || "?");
    const code = document.createElement("code");
    code.className = "token-code";
    code.id = `speakup-code-${index + 1}`;
    code.textContent = token.code;
    const row = document.createElement("div");
    row.className = "actions-row";
    const copy = document.createElement("button");
    copy.type = "button";
    copy.className = "secondary";
    copy.dataset.copy = `#${code.id}`;
    copy.textContent = message(root, "copy");
    row.append(copy);
    if (useButtons) {
      const use = document.createElement("button");
      use.type = "button";
      use.textContent = message(root, "use");
      use.addEventListener("click", () => {
        const field = root.querySelector("[data-token-field]");
        field.value = token.code;
        field.focus();
      });
      row.prepend(use);
    }
    item.append(label, code, row);
    list.append(item);
  });
}

// After codes are made: the count the server still gives, no choice above it, and once none is
// left, no count and no button (the server would refuse them) but the page's sentence saying so.
function settleAllowance(root, remaining) {
  if (typeof remaining !== "number") return;
  const left = root.querySelector("[data-remaining]");
  if (left) left.textContent = String(remaining);
  const select = root.querySelector("[data-count]");
  if (select && select.options) {
    for (const option of Array.from(select.options)) if (Number(option.value) > remaining) option.remove();
  }
  if (remaining > 0) return;
  root.querySelectorAll("[data-obtain], [data-while-allowed]").forEach((element) => {
    element.hidden = true;
  });
  const used = root.querySelector("[data-when-used]");
  if (used) {
    used.hidden = false;
    used.focus(); // the button that had the focus is gone
  }
}

async function obtain(root, button) {
  if (!window.crypto || !window.crypto.subtle) {
    say(root, message(root, "insecure"), "danger");
    return;
  }
  const count = Number(root.querySelector("[data-count]")?.value || root.dataset.count || 1);
  button.disabled = true;
  say(root, message(root, "working"), "notice");
  try {
    const publicKey = await crypto.subtle.importKey(
      "spki",
      unb64u(root.dataset.publicKey),
      { name: "RSA-PSS", hash: "SHA-384" },
      true,
      ["verify"],
    );
    const pending = [];
    for (let i = 0; i < count; i += 1) {
      const prepared = suite.prepare(crypto.getRandomValues(new Uint8Array(32)));
      const { blindedMsg, inv } = await suite.blind(publicKey, prepared);
      pending.push({ prepared, blindedMsg, inv });
    }
    const response = await fetch(root.dataset.issueUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({
        purpose: root.dataset.purpose,
        key_id: root.dataset.keyId,
        blinded_messages: pending.map((p) => b64u(p.blindedMsg)),
      }),
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
      say(root, answer.detail || message(root, "failed"), "danger");
      return;
    }
    const tokens = load(storeOf(root));
    const made = [];
    for (let i = 0; i < pending.length; i += 1) {
      const signature = await suite.finalize(
        publicKey,
        pending[i].prepared,
        unb64u(answer.blind_signatures[i]),
        pending[i].inv,
      );
      const whole = new Uint8Array(pending[i].prepared.length + signature.length);
      whole.set(pending[i].prepared);
      whole.set(signature, pending[i].prepared.length);
      made.push({ code: b64u(whole), purpose: root.dataset.purpose, useBy: answer.use_by });
    }
    tokens.push(...made);
    save(tokens, storeOf(root));
    if (root.dataset.store && root.querySelector("[data-device]")?.checked) save([...load(DEVICE), ...made], DEVICE);
    renderList(root, tokens);
    say(root, message(root, "done").replace("{n}", String(pending.length)), "success");
    settleAllowance(root, answer.remaining);
  } catch (error) {
    say(root, message(root, "failed"), "danger");
    console.error(error);
  } finally {
    button.disabled = false;
  }
}

// Codes saved before each account's were kept apart: not listed on a page that has a label (they
// cannot be told to be this person's), but said to be there, and removed with "Remove all"; each
// page only those of its kind (survey codes on a survey's page, concern codes on /speak/tokens/).
function legacyCodes(root) {
  return root.dataset.store ? load(STORE).filter(sameKind(root)) : [];
}

function showLegacy(root) {
  const note = root.querySelector("[data-legacy-note]");
  if (note) note.hidden = legacyCodes(root).length === 0;
}

function forgetAll(root) {
  const store = storeOf(root);
  if (!root.dataset.store) {
    save([]);
    return;
  }
  const mine = new Set(load(store).map((t) => t.code));
  localStorage.removeItem(store);
  save(load(DEVICE).filter((t) => !mine.has(t.code)), DEVICE);
  const kind = sameKind(root);
  save(load(STORE).filter((t) => !kind(t)));
}

function setUpIssuing(root) {
  renderList(root, load(storeOf(root)));
  showLegacy(root);
  const button = root.querySelector("[data-obtain]");
  if (button) {
    button.hidden = false;
    button.addEventListener("click", () => obtain(root, button));
  }
  root.querySelector("[data-forget-all]")?.addEventListener("click", () => {
    const question = legacyCodes(root).length ? "confirmForgetLegacy" : "confirmForget";
    if (!window.confirm(message(root, question))) return;
    forgetAll(root);
    renderList(root, []);
    showLegacy(root);
  });
}

function setUpWriting(root) {
  renderList(root, deviceCodes(), { useButtons: true });
  const form = root.querySelector("form");
  form?.addEventListener("submit", () => {
    const field = root.querySelector("[data-token-field]");
    if (field && field.value.trim()) sessionStorage.setItem(PENDING, field.value.replace(/\s+/g, ""));
  });
}

function settleSpent() {
  // The server said the code was used (now or before): it is no use any more, so drop it.
  const code = sessionStorage.getItem(PENDING);
  if (code) forget(code);
  sessionStorage.removeItem(PENDING);
}

function start() {
  if (document.querySelector("[data-speakup-spent]")) settleSpent();
  document.querySelectorAll("[data-speakup-issue]").forEach(setUpIssuing);
  document.querySelectorAll("[data-speakup-write]").forEach(setUpWriting);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
