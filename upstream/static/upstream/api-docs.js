// Swagger UI draws the button that opens or closes each group of operations as an arrow icon with
// only a title, which screen readers do not all read: it was announced as "button", once per group.
// Each gets the name of its group ("Show or hide: concerns"), as Swagger UI draws them late.
(() => {
  const words = document.body.dataset.expandLabel || "Show or hide";
  const name = () => {
    document.querySelectorAll(".swagger-ui button.expand-operation:not([aria-label])").forEach((button) => {
      const group = button.closest(".opblock-tag")?.dataset.tag;
      if (group) button.setAttribute("aria-label", `${words}: ${group}`);
    });
  };
  new MutationObserver(name).observe(document.getElementById("swagger-ui"), { childList: true, subtree: true });
  name();
})();
