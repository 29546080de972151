// Co-sign tokens in the browser: RFC 9474 blind RSA (RSABSSA-SHA384-PSS-Randomized) with
// Cloudflare's @cloudflare/blindrsa-ts, bundled into static/community/cosign.js (docs/community.md).
//
// On the shared-concerns page, when the person presses "Get my co-signs for this browser" (never
// as the page opens: a glance on a ward computer took every token there, and her own phone could
// then co-sign nothing): for every shared concern the server still offers this person a token
// for, blind a random message and ask for all signatures in ONE request (the server refuses
// fewer), so obtaining tokens says nothing about which concern someone will co-sign. Not at the
// co-sign button either: one token issued to a signed-in person and spent a moment later would
// tie the two by their timing. Co-signing sends the token without cookies.
//
// Tokens are saved per account, under the label the page gives (a keyed hash, never the account):
// on a computer several colleagues sign in to, one person's tokens are neither spent by the next
// nor counted as theirs, which made the next person's request leave concerns out (refused).
import { RSABSSA } from "@cloudflare/blindrsa-ts";

const LEGACY_STORE = "upstream.cosign.v1"; // before tokens were kept per account
// Kept in a spent token's place, so the page can say "you co-signed this here" instead of the
// sentence that could also mean "your token is in another browser" (a new user read it as both).
const COSIGNED = "co-signed";
const suite = RSABSSA.SHA384.PSS.Randomized();

const b64u = (bytes) =>
  btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const unb64u = (text) =>
  Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4)), (c) =>
    c.charCodeAt(0),
  );

function load(store) {
  try {
    const saved = JSON.parse(localStorage.getItem(store) || "{}");
    return saved && typeof saved === "object" ? saved : {};
  } catch {
    return {};
  }
}
const save = (store, tokens) => localStorage.setItem(store, JSON.stringify(tokens));
const storeOf = (root) => root.dataset.store || LEGACY_STORE;

// Tokens saved before they were kept per account: one for a concern this person may co-sign and
// has already been given a token for is taken as theirs (the usual case, one person per browser).
// One for a concern still on offer to them cannot be theirs: it stays for its owner.
function adoptLegacy(root, offers, tokens) {
  const store = storeOf(root);
  if (store === LEGACY_STORE) return;
  const legacy = load(LEGACY_STORE);
  if (!Object.keys(legacy).length) return;
  const offered = new Set(offers.map((o) => o.purpose));
  root.querySelectorAll("[data-cosign]").forEach((button) => {
    const purpose = button.dataset.purpose;
    if (legacy[purpose] && !offered.has(purpose) && !tokens[purpose]) {
      tokens[purpose] = legacy[purpose];
      delete legacy[purpose];
    }
  });
  save(store, tokens);
  if (Object.keys(legacy).length) save(LEGACY_STORE, legacy);
  else localStorage.removeItem(LEGACY_STORE);
}

function csrfToken() {
  try {
    return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
  } catch {
    return "";
  }
}

// The status line, in a region with role="status" (read out when it changes). With `focus`, the
// focus moves to it too: the button that had the focus is gone (hidden once used).
function tell(text, kind, focus) {
  const box = document.querySelector("[data-cosign-status]");
  if (!box) return;
  box.hidden = false;
  box.className = kind;
  box.textContent = text;
  if (focus) {
    box.tabIndex = -1;
    box.focus();
  }
}

function say(root, name, kind, focus = false) {
  tell(root.dataset["msg" + name[0].toUpperCase() + name.slice(1)] || name, kind, focus);
}

// A request whose answer never came (the page was left while it ran) is kept in this browser with
// its blinded messages, under the page's label, from just before it is sent until its tokens are
// saved. The next visit sends those same messages again: the server signs a message it signed for
// this person before without counting it, so the token lost is the token got back. Without this, a
// concern the server had signed for was never offered again, and the person could not co-sign it.
const waitingOf = (root) => `upstream.waiting.${storeOf(root)}`;

async function publicKeyOf(spki) {
  return crypto.subtle.importKey("spki", unb64u(spki), { name: "RSA-PSS", hash: "SHA-384" }, true, ["verify"]);
}

