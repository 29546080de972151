// Copy buttons: <button data-copy="#element-id"> (an element's text, or a box's value). The two
// messages come in the page's language from the nearest element that carries them: the button
// itself, or <body> (base.html), which serves the buttons a script makes (the speak-up and survey
// codes). Works without JS too (the code stays selectable).
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const source = document.querySelector(button.dataset.copy);
  if (!source) return;
  const messages = (button.closest("[data-msg-copied]") || button).dataset;
  // A box (the new API token) holds its text as a value, not as content.
  const isBox = source instanceof HTMLInputElement || source instanceof HTMLTextAreaElement;
  try {
    await navigator.clipboard.writeText((isBox ? source.value : source.textContent).trim());
    button.textContent = messages.msgCopied || "Copied";
  } catch {
    if (isBox) {
      source.select();
    } else {
      const range = document.createRange();
      range.selectNodeContents(source);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }
    button.textContent = messages.msgSelected || "Selected: press Ctrl+C";
  }
  // A button's new text is not announced: the page's status line says it (base.html).
  const said = document.getElementById("copy-said");
  if (said) said.textContent = button.textContent;
});

// After a refused form, put the keyboard and the screen reader at the first field to fix: the page
// came back (often by a redirect) with the caret at the top, far from the error. A field in error
// says so with aria-invalid and points at its message; a refusal about no one field is a
// role="alert" region, which gets focus instead. Opens a closed <details> around the field first.
// That region often sits above the form, outside it (the surveys' "Answer at least one question."),
// so one outside counts too, when <main> holds a form it can be about: a crisis box (a <section>
// under its own heading) is help rather than a refusal, and a page without a form refused nothing.
// Without JS the errors are still at their fields and announced as before.
// On load, not DOMContentLoaded: the browser's own jump to the #fragment comes after the latter.
// After a change that worked ("Message sent", "Status updated"), the page came back by a redirect with
// the caret at the top: the confirmation gets focus, so a screen reader reads it and the next Tab
// goes on inside the page's content instead of through the whole menu again.
window.addEventListener("load", () => {
  if (document.querySelector("[autofocus]")) return;
  const field = document.querySelector("form [aria-invalid='true']");
  const target = field || document.querySelector("form [role='alert']") || refusal() || confirmation();
  if (!target) return;
  const details = target.closest("details");
  if (details) details.open = true;
  if (!field) target.setAttribute("tabindex", "-1");
  target.focus({ preventScroll: true });
  target.scrollIntoView({ block: "center" });
});

function refusal() {
  if (!document.querySelector("main form")) return null;
  return document.querySelector("main [role='alert']:not(section, .flash)");
}

// The flash messages after a redirect, or a page's own confirmation (data-confirmation) where it
// answers a POST itself: the receipt pages keep nothing of the writer in a session to flash from.
function confirmation() {
  const own = document.querySelector("main [data-confirmation]");
  if (own) return own;
  const said = document.querySelector(".flash[role='alert'] p, .flash[role='status'] p");
  return said ? said.parentElement : null;
}

// A page that answers a POST and must never be cached (the receipt pages, the writing page with a
// code: no-store, so that no receipt code sits in a cache) left a history entry the browser could
// only reopen by posting again: Back to it showed Chrome's "Confirm Form Resubmission"
// (ERR_CACHE_MISS), and Reload asked to send the form again. Such a page names, in
// data-after-post, the address that shows its form by GET; the entry is turned into that address,
// so Back and Reload open the form afresh and post nothing. The address never carries the code.
// The entry keeps a mark, so the form reopened that way can say why it is empty
// (data-after-post-note). Without JS the browser behaves as before.
// The note is for Back and Reload only: a link to the same address (the header's "Follow up" after a
// wrong code) kept the mark and said "this page does not keep your thread" where none was open. The
// footer's language form, sent from such a page, leaves a mark of its own for the page it leads to:
// the thread was gone in the new language without a word (a new-user walk).
{
  const AFTER_POST = "upstreamAfterPost";
  const how = performance.getEntriesByType("navigation")[0];
  const returned = how && (how.type === "back_forward" || how.type === "reload");
  const relanguaged = sessionStorage.getItem(AFTER_POST) === location.pathname;
  sessionStorage.removeItem(AFTER_POST);
  if ((history.state && history.state[AFTER_POST] && returned) || relanguaged) {
    document.querySelectorAll("[data-after-post-note]").forEach((note) => {
      note.hidden = false;
    });
  }
  if (history.state && history.state[AFTER_POST]) {
    history.replaceState(null, "", location.href); // said once: this entry is the plain form now
  }
  const answer = document.querySelector("[data-after-post]");
  if (answer && answer.dataset.afterPost.startsWith("/")) {
    document.querySelectorAll("form.lang").forEach((form) => {
      form.addEventListener("submit", () => {
        sessionStorage.setItem(AFTER_POST, answer.dataset.afterPost);
      });
    });
    history.replaceState({ [AFTER_POST]: true }, "", answer.dataset.afterPost);
    // Reload or Back now opens the form empty: a concern refused for its code, with every word
    // still in the box, was lost to a Reload (re-walk). The guard below asks first.
  }
}

