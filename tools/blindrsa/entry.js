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
//
// Which survey a code is for. A survey's code page gives its wave's title and closing day
// (`data-wave-title`, `data-wave-closes`), kept beside the code the moment it is made, in this browser
// only: the server is never told which codes a browser holds. A code saved before codes kept their
// survey is named only if it is this page's own wave (its purpose is the wave's); otherwise it is
// listed as "survey not recorded", never guessed. A survey code whose wave has closed is kept and
// said to be closed, with a button to remove it, rather than dropped without a word.
//
// Whether a survey code's wave is still open is the server's to say, not the device's date (a day
// off across time zones, and blind to a wave the office cancelled early): the code page lists every
// wave the person was invited to, with its state today and its last day (`data-wave-states`, the
// id of a JSON script element). It is the whole set a code of theirs could be for, the same whatever
// codes this browser holds, so the server still learns nothing. A code of a wave the list does not
// name (none can be, but a wave may be deleted) falls back on what was kept with it and this
// device's date.
//
// Carrying a code to a phone. On the codes pages a code can be shown as a QR code of the page that
// takes it, with the code after `#code=`: the writing page (`data-write-url`) for a concern code, its
// wave's answering page for a survey code. A phone's camera opens the page with the code filled in. The part after # never leaves the phone (browsers do not send it),
// and the writing page removes it from the address and its history entry at once. Copying 430
// characters to a phone by hand was the only way before (or mailing them to oneself, which leaves
// the code in a mailbox).
import { RSABSSA } from "@cloudflare/blindrsa-ts";
import qrcode from "qrcode-generator";

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

// The last day a survey code can be used, as kept with it: its wave's closing day (its use-by day).
const closesOf = (t) => (typeof t.closes === "string" && t.closes) || t.useBy || "";

// The page's list of waves, as the server judges them today, by purpose ("wave:<id>").
const statesOf = new WeakMap();

function waveStates(root) {
  if (!statesOf.has(root)) {
    const states = new Map();
    const element = root.dataset.waveStates && document.getElementById(root.dataset.waveStates);
    try {
      const list = element ? JSON.parse(element.textContent) : [];
      for (const wave of Array.isArray(list) ? list : []) states.set(wave.purpose, wave);
    } catch {
      // No list: every code falls back on what was kept with it.
    }
    statesOf.set(root, states);
  }
  return statesOf.get(root);
}

// A survey code's wave: its title as kept with the code, its last day and its state ("open",
// "closed" or "cancelled"), the last two the server's where the page gives them.
function waveOf(root, token) {
  const known = waveStates(root).get(token.purpose);
  const kept = typeof token.survey === "string" ? token.survey : "";
  if (known) return { title: kept, closes: known.closes_on, state: known.state };
  const closes = closesOf(token);
  return { title: kept, closes, state: closes !== "" && closes < today() ? "closed" : "open" };
}

// A survey code that can no longer be used, on a page that says so (a survey's code page).
const isClosed = (root, t) => isSurvey(t) && Boolean(root.dataset.msgSurvey) && waveOf(root, t).state !== "open";