async function obtain(root, offers, tokens) {
  // Every offer, even one with a saved token: the server offers only what it has not yet signed
  // for this person, and refuses a request that leaves one out. With them, what a kept request
  // had asked for and was not offered again (signed, the answer lost), if still on this page.
  const kept = load(waitingOf(root));
  const onPage = new Set(Array.from(root.querySelectorAll("[data-cosign]"), (b) => b.dataset.purpose));
  const offered = new Set(offers.map((o) => o.purpose));
  const waiting = {};
  for (const [purpose, item] of Object.entries(kept)) {
    if (!offered.has(purpose) && onPage.has(purpose) && !tokens[purpose] && item && item.blinded) {
      waiting[purpose] = item;
    }
  }
  if (!offers.length && !Object.keys(waiting).length) {
    localStorage.removeItem(waitingOf(root));
    return;
  }
  say(root, "working", "notice");
  for (const offer of offers) {
    const before = kept[offer.purpose];
    if (before && before.blinded && before.key_id === offer.key_id) {
      waiting[offer.purpose] = before; // never reached the server, or did: the same message either way
      continue;
    }
    const prepared = suite.prepare(crypto.getRandomValues(new Uint8Array(32)));
    const { blindedMsg, inv } = await suite.blind(await publicKeyOf(offer.public_key), prepared);
    waiting[offer.purpose] = {
      key_id: offer.key_id,
      public_key: offer.public_key,
      prepared: b64u(prepared),
      blinded: b64u(blindedMsg),
      inv: b64u(inv),
    };
  }
  save(waitingOf(root), waiting);
  const response = await fetch(root.dataset.issueUrl, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
    body: JSON.stringify({
      tokens: Object.entries(waiting).map(([purpose, w]) => ({ purpose, key_id: w.key_id, blinded_message: w.blinded })),
    }),
  });
  if (!response.ok) {
    // Refused: nothing was signed. What was only asked again is dropped, so the offers alone are
    // asked for next time; a fresh request will blind new messages for those.
    localStorage.removeItem(waitingOf(root));
    throw new Error("issue failed");
  }
  const answer = await response.json();
  for (const [purpose, w] of Object.entries(waiting)) {
    const prepared = unb64u(w.prepared);
    const signature = await suite.finalize(
      await publicKeyOf(w.public_key),
      prepared,
      unb64u(answer.blind_signatures[purpose]),
      unb64u(w.inv),
    );
    const whole = new Uint8Array(prepared.length + signature.length);
    whole.set(prepared);
    whole.set(signature, prepared.length);
    tokens[purpose] = b64u(whole);
  }
  save(storeOf(root), tokens);
  localStorage.removeItem(waitingOf(root));
  say(root, "ready", "success");
}

// Without the cookie, the server would answer a refusal in the browser's language, not the one
// chosen in Upstream. The page's own language (one of Upstream's, the same for everyone reading
// the page in it) goes in place of the browser's list, which said at least as much.
function cosignHeaders(root) {
  const headers = { "Content-Type": "application/json" };
  if (root.dataset.lang) headers["Accept-Language"] = root.dataset.lang;
  return headers;
}

async function cosign(root, button, tokens) {
  const code = tokens[button.dataset.purpose];
  if (!code || code === COSIGNED) return;
  button.disabled = true;
  const note = button.parentElement.querySelector("[data-cosign-note]");
  let response;
  try {
    response = await fetch(root.dataset.cosignUrl, {
      method: "POST",
      credentials: "omit", // no session cookie: the token alone is the right to co-sign
      headers: cosignHeaders(root),
      body: JSON.stringify({ shared: button.dataset.cosign, code, branch: button.dataset.branch }),
    });
  } catch (error) {
    // No answer: the co-sign may or may not have arrived. The token stays, so a second press is
    // counted once (refused as already co-signed if the first arrived).
    button.disabled = false;
    say(root, "failed", "danger");
    console.error(error);
    return;
  }
  // Not yet (423): too few colleagues hold this concern's token for a co-sign to stay anonymous.
  // Nothing was used: the token stays and the button with it, for a later visit.
  const notYet = response.status === 423;
  // Accepted, or refused as already co-signed (the same token sent from another tab): either way
  // this person's co-sign for it is in. Any other refusal leaves no token and no mark.
  if (response.status === 202 || response.status === 409) tokens[button.dataset.purpose] = COSIGNED;
  else if (!notYet) delete tokens[button.dataset.purpose];
  save(storeOf(root), tokens);
  button.dataset.answered = "1"; // its note now says what the server answered
  // Used either way: a disabled "co-sign" button beside "you have already co-signed" read as a lie.
  button.hidden = !notYet;
  button.disabled = false;
  let words = root.dataset.msgDone;
  if (response.status !== 202) {
    const answer = await response.json().catch(() => ({}));
    words = answer.detail || root.dataset.msgFailed;
  }
  answerBeside(button, note, words, response.status === 202 ? "success" : "danger");
}