// Words typed and not sent are not lost without a question: while a box holds them, the browser
// asks before leaving the page. The footer's "Change language" is a form too, and it threw away a
// half-written concern, story or reply without a word (walk probe, stop 38): sending the form that
// holds the words is not leaving them, sending another one is. A box counts once edited; on a page
// that answers a form (data-answers-post: a refusal, a question before sending) the words it gave
// back count as they are: they are not saved anywhere. A code box, or a box shown to copy from, is
// not words.
{
  const afterPost = Boolean(document.querySelector("[data-after-post], [data-answers-post]"));
  let sentWith = null;
  document.addEventListener("submit", (event) => {
    sentWith = event.target;
  });
  window.addEventListener("pageshow", () => {
    sentWith = null;
  });
  window.addEventListener("beforeunload", (event) => {
    const boxes = document.querySelectorAll(
      "form[method=post] textarea:not([data-token-field]):not([readonly])",
    );
    const unsent = [...boxes].some(
      (box) =>
        box.value.trim() &&
        (afterPost || box.value !== box.defaultValue) &&
        !(sentWith instanceof HTMLFormElement && sentWith.contains(box)),
    );
    if (unsent) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
}

// A receipt code is shown once. Changing the language on its page (a form, so the page is left)
// or following a link threw it away without a word, and a Spanish speaker switching language to
// read the receipt is the likeliest to do it (new-user walk). Until the code is copied, the footer's
// forms ask in the page's own words first, and leaving by a link gets the browser's question.
{
  const once = document.querySelector("[data-once-code]");
  if (once) {
    let kept = false;
    once.querySelectorAll("[data-copy]").forEach((button) => {
      button.addEventListener("click", () => {
        kept = true;
      });
    });
    document.addEventListener(
      "submit",
      (event) => {
        if (kept) return;
        if (window.confirm(once.dataset.onceCode)) {
          kept = true; // asked and answered: the browser's own question would be a second one
        } else {
          event.preventDefault();
        }
      },
      true,
    );
    window.addEventListener("beforeunload", (event) => {
      if (!kept) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }
}

// A second tap on a form's button while the first is on its way is dropped: the browser shows only
// the last answer, so a double tap on "Submit anonymously" hid the receipt code (the server files it
// once and answers "already sent"), and on other forms sent a message, a draft or a token twice.
// Released after a few seconds (a download answers without leaving the page) and when the page is
// shown again from the back/forward cache. Forms that htmx sends are left to htmx.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "post") return;
  if (event.defaultPrevented) return;
  if (form.dataset.sending) {
    event.preventDefault();
    return;
  }
  form.dataset.sending = "yes";
  window.setTimeout(() => delete form.dataset.sending, 8000);
});
window.addEventListener("pageshow", () => {
  document.querySelectorAll("form[data-sending]").forEach((form) => delete form.dataset.sending);
});

// A form sent, then opened again with Back and sent with the same contents, carries the key it was
// first sent with. The page after a send is a new address (or a refusal), so Back loads the form
// afresh with a new one-time key while the browser puts the typed words back: sent again, it
// scheduled a second survey wave, inviting everyone twice (a new-user walk). Now the server sees the
// first key and answers "This was already sent". Only after Back or Forward, and only when the
// contents are the same as that first time: changed after Back, it is a new wave, with the new key.
// The keys live in this tab's session storage with a checksum of the contents (never the words),
// the newest few. Never for an anonymous write (data-anonymous-write: a concern, a reply with a
// receipt, a story): a concern's key sent again with the same words gets its first answer, the
// receipt, and on a shared computer the next person's Back would reach the last one's form.
{
  const SENT_KEYS = "upstreamSentFormKeys";
  const KEPT = 20;
  const how = performance.getEntriesByType("navigation")[0];
  const cameBack = Boolean(how && how.type === "back_forward");
  // A form is known by its address, action and field names, not its place: a wave scheduled adds
  // forms above the new-wave form (the table's Close and Cancel), so its place moves.
  const slot = (form) => {
    const names = [...new Set([...form.elements].map((field) => field.name).filter(Boolean))].sort();
    return [location.pathname, form.getAttribute("action") || "", form.id, names.join(",")].join("|");
  };
  // FNV-1a over what the form sends but its keys: enough to tell "the same again" from "changed".
  const checksum = (form) => {
    let text = "";
    for (const [name, value] of new FormData(form)) {
      if (name !== "form_key" && name !== "csrfmiddlewaretoken") text += `${name}=${value}\n`;
    }
    let hash = 0x811c9dc5;
    for (let i = 0; i < text.length; i += 1) {
      hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
    }
    return hash.toString(16);
  };
  const read = () => {
    try {
      return JSON.parse(sessionStorage.getItem(SENT_KEYS) || "[]");
    } catch {
      return [];
    }
  };
  // Registered after the double-tap guard above: a second tap it stops is not a send.
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || event.defaultPrevented) return;
    if (form.hasAttribute("data-anonymous-write")) return;
    const key = form.querySelector('input[type="hidden"][name="form_key"]');
    if (!key || !key.value) return;
    const where = slot(form);
    const contents = checksum(form);
    const kept = read();
    const before = kept.find(([place]) => place === where);
    if (cameBack && before && before[2] === contents) key.value = before[1];
    const others = kept.filter(([place]) => place !== where);
    others.push([where, key.value, contents]);
    sessionStorage.setItem(SENT_KEYS, JSON.stringify(others.slice(-KEPT)));
  });
}

