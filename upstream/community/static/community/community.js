// Counts taps on call, text and web links (per resource, per day; nothing about who tapped).
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-count]");
  if (!link) return;
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  const body = new FormData();
  if (token) body.append("csrfmiddlewaretoken", token.value);
  navigator.sendBeacon(link.dataset.count, body);
});