// The server's answer, said once: in the card's live region beside the button pressed (it showed
// twice, there and in the status line at the top). The focus moves to it, as the button is gone.
function answerBeside(button, note, words, kind) {
  const live = button.parentElement.querySelector("[data-cosign-answer]");
  if (!live) {
    tell(words, kind, true);
    return;
  }
  if (note) note.textContent = "";
  const top = document.querySelector("[data-cosign-status]");
  if (top) top.hidden = true; // "tokens are ready" is past news now
  live.className = kind;
  live.textContent = words;
  live.tabIndex = -1;
  live.focus();
}

const buttonsOf = (root) => Array.from(root.querySelectorAll("[data-cosign]"));

// The concerns this browser can still get a token for: those the server offers, and those a kept
// request asked for whose answer was lost (the server signs those again, counting nothing).
function gettable(root, offers, tokens) {
  const kept = load(waitingOf(root));
  const offered = new Set(offers.map((o) => o.purpose));
  return new Set(
    buttonsOf(root)
      .map((b) => b.dataset.purpose)
      .filter((p) => !tokens[p] && (offered.has(p) || (kept[p] && kept[p].blinded))),
  );
}

// A request this browser kept (the person pressed "Get my co-signs" here and its answer was lost)
// is sent again as the page opens only if it already asks for everything now on offer: then it
// gets nothing the person did not ask for here. Anything more waits for the button.
function resumable(root, offers) {
  const kept = load(waitingOf(root));
  if (!Object.keys(kept).length) return false;
  return offers.every((o) => kept[o.purpose] && kept[o.purpose].blinded && kept[o.purpose].key_id === o.key_id);
}

// Under each concern: the co-sign button when this browser holds its token; otherwise no button
// and words that say what is known. A concern the server no longer offers a token for, and this
// browser holds none or lost the answer for, had its token given to another browser.
function render(root, offers, tokens) {
  const open = gettable(root, offers, tokens);
  let needed = false;
  for (const button of buttonsOf(root)) {
    const purpose = button.dataset.purpose;
    const token = tokens[purpose];
    const ready = Boolean(token) && token !== COSIGNED;
    if (!ready && open.has(purpose)) needed = true;
    if (button.dataset.answered) continue;
    button.hidden = !ready;
    button.disabled = !ready;
    if (ready && !button.dataset.bound) {
      button.dataset.bound = "1";
      button.addEventListener("click", () => cosign(root, button, tokens));
    }
    const note = button.parentElement.querySelector("[data-cosign-note]");
    if (!note) continue;
    if (token === COSIGNED) note.textContent = root.dataset.msgCosigned;
    else if (ready) note.textContent = "";
    else if (open.has(purpose)) note.textContent = root.dataset.msgFirst;
    else note.textContent = root.dataset.msgElsewhere;
  }
  const step = document.querySelector("[data-cosign-get]");
  if (step) step.hidden = !needed;
  return needed;
}

async function start() {
  const root = document.querySelector("[data-cosign-root]");
  const data = document.getElementById("cosign-offers");
  if (!root || !data || !window.crypto || !window.crypto.subtle) return;
  let offers = JSON.parse(data.textContent);
  const tokens = load(storeOf(root));
  adoptLegacy(root, offers, tokens);
  // Opening the page asks for nothing new (see the top of this file).
  if (resumable(root, offers)) {
    try {
      await obtain(root, offers, tokens);
      offers = [];
    } catch (error) {
      say(root, "failed", "danger");
      console.error(error);
    }
  }
  render(root, offers, tokens);
  const get = document.querySelector("[data-cosign-obtain]");
  if (get) {
    get.addEventListener("click", async () => {
      if (get.disabled) return;
      get.disabled = true;
      try {
        await obtain(root, offers, tokens);
        offers = []; // all signed: the server offers them no more
      } catch (error) {
        say(root, "failed", "danger");
        console.error(error);
      }
      get.disabled = false;
      if (!render(root, offers, tokens)) say(root, "ready", "success", true);
    });
  }
  root.dataset.cosignReady = "1";
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