// A table wider than its box scrolls inside it (.scroll-x). A keyboard user scrolls it with the arrow
// keys once the box has the focus, so a box that overflows is a Tab stop, a region named after its
// table (WCAG 2.1.1; Safari does not make such a box focusable by itself, Chromium does). A box that
// fits is no stop: five tables that fit on a desktop dashboard were five empty stops. Boxes that the
// page marks itself (tabindex in the HTML) are left as they are. Read again when the window changes.
function scrollBoxes() {
  document.querySelectorAll(".scroll-x").forEach((box) => {
    if (box.hasAttribute("tabindex") && !box.dataset.scrollStop) return;
    if (box.scrollWidth > box.clientWidth + 1) {
      box.dataset.scrollStop = "yes";
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) nameBox(box);
    } else if (box.dataset.scrollStop) {
      delete box.dataset.scrollStop;
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
    }
  });
}

// A series over time (data-start="end") opens on its latest columns: at phone width the quarter
// table opened on 2025's columns and the quarter a leader came for sat off the screen to the right.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll('.scroll-x[data-start="end"]').forEach((box) => {
    box.scrollLeft = box.scrollWidth;
  });
});

// The name of a scrolling box: its table's caption, else the heading of its section, else the
// nearest heading before it.
function nameBox(box) {
  const labelled = box.closest("[aria-labelledby]");
  let heading =
    box.querySelector("caption") ||
    (labelled && document.getElementById(labelled.getAttribute("aria-labelledby")));
  for (let node = box.previousElementSibling; !heading && node; node = node.previousElementSibling) {
    if (/^H[1-6]$/.test(node.tagName)) heading = node;
  }
  heading = heading || document.querySelector("main h1");
  if (!heading) return;
  if (!heading.id) heading.id = "scroll-name-" + Math.random().toString(36).slice(2, 10);
  box.setAttribute("aria-labelledby", heading.id);
}

window.addEventListener("load", scrollBoxes);
let scrollBoxesTimer = 0;
window.addEventListener("resize", () => {
  window.clearTimeout(scrollBoxesTimer);
  scrollBoxesTimer = window.setTimeout(scrollBoxes, 150);
});

// On a phone the header's links (a dozen for a leader) took four or five lines above every page.
// There they fold under a Menu button, all but "Speak up"; a short list (signed out) stays open,
// and without this script every link shows, as before.
const narrowScreen = window.matchMedia("(max-width: 40rem)");
function foldMenu() {
  const nav = document.querySelector(".top nav");
  const button = nav && nav.querySelector(".menu-toggle");
  if (!button) return;
  const fold = narrowScreen.matches && nav.querySelectorAll("#main-menu > li").length > 4;
  button.hidden = !fold;
  button.setAttribute("aria-expanded", fold ? "false" : "true");
  nav.classList.toggle("folded", fold);
}
function toggleMenu(open) {
  const nav = document.querySelector(".top nav");
  nav.querySelector(".menu-toggle").setAttribute("aria-expanded", open ? "true" : "false");
  nav.classList.toggle("folded", !open);
}
document.querySelector(".top .menu-toggle")?.addEventListener("click", (event) => {
  toggleMenu(event.currentTarget.getAttribute("aria-expanded") !== "true");
});
// Escape closes the open menu wherever the keyboard is (it closed it only from inside the menu; a
// walk pressed it after reading the list and nothing happened), and gives the focus back to Menu.
document.addEventListener("keydown", (event) => {
  const button = document.querySelector(".top .menu-toggle");
  if (event.key !== "Escape" || !button || button.hidden) return;
  if (button.getAttribute("aria-expanded") !== "true") return;
  toggleMenu(false);
  button.focus();
});
narrowScreen.addEventListener("change", foldMenu);
foldMenu();