// Saved codes, without concern codes past their use-by day (the server would refuse them anyway).
// Survey codes of a closed wave stay until the person removes them: their page says they are closed.
function load(store = STORE) {
  try {
    const saved = JSON.parse(localStorage.getItem(store) || "[]");
    if (!Array.isArray(saved)) return [];
    return saved.filter(
      (t) => t && typeof t.code === "string" && (!t.useBy || t.useBy >= today() || isSurvey(t)),
    );
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

// A day as a person reads it in the page's language and in the server's order ("20 Dec", as Django's
// "j M" beside it; the year too when it is not this one). An English browser wrote "Dec 20" under
// the page's "until 20 Dec" (a walk).
function day(iso) {
  const [year, month, date] = String(iso).split("-").map(Number);
  if (!year || !month || !date) return iso || "?";
  const options = { day: "numeric", month: "short", timeZone: "UTC" };
  if (year !== new Date().getFullYear()) options.year = "numeric";
  try {
    const format = new Intl.DateTimeFormat(document.documentElement.lang || undefined, options);
    return dayFirst(format, new Date(Date.UTC(year, month - 1, date)));
  } catch {
    return iso;
  }
}

// The day before the month, as the pages' own sentences write them, where Intl puts the month first.
function dayFirst(format, when) {
  const parts = format.formatToParts(when);
  const part = (type) => parts.find((p) => p.type === type)?.value;
  if (parts.findIndex((p) => p.type === "month") < parts.findIndex((p) => p.type === "day")) {
    return [part("day"), part("month"), part("year")].filter(Boolean).join(" ");
  }
  return format.format(when);
}

// A concern code's use-by day as the page's own sentence writes it (Django's "j F Y", "work until
// about 3 February 2027"): day, month in words, year, in the page's language ("3 de febrero de
// 2027"). The list said "use by Feb 3, 2027" under that sentence. A language whose own order puts
// the month first (English as Intl writes it) gets the page's day-month-year order.
function longDay(iso) {
  const [year, month, date] = String(iso).split("-").map(Number);
  if (!year || !month || !date) return iso || "?";
  const options = { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" };
  try {
    const format = new Intl.DateTimeFormat(document.documentElement.lang || undefined, options);
    return dayFirst(format, new Date(Date.UTC(year, month - 1, date)));
  } catch {
    return iso;
  }
}

// What a listed code says: a survey code names its survey and when it closes (or that it closed),
// on a page that gives those sentences; any other code, its number and use-by day.
function labelOf(root, token, index) {
  if (isSurvey(token) && root.dataset.msgSurvey) {
    const wave = waveOf(root, token);
    const name = wave.title ? "survey" : "unrecorded";
    const suffix = { open: "", closed: "Closed", cancelled: "Cancelled" }[wave.state] ?? "Closed";
    return message(root, name + suffix)
      .replace("{survey}", () => wave.title)
      .replace("{closes}", () => day(wave.closes));
  }
  return message(root, "label")
    .replace("{n}", String(index + 1))
    .replace("{purpose}", token.purpose || "concern")
    // In the page's language and in the words of the page's "work until about" sentence.
    .replace("{useBy}", () => longDay(token.useBy));
}

function removeOne(root, token) {
  const store = storeOf(root);
  save(load(store).filter((t) => t.code !== token.code), store);
  renderList(root, load(store));
  say(root, message(root, "removed"), "success");
  const box = root.querySelector("[data-status]");
  if (box) {
    box.tabIndex = -1; // the button that had the focus is gone
    box.focus();
  }
}

function renderList(root, tokens, { useButtons = false } = {}) {
  const list = root.querySelector("[data-token-list]");
  if (!list) return;
  list.replaceChildren();
  const empty = root.querySelector("[data-token-empty]");
  if (empty) empty.hidden = tokens.length > 0;
  tokens.forEach((token, index) => {
    const closed = isClosed(root, token);
    const item = document.createElement("li");
    item.className = closed ? "token closed" : "token";
    const label = document.createElement("p");
    label.className = closed ? "danger" : "hint";
    label.id = `speakup-label-${index + 1}`;
    label.textContent = labelOf(root, token, index);
    const code = document.createElement("code");
    code.className = "token-code";
    code.id = `speakup-code-${index + 1}`;
    code.textContent = token.code;
    const row = document.createElement("div");
    row.className = "actions-row";
    if (closed) {
      // No use any more: nothing to copy, only to remove.
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "secondary";
      remove.textContent = message(root, "remove");
      remove.setAttribute("aria-describedby", label.id);
      remove.addEventListener("click", () => removeOne(root, token));
      row.append(remove);
      item.append(label, code, row);
      list.append(item);
      return;
    }
    const copy = document.createElement("button");
    copy.type = "button";
    copy.className = "secondary";
    copy.dataset.copy = `#${code.id}`;
    copy.textContent = message(root, "copy");
    copy.setAttribute("aria-describedby", label.id);
    row.append(copy);
    // A survey code, on a survey's code page: a link to the page that answers its own wave.
    const wave = isSurvey(token) && /^wave:([0-9]+)$/.exec(token.purpose);
    let answerUrl = "";
    if (wave && root.dataset.answerUrl) {
      answerUrl = root.dataset.answerUrl.replace(/\/0\/with-code\/$/, `/${wave[1]}/with-code/`);
      const answer = document.createElement("a");
      answer.href = answerUrl;
      answer.className = "button secondary";
      answer.textContent = message(root, "answer");
      answer.setAttribute("aria-describedby", label.id);
      row.append(answer);
    }
    // The page a phone opens with the code: the writing page for a concern code, its wave's
    // answering page for a survey code (both fill their code box from the address).
    const target = isConcern(token) ? root.dataset.writeUrl : answerUrl;
    const qr = target && root.dataset.msgQrShow ? qrToggle(root, token, index, label, row, target) : null;
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
    if (qr) item.append(qr);
    list.append(item);
  });
}

// A button that shows (and hides) the code as a QR code to scan with a phone, drawn when first asked.
function qrToggle(root, token, index, label, row, target) {
  const figure = document.createElement("figure");
  figure.className = "token-qr";
  figure.id = `speakup-qr-${index + 1}`;
  figure.hidden = true;
  const show = document.createElement("button");
  show.type = "button";
  show.className = "secondary";
  show.textContent = message(root, "qrShow");
  show.setAttribute("aria-expanded", "false");
  show.setAttribute("aria-controls", figure.id);
  show.setAttribute("aria-describedby", label.id);
  show.addEventListener("click", () => {
    if (!figure.firstChild) {
      const address = new URL(target, window.location.href);
      address.hash = `code=${token.code}`;
      const caption = document.createElement("figcaption");
      caption.className = "hint";
      caption.textContent = message(root, "qrCaption");
      figure.append(qrSvg(address.href, message(root, "qrAlt")), caption);
    }
    figure.hidden = !figure.hidden;
    show.setAttribute("aria-expanded", String(!figure.hidden));
    show.textContent = message(root, figure.hidden ? "qrShow" : "qrHide");
  });
  row.append(show);
  return figure;
}

// The QR code as SVG squares built in the page (no markup parsed, so the page's CSP holds), with the
// four-module quiet zone readers need. Level L: the most room for the 470 characters of the address,
// read off a screen, not a worn label.
function qrSvg(text, name) {
  const qr = qrcode(0, "L");
  qr.addData(text, "Byte");
  qr.make();
  const count = qr.getModuleCount();
  const quiet = 4;
  const size = count + quiet * 2;
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${size} ${size}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", name);
  svg.setAttribute("shape-rendering", "crispEdges");
  const paper = document.createElementNS(ns, "rect");
  paper.setAttribute("width", String(size));
  paper.setAttribute("height", String(size));
  paper.setAttribute("fill", "#fff");
  let path = "";
  for (let row = 0; row < count; row += 1) {
    for (let column = 0; column < count; column += 1) {
      if (qr.isDark(row, column)) path += `M${column + quiet} ${row + quiet}h1v1h-1z`;
    }
  }
  const ink = document.createElementNS(ns, "path");
  ink.setAttribute("d", path);
  ink.setAttribute("fill", "#000");
  svg.append(paper, ink);
  return svg;
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

// A request whose answer never came. The blinded messages, with what unblinds them, are kept in
// this browser (under the page's label) from just before the request until its answer is saved:
// when the page is left while it waits, the next visit sends the very same request again, and the
// server, which signed them already, signs them again without counting them (a survey's one code,
// taken and lost, was otherwise gone for good). Never sent anywhere but to this request.
const waitingOf = (root) => `upstream.waiting.${storeOf(root)}`;

function loadWaiting(root) {
  try {
    const kept = JSON.parse(localStorage.getItem(waitingOf(root)) || "null");
    return kept && kept.purpose === root.dataset.purpose && Array.isArray(kept.items) ? kept : null;
  } catch {
    return null;
  }
}

async function publicKeyOf(spki) {
  return crypto.subtle.importKey("spki", unb64u(spki), { name: "RSA-PSS", hash: "SHA-384" }, true, ["verify"]);
}

// Send a kept request and save the codes it brings. True when codes were saved.
async function send(root, waiting) {
  let response;
  try {
    response = await fetch(root.dataset.issueUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({
        purpose: waiting.purpose,
        key_id: waiting.keyId,
        blinded_messages: waiting.items.map((item) => item.blinded),
      }),
    });
  } catch (error) {
    // No answer: the request stays kept, and the next visit asks again for the same codes.
    say(root, root.dataset.msgLost || message(root, "failed"), "danger");
    console.error(error);
    return false;
  }
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    localStorage.removeItem(waitingOf(root)); // refused: nothing was signed, nothing to ask again
    say(root, answer.detail || message(root, "failed"), "danger");
    return false;
  }
  const publicKey = await publicKeyOf(waiting.publicKey);
  const made = [];
  for (let i = 0; i < waiting.items.length; i += 1) {
    const prepared = unb64u(waiting.items[i].prepared);
    const signature = await suite.finalize(
      publicKey,
      prepared,
      unb64u(answer.blind_signatures[i]),
      unb64u(waiting.items[i].inv),
    );
    const whole = new Uint8Array(prepared.length + signature.length);
    whole.set(prepared);
    whole.set(signature, prepared.length);
    const one = { code: b64u(whole), purpose: waiting.purpose, useBy: answer.use_by };
    // A survey's code page: the code keeps which survey it is for, here in the browser only.
    if (waiting.survey) one.survey = waiting.survey;
    if (waiting.closes) one.closes = waiting.closes;
    made.push(one);
  }
  const tokens = load(storeOf(root));
  const known = new Set(tokens.map((t) => t.code));
  const fresh = made.filter((t) => !known.has(t.code));
  tokens.push(...fresh);
  save(tokens, storeOf(root));
  if (root.dataset.store && waiting.device) save([...load(DEVICE), ...fresh], DEVICE);
  localStorage.removeItem(waitingOf(root));
  renderList(root, tokens);
  say(root, message(root, "done").replace("{n}", String(made.length)), "success");
  settleAllowance(root, answer.remaining);
  return true;
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
    const publicKey = await publicKeyOf(root.dataset.publicKey);
    const items = [];
    for (let i = 0; i < count; i += 1) {
      const prepared = suite.prepare(crypto.getRandomValues(new Uint8Array(32)));
      const { blindedMsg, inv } = await suite.blind(publicKey, prepared);
      items.push({ prepared: b64u(prepared), blinded: b64u(blindedMsg), inv: b64u(inv) });
    }
    const waiting = {
      purpose: root.dataset.purpose,
      keyId: root.dataset.keyId,
      publicKey: root.dataset.publicKey,
      survey: root.dataset.waveTitle || "",
      closes: root.dataset.waveCloses || "",
      device: Boolean(root.dataset.store && root.querySelector("[data-device]")?.checked),
      items,
    };
    localStorage.setItem(waitingOf(root), JSON.stringify(waiting));
    await send(root, waiting);
  } catch (error) {
    say(root, message(root, "failed"), "danger");
    console.error(error);
  } finally {
    button.disabled = false;
    keepFocus(root);
  }
}

// The button lost the focus while it was disabled, and the keyboard and the screen reader fell to
// the top of the page: the message that says what happened ("Done: new codes saved…", or what went
// wrong) takes it, just above the codes and their Copy buttons. Left alone when the focus is
// elsewhere already (the "You have had all your codes" sentence, or wherever the person went).
function keepFocus(root) {
  const active = document.activeElement;
  if (active && active !== document.body) return;
  const box = root.querySelector("[data-status]");
  if (!box || box.hidden) return;
  box.tabIndex = -1;
  box.focus();
}

// A request kept from a visit that did not wait for its answer: sent again as the page opens, if
// it was for this page's purpose and key (a key that changed since cannot sign it again).
async function resume(root) {
  const waiting = loadWaiting(root);
  if (!waiting || !window.crypto || !window.crypto.subtle) return;
  if (waiting.keyId !== root.dataset.keyId) {
    localStorage.removeItem(waitingOf(root));
    return;
  }
  say(root, message(root, "working"), "notice");
  try {
    await send(root, waiting);
  } catch (error) {
    say(root, message(root, "failed"), "danger");
    console.error(error);
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
  localStorage.removeItem(waitingOf(root));
  save(load(DEVICE).filter((t) => !mine.has(t.code)), DEVICE);
  const kind = sameKind(root);
  save(load(STORE).filter((t) => !kind(t)));
}

// A survey code saved before codes kept their survey, for this page's own wave (its purpose says
// so): it gets this wave's title and closing day, as if made here today. Others stay unrecorded.
function recordThisWave(root) {
  if (!root.dataset.store || !root.dataset.waveTitle) return;
  const store = storeOf(root);
  const tokens = load(store);
  let changed = false;
  for (const t of tokens) {
    if (isSurvey(t) && !t.survey && t.purpose === root.dataset.purpose) {
      Object.assign(t, { survey: root.dataset.waveTitle, closes: root.dataset.waveCloses });
      changed = true;
    }
  }
  if (changed) save(tokens, store);
}

function setUpIssuing(root) {
  recordThisWave(root);
  renderList(root, load(storeOf(root)));
  showLegacy(root);
  resume(root);
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
  takeCodeFromAddress(root);
  const form = root.querySelector("form");
  form?.addEventListener("submit", () => {
    const field = root.querySelector("[data-token-field]");
    if (field && field.value.trim()) sessionStorage.setItem(PENDING, field.value.replace(/\s+/g, ""));
  });
}

// Opened from a code page's QR code: the code after `#code=` fills the box, and leaves the address bar
// and this Back/Forward entry at once (the browser never sent it to the server; a history list may
// still have recorded the address as it was opened, on the person's own phone).
function takeCodeFromAddress(root) {
  const found = /^#code=([A-Za-z0-9_-]+)$/.exec(window.location.hash);
  if (!found) return;
  window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search);
  const field = root.querySelector("[data-token-field]");
  if (field && !field.value.trim()) field.value = found[1];
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
