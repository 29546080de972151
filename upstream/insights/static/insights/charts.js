// Draw each <div class="chart" data-spec="ID"> from the Vega-Lite spec in <script id="ID" type="application/json">.
// ast: true makes vega-embed interpret expressions instead of compiling them, so the page's
// Content-Security-Policy needs no 'unsafe-eval'. The table beside each chart holds the same figures.
document.addEventListener("DOMContentLoaded", () => {
  if (typeof vegaEmbed !== "function") return;
  for (const element of document.querySelectorAll(".chart[data-spec]")) {
    const source = document.getElementById(element.dataset.spec);
    if (!source) continue;
    const spec = JSON.parse(source.textContent);
    if (!spec.data || !spec.data.values || spec.data.values.length === 0) {
      element.hidden = true;
      continue;
    }
    // Vega names the drawing it adds "Vega visualization" (in English) unless the spec describes
    // itself: give it the container's translated words.
    spec.description = element.getAttribute("aria-label") || spec.description;
    vegaEmbed(element, spec, { renderer: "canvas", actions: false, ast: true, defaultStyle: false, tooltip: false })
      .then(() => element.classList.add("drawn"))
      .catch(() => { element.hidden = true; });
  }
});
