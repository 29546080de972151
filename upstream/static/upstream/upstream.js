// Copy buttons: <button data-copy="#element-id" data-msg-copied="…" data-msg-selected="…">; the page
// gives the two messages in its language. Works without JS too (the code stays selectable).
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const source = document.querySelector(button.dataset.copy);
  if (!source) return;
  try {
    await navigator.clipboard.writeText(source.textContent.trim());
    button.textContent = button.dataset.msgCopied || "Copied";
  } catch {
    const range = document.createRange();
    range.selectNodeContents(source);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    button.textContent = button.dataset.msgSelected || "Selected: press Ctrl+C";
  }
});
