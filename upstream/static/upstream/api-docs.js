// Swagger UI draws the button that opens or closes each group of operations as an arrow icon with
// only a title, which screen readers do not all read: it was announced as "button", once per group.
// Each gets the name of its group ("Show or hide: concerns"), as Swagger UI draws them late.
// Each operation's button also holds a link to the operation (its deep link): a control inside a
// control, which a screen reader and the keyboard meet as one confusing stop (axe nested-interactive).
// The link loses its address, so it is text in the button; the button still opens the operation,
// and the address bar still follows it.
(() => {
  const words = document.body.dataset.expandLabel || "Show or hide";
  const tidy = () => {
    const root = document.getElementById("swagger-ui");
    root.querySelectorAll("button.expand-operation:not([aria-label])").forEach((button) => {
      const group = button.closest(".opblock-tag")?.dataset.tag;
      if (group) button.setAttribute("aria-label", `${words}: ${group}`);
    });
    root.querySelectorAll(".opblock-summary-control a[href]").forEach((link) => {
      link.removeAttribute("href");
    });
  };
  const root = document.getElementById("swagger-ui");
  new MutationObserver(tidy).observe(root, { childList: true, subtree: true });
  tidy();
})();
